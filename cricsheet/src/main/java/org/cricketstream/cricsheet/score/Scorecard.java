package org.cricketstream.cricsheet.score;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.cricketstream.cricsheet.model.Delivery;
import org.cricketstream.cricsheet.model.Extras;
import org.cricketstream.cricsheet.model.Fielder;
import org.cricketstream.cricsheet.model.Innings;
import org.cricketstream.cricsheet.model.Match;
import org.cricketstream.cricsheet.model.Wicket;

/** A match's scorecard, derived from its deliveries by the rules of cricket. */
public record Scorecard(
    String match,
    String format,
    List<String> teams,
    String outcome,
    int ballsPerOver,
    List<InningsCard> innings) {

  /** Derives the scorecard of a whole match. */
  public static Scorecard of(Match match) {
    List<InningsCard> cards = new ArrayList<>();
    for (Innings innings : match.innings()) {
      cards.add(innings(innings, match.info().ballsPerOver()));
    }
    return new Scorecard(
        match.id(),
        match.info().format().name(),
        match.info().teams(),
        match.info().outcome().describe(),
        match.info().ballsPerOver(),
        cards);
  }

  /** Derives one innings' card. */
  public static InningsCard innings(Innings innings, int ballsPerOver) {
    Map<String, Batting> batting = new LinkedHashMap<>();
    Map<String, Bowling> bowling = new LinkedHashMap<>();
    List<FallOfWicket> fallOfWickets = new ArrayList<>();
    List<Partnership> partnerships = new ArrayList<>();
    Extras extras = Extras.NONE;
    int score = innings.penaltyRunsPre();
    int wickets = 0;
    int legalBalls = 0;
    int standRuns = 0;
    int standBalls = 0;
    Delivery last = null;
    for (Delivery d : innings.deliveries()) {
      last = d;
      batting.computeIfAbsent(d.batter(), Batting::new).atTheCrease();
      batting.computeIfAbsent(d.nonStriker(), Batting::new).atTheCrease();
      Batting striker = batting.get(d.batter());
      striker.runs += d.batterRuns();
      if (d.extras().wides() == 0) {
        striker.balls++;
      }
      if (!d.nonBoundary()) {
        if (d.batterRuns() == 4) {
          striker.fours++;
        } else if (d.batterRuns() == 6) {
          striker.sixes++;
        }
      }
      Bowling bowler = bowling.computeIfAbsent(d.bowler(), Bowling::new);
      bowler.runs += d.bowlerRuns();
      if (d.legal()) {
        bowler.legalBalls++;
        legalBalls++;
        standBalls++;
      }
      extras = extras.plus(d.extras());
      score += d.totalRuns();
      standRuns += d.totalRuns();
      for (Wicket w : d.wickets()) {
        Batting out = batting.computeIfAbsent(w.playerOut(), Batting::new);
        out.dismissal = w.kind();
        out.bowler = w.creditedToBowler() ? d.bowler() : null;
        out.fielders = w.fielders().stream().map(Fielder::name).toList();
        if (w.creditedToBowler()) {
          bowler.wickets++;
        }
        if (w.countsAsWicket()) {
          wickets++;
          fallOfWickets.add(new FallOfWicket(wickets, score, w.playerOut(), d.label()));
          String partner = w.playerOut().equals(d.batter()) ? d.nonStriker() : d.batter();
          partnerships.add(
              new Partnership(wickets, w.playerOut(), partner, standRuns, standBalls, false));
          standRuns = 0;
          standBalls = 0;
        }
      }
    }
    if (last != null && (standRuns > 0 || standBalls > 0 || partnerships.isEmpty())) {
      partnerships.add(
          new Partnership(
              wickets + 1, last.batter(), last.nonStriker(), standRuns, standBalls, true));
    }
    countMaidens(innings, ballsPerOver, bowling);
    return new InningsCard(
        innings.number(),
        innings.team(),
        innings.superOver(),
        score + innings.penaltyRunsPost(),
        wickets,
        legalBalls,
        innings.inningsPenaltyRuns(),
        extras,
        batting.values().stream().map(Batting::entry).toList(),
        bowling.values().stream().map(Bowling::entry).toList(),
        fallOfWickets,
        partnerships);
  }

  /**
   * A maiden is a completed over, bowled entirely by one bowler, off which the bowler conceded no
   * runs (byes and leg-byes do not spoil it). An over is complete when it has its full number of
   * legal balls, or the number the umpires allowed where Cricsheet records a miscounted over.
   */
  private static void countMaidens(
      Innings innings, int ballsPerOver, Map<String, Bowling> bowling) {
    Map<Integer, List<Delivery>> overs = new LinkedHashMap<>();
    for (Delivery d : innings.deliveries()) {
      overs.computeIfAbsent(d.over(), o -> new ArrayList<>()).add(d);
    }
    for (Map.Entry<Integer, List<Delivery>> over : overs.entrySet()) {
      List<Delivery> balls = over.getValue();
      String bowler = balls.get(0).bowler();
      boolean oneBowler = balls.stream().allMatch(d -> Objects.equals(d.bowler(), bowler));
      long legal = balls.stream().filter(Delivery::legal).count();
      int required = innings.miscountedOvers().getOrDefault(over.getKey(), ballsPerOver);
      int conceded = balls.stream().mapToInt(Delivery::bowlerRuns).sum();
      if (oneBowler && legal >= required && conceded == 0) {
        bowling.get(bowler).maidens++;
      }
    }
  }

  private static final java.util.Set<String> RETIRED_NOT_OUT =
      java.util.Set.of("retired hurt", "retired not out");

  private static final class Batting {
    final String name;
    int runs;
    int balls;
    int fours;
    int sixes;
    String dismissal = BattingEntry.NOT_OUT;
    String bowler;
    List<String> fielders = List.of();

    Batting(String name) {
      this.name = name;
    }

    /** A batter who retired hurt (or not out) and is back at the crease is not out again. */
    void atTheCrease() {
      if (RETIRED_NOT_OUT.contains(dismissal)) {
        dismissal = BattingEntry.NOT_OUT;
        bowler = null;
        fielders = List.of();
      }
    }

    BattingEntry entry() {
      return new BattingEntry(name, runs, balls, fours, sixes, dismissal, bowler, fielders);
    }
  }

  private static final class Bowling {
    final String name;
    int legalBalls;
    int maidens;
    int runs;
    int wickets;

    Bowling(String name) {
      this.name = name;
    }

    BowlingEntry entry() {
      return new BowlingEntry(name, legalBalls, maidens, runs, wickets);
    }
  }
}
