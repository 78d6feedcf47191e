package org.cricketstream.cricsheet.generate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import org.cricketstream.cricsheet.generate.InningsSimulator.End;
import org.cricketstream.cricsheet.generate.InningsSimulator.Played;
import org.cricketstream.cricsheet.generate.InningsSimulator.Setup;
import org.cricketstream.cricsheet.generate.League.Official;
import org.cricketstream.cricsheet.generate.League.Player;
import org.cricketstream.cricsheet.generate.League.Role;
import org.cricketstream.cricsheet.generate.League.Style;
import org.cricketstream.cricsheet.generate.League.Team;
import org.cricketstream.cricsheet.generate.League.Venue;
import org.cricketstream.cricsheet.model.Delivery;
import org.cricketstream.cricsheet.model.Event;
import org.cricketstream.cricsheet.model.Innings;
import org.cricketstream.cricsheet.model.Match;
import org.cricketstream.cricsheet.model.MatchFormat;
import org.cricketstream.cricsheet.model.MatchInfo;
import org.cricketstream.cricsheet.model.Officials;
import org.cricketstream.cricsheet.model.Outcome;
import org.cricketstream.cricsheet.model.PlayerAppearance;
import org.cricketstream.cricsheet.model.Powerplay;
import org.cricketstream.cricsheet.model.Result;
import org.cricketstream.cricsheet.model.SourceFormat;
import org.cricketstream.cricsheet.model.Target;
import org.cricketstream.cricsheet.model.Toss;
import org.cricketstream.cricsheet.score.BattingEntry;
import org.cricketstream.cricsheet.score.BowlingEntry;
import org.cricketstream.cricsheet.score.InningsCard;
import org.cricketstream.cricsheet.score.Scorecard;
import org.cricketstream.cricsheet.write.CricsheetWriter;

/**
 * Makes realistic synthetic matches, ball by ball, in the three formats the project's sources
 * carry: T20 Internationals (written as Cricsheet JSON), ODIs (CSV2) and Tests (YAML). Twelve
 * invented national sides with named players play each other; T20 and ODI matches are decided by
 * runs or wickets, or tied and settled by a super over; Tests run over up to five days, with
 * declarations, follow-ons, innings wins, draws and rain. Every kind of extra and dismissal occurs.
 *
 * <p>Seeded and reproducible: a match is made from the seed, its format and its index alone, so the
 * same seed always gives the same match (and the writers the same bytes), whatever else is
 * generated. Match ids are 9-prefixed eight-digit numbers (91000001 for the first T20, 92000001 for
 * the first ODI, 93000001 for the first Test), far above Cricsheet's own, so they never clash.
 *
 * <p>The recorded outcome is the one the deliveries make: the project's outcome check agrees with
 * every generated match, and no result is ever reached by D/L or an award. Each match is returned
 * exactly as it reads back from the format it is written in ({@link CricsheetWriter#carried}).
 */
public final class MatchGenerator {
  private static final int T20_IDS = 91_000_000;
  private static final int ODI_IDS = 92_000_000;
  private static final int TEST_IDS = 93_000_000;
  private static final int MAX_MATCHES = 999_999;
  private static final int BALLS_PER_OVER = 6;
  private static final int TEST_DAYS = 5;
  private static final int OVERS_PER_DAY = 90;
  private static final int INNINGS_BREAK_BALLS = 2 * BALLS_PER_OVER;
  private static final int MAX_SUPER_OVERS = 5;

  private final long seed;
  private final League league;

  public MatchGenerator(long seed) {
    this.seed = seed;
    this.league = League.of(seed);
  }

  /** The format each kind of match is written in, as the project's sources carry them. */
  public static SourceFormat sourceFormat(MatchFormat format) {
    return switch (format) {
      case T20 -> SourceFormat.JSON;
      case ODI -> SourceFormat.CSV2;
      case TEST -> SourceFormat.YAML;
      case OTHER -> throw new IllegalArgumentException("no generated matches of format " + format);
    };
  }

  /** The id of the {@code index}th (0-based) generated match of a format. */
  public static String matchId(MatchFormat format, int index) {
    if (index < 0 || index >= MAX_MATCHES) {
      throw new IllegalArgumentException("match index " + index + " out of 0.." + MAX_MATCHES);
    }
    int base =
        switch (format) {
          case T20 -> T20_IDS;
          case ODI -> ODI_IDS;
          case TEST -> TEST_IDS;
          case OTHER -> throw new IllegalArgumentException("no generated matches of " + format);
        };
    return Integer.toString(base + index + 1);
  }

  /** The {@code index}th (0-based) match of a format: the same for the same seed, always. */
  public Match generate(MatchFormat format, int index) {
    String id = matchId(format, index);
    RandomGenerator rng =
        new SplittableRandom(seed * 0x9E3779B97F4A7C15L + Long.parseLong(id) * 0xBF58476D1CE4E5B9L);
    MatchFacts facts = facts(format, index, id, rng);
    Match match = format == MatchFormat.TEST ? test(facts, rng) : limitedOvers(facts, format, rng);
    return CricsheetWriter.carried(match, sourceFormat(format), format);
  }

  // ---- who, where, when ----

  /** A team's eleven for one match. */
  private record Side(
      Team team, List<Player> order, Player keeper, List<Player> attack, List<Player> substitutes) {
    String name() {
      return team.name();
    }
  }

  /** The facts settled before a ball is bowled. */
  private record MatchFacts(
      String id,
      MatchFormat format,
      Side home,
      Side away,
      Venue venue,
      boolean neutral,
      LocalDate start,
      Side tossWinner,
      String tossDecision,
      Side battingFirst,
      Side battingSecond,
      List<Official> umpires,
      Official tvUmpire,
      Official reserveUmpire,
      Official referee,
      int seriesMatch) {}

  private MatchFacts facts(MatchFormat format, int index, String id, RandomGenerator rng) {
    List<Team> teams = league.teams();
    int h = rng.nextInt(teams.size());
    int a = (h + 1 + rng.nextInt(teams.size() - 1)) % teams.size();
    Team home = teams.get(h);
    Team away = teams.get(a);
    boolean neutral = rng.nextDouble() < 0.05;
    Venue venue;
    if (neutral) {
      int n = h;
      while (n == h || n == a) {
        n = rng.nextInt(teams.size());
      }
      venue = pick(rng, teams.get(n).venues());
    } else {
      venue = pick(rng, home.venues());
    }
    LocalDate start =
        switch (format) {
          case T20 -> LocalDate.of(2019, 1, 4).plusDays(3L * index + rng.nextInt(3));
          case ODI -> LocalDate.of(2018, 1, 6).plusDays(3L * index + rng.nextInt(3));
          default -> LocalDate.of(2017, 1, 3).plusDays(8L * index + rng.nextInt(2));
        };
    Side homeSide = side(home, format, rng);
    Side awaySide = side(away, format, rng);
    boolean homeWonToss = rng.nextBoolean();
    Side tossWinner = homeWonToss ? homeSide : awaySide;
    Side other = homeWonToss ? awaySide : homeSide;
    double batFirst = format == MatchFormat.TEST ? 0.7 : 0.38;
    String decision = rng.nextDouble() < batFirst ? "bat" : "field";
    Side first = decision.equals("bat") ? tossWinner : other;
    Side second = decision.equals("bat") ? other : tossWinner;
    List<Official> panel = new ArrayList<>(league.umpires());
    List<Official> chosen = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      chosen.add(panel.remove(rng.nextInt(panel.size())));
    }
    Official referee = pick(rng, league.referees());
    return new MatchFacts(
        id,
        format,
        homeSide,
        awaySide,
        venue,
        neutral,
        start,
        tossWinner,
        decision,
        first,
        second,
        List.copyOf(chosen.subList(0, 2)),
        chosen.get(2),
        chosen.get(3),
        referee,
        1 + rng.nextInt(format == MatchFormat.TEST ? 3 : 5));
  }

  /**
   * Picks an eleven from the squad: two openers, three batters, a wicket-keeper, one or two
   * all-rounders and four or five bowlers, better players more often; bats them in the usual order
   * and lists who can bowl, best first. Squad players left out can field as substitutes.
   */
  private static Side side(Team team, MatchFormat format, RandomGenerator rng) {
    Map<Role, List<Player>> byRole = new LinkedHashMap<>();
    for (Player p : team.squad()) {
      byRole.computeIfAbsent(p.role(), r -> new ArrayList<>()).add(p);
    }
    List<Player> openers = choose(rng, byRole.get(Role.OPENER), 2, p -> p.batting());
    List<Player> batters = choose(rng, byRole.get(Role.BATTER), 3, p -> p.batting());
    Player keeper = choose(rng, byRole.get(Role.KEEPER), 1, p -> p.batting()).get(0);
    int allrounders = format == MatchFormat.T20 ? 2 : 1;
    List<Player> all = choose(rng, byRole.get(Role.ALLROUNDER), allrounders, p -> p.bowling());
    List<Player> quicks = new ArrayList<>();
    List<Player> spinners = new ArrayList<>();
    for (Player p : byRole.get(Role.BOWLER)) {
      (p.style() == Style.PACE ? quicks : spinners).add(p);
    }
    int paceCount = format == MatchFormat.T20 ? 2 : 3;
    List<Player> bowlers = new ArrayList<>(choose(rng, quicks, paceCount, p -> p.bowling()));
    bowlers.addAll(choose(rng, spinners, 1, p -> p.bowling()));
    List<Player> order = new ArrayList<>(openers);
    List<Player> middle = new ArrayList<>(batters);
    middle.sort(Comparator.comparingDouble(Player::batting).reversed());
    order.addAll(middle);
    List<Player> lower = new ArrayList<>(all);
    lower.add(rng.nextBoolean() ? 0 : lower.size(), keeper);
    order.addAll(lower);
    bowlers.sort(Comparator.comparingDouble(Player::batting).reversed());
    order.addAll(bowlers);
    List<Player> attack = new ArrayList<>();
    for (Player p : order) {
      if (p.bowls()) {
        attack.add(p);
      }
    }
    attack.sort(Comparator.comparingDouble(Player::bowling).reversed());
    List<Player> substitutes = new ArrayList<>();
    for (Player p : team.squad()) {
      if (!order.contains(p)) {
        substitutes.add(p);
      }
    }
    return new Side(team, order, keeper, attack, substitutes);
  }

  /** Picks {@code count} of the players, each the more likely the higher its score. */
  private static List<Player> choose(
      RandomGenerator rng,
      List<Player> players,
      int count,
      java.util.function.ToDoubleFunction<Player> score) {
    List<Player> left = new ArrayList<>(players);
    List<Player> chosen = new ArrayList<>();
    while (chosen.size() < count && !left.isEmpty()) {
      double sum = 0;
      for (Player p : left) {
        sum += Math.pow(score.applyAsDouble(p), 4);
      }
      double u = rng.nextDouble() * sum;
      int i = 0;
      while (i < left.size() - 1) {
        u -= Math.pow(score.applyAsDouble(left.get(i)), 4);
        if (u < 0) {
          break;
        }
        i++;
      }
      chosen.add(left.remove(i));
    }
    return chosen;
  }

  // ---- limited-overs matches ----

  private Match limitedOvers(MatchFacts facts, MatchFormat format, RandomGenerator rng) {
    int overs = format == MatchFormat.T20 ? 20 : 50;
    List<Innings> innings = new ArrayList<>();
    Map<String, Side> sides = sides(facts);
    Played first = play(facts, 1, facts.battingFirst(), facts.battingSecond(), overs, null, rng);
    innings.add(innings(facts, 1, facts.battingFirst(), first, null, format, false, false, 0));
    Target target = new Target(first.runs() + 1, Integer.toString(overs));
    Played second =
        play(facts, 2, facts.battingSecond(), facts.battingFirst(), overs, target.runs(), rng);
    innings.add(innings(facts, 2, facts.battingSecond(), second, target, format, false, false, 0));
    Outcome outcome;
    if (second.runs() >= target.runs()) {
      outcome = win(facts.battingSecond().name(), null, 10 - second.wickets(), null);
    } else if (second.runs() < first.runs()) {
      outcome = win(facts.battingFirst().name(), first.runs() - second.runs(), null, null);
    } else {
      String eliminator = superOvers(facts, innings, rng);
      outcome = new Outcome(Result.TIE, null, null, null, null, null, eliminator, null);
    }
    return match(facts, innings, outcome, 1, sides);
  }

  /**
   * Plays super overs until one side wins: the side that batted second bats first, then the other
   * chases; a tied super over is followed by another, the order reversed. Returns the side that won
   * the eliminator (null if even five super overs could not separate them).
   */
  private String superOvers(MatchFacts facts, List<Innings> innings, RandomGenerator rng) {
    Side bat = facts.battingSecond();
    Side field = facts.battingFirst();
    for (int round = 0; round < MAX_SUPER_OVERS; round++) {
      int number = innings.size() + 1;
      Played one = superOver(facts, number, bat, field, null, rng);
      innings.add(innings(facts, number, bat, one, null, facts.format(), true, false, 0));
      Played two = superOver(facts, number + 1, field, bat, one.runs() + 1, rng);
      innings.add(innings(facts, number + 1, field, two, null, facts.format(), true, false, 0));
      if (two.runs() > one.runs()) {
        return field.name();
      }
      if (two.runs() < one.runs()) {
        return bat.name();
      }
      Side swap = bat;
      bat = field;
      field = swap;
    }
    return null;
  }

  private Played superOver(
      MatchFacts facts, int number, Side bat, Side field, Integer target, RandomGenerator rng) {
    Setup s = setup(facts, number, bat, field);
    List<Player> best = new ArrayList<>(bat.order());
    best.sort(Comparator.comparingDouble(Player::batting).reversed());
    s.battingOrder = best.subList(0, 3);
    s.superOver = true;
    s.maxOvers = 1;
    s.maxWickets = 2;
    s.target = target;
    return InningsSimulator.play(s, rng);
  }

  private Played play(
      MatchFacts facts,
      int number,
      Side bat,
      Side field,
      int overs,
      Integer target,
      RandomGenerator rng) {
    Setup s = setup(facts, number, bat, field);
    s.maxOvers = overs;
    s.target = target;
    return InningsSimulator.play(s, rng);
  }

  private static Setup setup(MatchFacts facts, int number, Side bat, Side field) {
    Setup s = new Setup();
    s.matchId = facts.id();
    s.number = number;
    s.format = facts.format();
    s.battingTeam = bat.name();
    s.fieldingTeam = field.name();
    s.battingOrder = bat.order();
    s.fieldingSide = field.order();
    s.substitutes = field.substitutes();
    s.attack = field.attack();
    s.keeper = field.keeper();
    s.umpires = facts.umpires().stream().map(Official::name).toList();
    s.reviews = facts.format() == MatchFormat.T20;
    return s;
  }

  // ---- Tests ----

  /** The running state of a Test: balls of play the weather and the clock still allow. */
  private static final class Clock {
    final int available;
    int used;

    Clock(int available) {
      this.available = available;
    }

    int left() {
      return Math.max(0, available - used);
    }
  }

  private Match test(MatchFacts facts, RandomGenerator rng) {
    int rainLost = rng.nextDouble() < 0.35 ? BALLS_PER_OVER * (20 + rng.nextInt(220)) : 0;
    Clock clock = new Clock(TEST_DAYS * OVERS_PER_DAY * BALLS_PER_OVER - rainLost);
    Side a = facts.battingFirst();
    Side b = facts.battingSecond();
    Map<String, Side> sides = sides(facts);
    List<Innings> innings = new ArrayList<>();
    // Now and then the umpires award five penalty runs before an innings.
    int penaltyInnings = rng.nextDouble() < 0.02 ? 2 + rng.nextInt(2) : 0;

    int declareAt = 400 + rng.nextInt(220);
    Setup s1 = testSetup(facts, 1, a, b, clock, penaltyInnings);
    s1.declaration = (runs, wickets, balls) -> runs >= declareAt && wickets < 9;
    Played a1 = inningsOfTest(facts, innings, s1, a, clock, rng);
    if (a1.end() == End.TIME) {
      return draw(facts, innings, sides, clock, rainLost);
    }

    int declareAt2 = Math.max(a1.runs() + 120 + rng.nextInt(200), 420 + rng.nextInt(200));
    Setup s2 = testSetup(facts, 2, b, a, clock, penaltyInnings);
    s2.declaration = (runs, wickets, balls) -> runs >= declareAt2 && wickets < 9;
    Played b2 = inningsOfTest(facts, innings, s2, b, clock, rng);
    if (b2.end() == End.TIME) {
      return draw(facts, innings, sides, clock, rainLost);
    }

    int lead = a1.runs() - b2.runs();
    boolean followOn = lead >= 200 && b2.end() == End.ALL_OUT && rng.nextDouble() < 0.75;
    Side third = followOn ? b : a;
    Side fourth = followOn ? a : b;
    Setup s3 = testSetup(facts, 3, third, fourth, clock, penaltyInnings);
    if (!followOn) {
      s3.mode = InningsSimulator.Mode.SETTING_TARGET;
      s3.leadBefore = lead;
      s3.declaration =
          (runs, wickets, balls) -> {
            int ahead = lead + runs;
            double oversForThem = (clock.left() - balls - INNINGS_BREAK_BALLS) / 6.0;
            return wickets < 9
                && ahead >= 200
                && (ahead >= 4.2 * oversForThem
                    || (ahead >= 350 && oversForThem <= 110)
                    || ahead >= 550);
          };
    }
    Played p3 = inningsOfTest(facts, innings, s3, third, clock, rng);
    if (p3.end() == End.TIME) {
      return draw(facts, innings, sides, clock, rainLost);
    }
    // Runs the side batting fourth must pass: the other side's aggregate less its own so far.
    int behind = followOn ? b2.runs() + p3.runs() - a1.runs() : a1.runs() + p3.runs() - b2.runs();
    if (behind < 0) {
      // The side that batted twice is still behind: beaten by an innings.
      Side winner = fourth;
      return finish(facts, innings, win(winner.name(), -behind, null, 1), sides, clock, rainLost);
    }
    Setup s4 = testSetup(facts, 4, fourth, third, clock, 0);
    s4.target = behind + 1;
    Played p4 = inningsOfTest(facts, innings, s4, fourth, clock, rng);
    Outcome outcome;
    if (p4.runs() >= s4.target) {
      outcome = win(fourth.name(), null, 10 - p4.wickets(), null);
    } else if (p4.end() == End.TIME) {
      return draw(facts, innings, sides, clock, rainLost);
    } else if (p4.runs() == behind) {
      outcome = new Outcome(Result.TIE, null, null, null, null, null, null, null);
    } else {
      outcome = win(third.name(), behind - p4.runs(), null, null);
    }
    return finish(facts, innings, outcome, sides, clock, rainLost);
  }

  private Setup testSetup(
      MatchFacts facts, int number, Side bat, Side field, Clock clock, int penaltyInnings) {
    Setup s = setup(facts, number, bat, field);
    s.maxOvers = 0;
    s.ballsAvailable = clock.left();
    s.penaltyPre = number == penaltyInnings ? 5 : 0;
    return s;
  }

  private Played inningsOfTest(
      MatchFacts facts,
      List<Innings> innings,
      Setup setup,
      Side bat,
      Clock clock,
      RandomGenerator rng) {
    Played played = InningsSimulator.play(setup, rng);
    clock.used += played.legalBalls() + INNINGS_BREAK_BALLS;
    if (played.deliveries().isEmpty()) {
      return played; // no time left to start it: it never began
    }
    innings.add(
        innings(
            facts,
            setup.number,
            bat,
            played,
            null,
            MatchFormat.TEST,
            false,
            played.end() == End.DECLARED,
            setup.penaltyPre));
    return played;
  }

  private Match draw(
      MatchFacts facts, List<Innings> innings, Map<String, Side> sides, Clock clock, int rainLost) {
    Outcome draw = new Outcome(Result.DRAW, null, null, null, null, null, null, null);
    return finish(facts, innings, draw, sides, clock, rainLost);
  }

  private Match finish(
      MatchFacts facts,
      List<Innings> innings,
      Outcome outcome,
      Map<String, Side> sides,
      Clock clock,
      int rainLost) {
    int ballsOfPlay = clock.used + rainLost;
    int days =
        outcome.result() == Result.DRAW
            ? TEST_DAYS
            : Math.max(
                1,
                Math.min(
                    TEST_DAYS,
                    (ballsOfPlay + OVERS_PER_DAY * BALLS_PER_OVER - 1)
                        / (OVERS_PER_DAY * BALLS_PER_OVER)));
    return match(facts, innings, outcome, days, sides);
  }

  // ---- building the match ----

  private static Map<String, Side> sides(MatchFacts facts) {
    Map<String, Side> sides = new LinkedHashMap<>();
    sides.put(facts.battingFirst().name(), facts.battingFirst());
    sides.put(facts.battingSecond().name(), facts.battingSecond());
    return sides;
  }

  private static Innings innings(
      MatchFacts facts,
      int number,
      Side bat,
      Played played,
      Target target,
      MatchFormat format,
      boolean superOver,
      boolean declared,
      int penaltyPre) {
    List<Powerplay> powerplays = new ArrayList<>();
    List<Delivery> deliveries = played.deliveries();
    if (format == MatchFormat.T20 && !superOver && !deliveries.isEmpty()) {
      Delivery last = deliveries.get(0);
      for (Delivery d : deliveries) {
        if (d.over() < 6) {
          last = d;
        }
      }
      powerplays.add(new Powerplay(deliveries.get(0).label(), last.label(), "mandatory"));
    }
    return new Innings(
        facts.id(),
        number,
        bat.name(),
        superOver,
        declared,
        false,
        target,
        penaltyPre,
        0,
        List.of(),
        powerplays,
        Map.of(),
        deliveries);
  }

  private static Outcome win(String winner, Integer runs, Integer wickets, Integer innings) {
    return new Outcome(Result.WIN, winner, runs, wickets, innings, null, null, null);
  }

  private Match match(
      MatchFacts facts, List<Innings> innings, Outcome outcome, int days, Map<String, Side> sides) {
    MatchFormat format = facts.format();
    SourceFormat source = sourceFormat(format);
    List<LocalDate> dates = new ArrayList<>();
    for (int d = 0; d < days; d++) {
      dates.add(facts.start().plusDays(d));
    }
    Map<String, String> people = new TreeMap<>();
    List<PlayerAppearance> players = new ArrayList<>();
    for (Side side : sides.values()) {
      for (Player p : side.order()) {
        players.add(
            new PlayerAppearance(
                facts.id(), side.name(), p.name(), p.id(), PlayerAppearance.Role.PLAYING, null));
        people.put(p.name(), p.id());
      }
    }
    Map<String, Player> byName = new HashMap<>();
    for (Side side : sides.values()) {
      for (Player p : side.team().squad()) {
        byName.put(p.name(), p);
      }
    }
    for (Innings one : innings) {
      for (Delivery d : one.deliveries()) {
        d.wickets()
            .forEach(
                w ->
                    w.fielders().stream()
                        .filter(f -> f.substitute())
                        .forEach(f -> people.put(f.name(), byName.get(f.name()).id())));
      }
    }
    List<Official> umpires = facts.umpires();
    Officials officials;
    if (format == MatchFormat.TEST) {
      officials =
          new Officials(
              umpires.stream().map(Official::name).toList(), List.of(), List.of(), List.of());
    } else {
      officials =
          new Officials(
              umpires.stream().map(Official::name).toList(),
              List.of(facts.tvUmpire().name()),
              List.of(facts.reserveUmpire().name()),
              List.of(facts.referee().name()));
      people.put(facts.tvUmpire().name(), facts.tvUmpire().id());
      people.put(facts.reserveUmpire().name(), facts.reserveUmpire().id());
      people.put(facts.referee().name(), facts.referee().id());
    }
    umpires.forEach(u -> people.put(u.name(), u.id()));
    Event event =
        format == MatchFormat.TEST
            ? null
            : new Event(
                facts.away().name() + " tour of " + facts.home().name(),
                Integer.toString(facts.seriesMatch()),
                null,
                null);
    String dataVersion =
        switch (source) {
          case JSON -> CricsheetWriter.JSON_VERSION;
          case YAML -> CricsheetWriter.YAML_VERSION;
          case CSV2 -> CricsheetWriter.CSV_VERSION;
        };
    Match provisional =
        new Match(
            info(
                facts,
                source,
                dataVersion,
                dates,
                event,
                officials,
                outcome,
                List.of(),
                players,
                people),
            innings);
    List<String> playerOfMatch = playerOfMatch(provisional, outcome, sides);
    return new Match(
        info(
            facts,
            source,
            dataVersion,
            dates,
            event,
            officials,
            outcome,
            playerOfMatch,
            players,
            people),
        innings);
  }

  private static MatchInfo info(
      MatchFacts facts,
      SourceFormat source,
      String dataVersion,
      List<LocalDate> dates,
      Event event,
      Officials officials,
      Outcome outcome,
      List<String> playerOfMatch,
      List<PlayerAppearance> players,
      Map<String, String> people) {
    MatchFormat format = facts.format();
    boolean test = format == MatchFormat.TEST;
    return new MatchInfo(
        facts.id(),
        source,
        dataVersion,
        format,
        switch (format) {
          case T20 -> "T20";
          case ODI -> "ODI";
          default -> "Test";
        },
        null,
        "male",
        "international",
        null,
        List.of(facts.battingFirst().name(), facts.battingSecond().name()),
        test ? null : season(facts),
        dates,
        event,
        facts.venue().name(),
        facts.venue().city(),
        facts.neutral(),
        new Toss(facts.tossWinner().name(), facts.tossDecision()),
        officials,
        BALLS_PER_OVER,
        format == MatchFormat.T20 ? Integer.valueOf(20) : (test ? null : Integer.valueOf(50)),
        outcome,
        playerOfMatch,
        players,
        people,
        List.of(),
        List.of());
  }

  /** "2023" in the north; "2023/24" for a southern summer, as Cricsheet writes seasons. */
  private static String season(MatchFacts facts) {
    LocalDate start = facts.start();
    int year = start.getYear();
    if (!facts.home().team().southern()
        || (start.getMonthValue() > 4 && start.getMonthValue() < 9)) {
      return Integer.toString(year);
    }
    int from = start.getMonthValue() >= 9 ? year : year - 1;
    return from + "/" + String.format(java.util.Locale.ROOT, "%02d", (from + 1) % 100);
  }

  /** The best all-round performance (runs, plus 25 a wicket) on the winning side, or either. */
  private static List<String> playerOfMatch(Match match, Outcome outcome, Map<String, Side> sides) {
    Map<String, Double> impact = new LinkedHashMap<>();
    for (Innings innings : match.innings()) {
      if (innings.superOver()) {
        continue;
      }
      InningsCard card = Scorecard.innings(innings, BALLS_PER_OVER);
      for (BattingEntry b : card.batting()) {
        impact.merge(b.batter(), (double) b.runs(), Double::sum);
      }
      for (BowlingEntry b : card.bowling()) {
        impact.merge(b.bowler(), 25.0 * b.wickets(), Double::sum);
      }
    }
    String winner = outcome.result() == Result.WIN ? outcome.winner() : outcome.eliminator();
    String best = null;
    double bestImpact = -1;
    for (Side side : sides.values()) {
      if (winner != null && !side.name().equals(winner)) {
        continue;
      }
      for (Player p : side.order()) {
        double value = impact.getOrDefault(p.name(), 0.0);
        if (value > bestImpact) {
          bestImpact = value;
          best = p.name();
        }
      }
    }
    return best == null ? List.of() : List.of(best);
  }

  private static <T> T pick(RandomGenerator rng, List<T> values) {
    return values.get(rng.nextInt(values.size()));
  }
}
