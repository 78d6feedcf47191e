package org.cricketstream.cricsheet.score;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cricketstream.cricsheet.model.Match;
import org.cricketstream.cricsheet.model.MatchFormat;
import org.cricketstream.cricsheet.model.Outcome;
import org.cricketstream.cricsheet.model.Result;

/**
 * Recomputes a match's result from its deliveries and compares it with the outcome Cricsheet
 * records. Only matches won on the field by runs, wickets or an innings are checked: a D/L or
 * awarded result, a tie, a draw or no result cannot be recomputed from the balls alone.
 */
public final class OutcomeCheck {
  private static final int WICKETS_IN_HAND = 10;

  private OutcomeCheck() {}

  /** The comparison for one match; {@code recorded} and {@code computed} are readable texts. */
  public record Verdict(String match, String recorded, String computed) {
    public boolean agrees() {
      return recorded.equals(computed);
    }
  }

  /** Whether the match's recorded outcome can be recomputed from its deliveries. */
  public static boolean checkable(Match match) {
    return match.info().outcome().decidedOnTheField();
  }

  /**
   * Why the rules cannot decide a match's recorded outcome from its deliveries ("method D/L",
   * "draw", ...), or null when they can: such a match is skipped, never forced to agree.
   */
  public static String whyNotCheckable(Match match) {
    Outcome outcome = match.info().outcome();
    if (checkable(match)) {
      return null;
    }
    if (outcome.method() != null) {
      return "method " + outcome.method();
    }
    return switch (outcome.result()) {
      case WIN -> "a win with no margin recorded";
      case TIE -> "tie";
      case DRAW -> "draw";
      case NO_RESULT -> "no result";
    };
  }

  /** Compares the recorded outcome with the one computed from the deliveries. */
  public static Verdict check(Match match, Scorecard card) {
    Outcome recorded = match.info().outcome();
    return new Verdict(match.id(), recorded.describe(), computed(match, card).describe());
  }

  /** The outcome by the laws of cricket, from the regular (not super-over) innings. */
  public static Outcome computed(Match match, Scorecard card) {
    List<InningsCard> regular = new ArrayList<>();
    for (InningsCard innings : card.innings()) {
      if (!innings.superOver()) {
        regular.add(innings);
      }
    }
    if (regular.isEmpty()) {
      return new Outcome(Result.NO_RESULT, null, null, null, null, null, null, null);
    }
    Map<String, Integer> aggregate = new LinkedHashMap<>();
    Map<String, Integer> inningsCount = new LinkedHashMap<>();
    for (String team : match.info().teams()) {
      aggregate.put(team, 0);
      inningsCount.put(team, 0);
    }
    for (InningsCard innings : regular) {
      aggregate.merge(innings.team(), innings.runs(), Integer::sum);
      inningsCount.merge(innings.team(), 1, Integer::sum);
    }
    InningsCard last = regular.get(regular.size() - 1);
    String chaser = last.team();
    String other = match.info().opponentOf(chaser);
    int chaserRuns = aggregate.get(chaser);
    int otherRuns = aggregate.get(other);
    // Penalty runs awarded after the chase are not made while batting: a side that only passes
    // the target with them wins by runs, not by wickets.
    int postPenalty = match.innings().get(last.number() - 1).penaltyRunsPost();
    if (chaserRuns - postPenalty > otherRuns) {
      return win(chaser, null, WICKETS_IN_HAND - last.wickets(), null);
    }
    if (chaserRuns > otherRuns) {
      return win(chaser, chaserRuns - otherRuns, null, null);
    }
    if (chaserRuns == otherRuns) {
      return new Outcome(Result.TIE, null, null, null, null, null, null, null);
    }
    boolean innings =
        match.info().format() == MatchFormat.TEST
            && inningsCount.get(other) == 1
            && inningsCount.get(chaser) == 2;
    return win(other, otherRuns - chaserRuns, null, innings ? 1 : null);
  }

  private static Outcome win(String winner, Integer runs, Integer wickets, Integer innings) {
    return new Outcome(Result.WIN, winner, runs, wickets, innings, null, null, null);
  }
}
