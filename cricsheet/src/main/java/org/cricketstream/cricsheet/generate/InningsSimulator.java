package org.cricketstream.cricsheet.generate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.cricketstream.cricsheet.generate.League.Player;
import org.cricketstream.cricsheet.generate.League.Role;
import org.cricketstream.cricsheet.generate.League.Style;
import org.cricketstream.cricsheet.model.Delivery;
import org.cricketstream.cricsheet.model.Extras;
import org.cricketstream.cricsheet.model.Fielder;
import org.cricketstream.cricsheet.model.MatchFormat;
import org.cricketstream.cricsheet.model.Review;
import org.cricketstream.cricsheet.model.Wicket;

/**
 * Plays one innings ball by ball, by the laws: six legal balls an over (wides and no-balls are
 * bowled again), the batters change ends on an odd number of runs run and at the end of each over,
 * no bowler bowls two overs in a row or more than his share in limited-overs cricket, a new batter
 * comes in after each dismissal (or a batter who retired hurt comes back), the side is all out when
 * ten wickets have fallen (two in a super over), a chase stops the moment the target is reached,
 * and the innings ends when its overs or the match's time run out, or it is declared.
 */
final class InningsSimulator {

  /** Why the innings ended. */
  enum End {
    ALL_OUT,
    OVERS,
    TARGET,
    DECLARED,
    TIME
  }

  /** How the batting side goes about it. */
  enum Mode {
    NORMAL,
    /** Batting towards a declaration: once well ahead, quicker runs and more risk. */
    SETTING_TARGET
  }

  /** Decides, at the end of an over, whether the batting side declares. */
  @FunctionalInterface
  interface Declaration {
    boolean declare(int runs, int wickets, int legalBalls);
  }

  /** Everything about the innings to be played. */
  static final class Setup {
    String matchId;
    int number;
    MatchFormat format;
    boolean superOver;
    String battingTeam;
    String fieldingTeam;
    List<Player> battingOrder;
    List<Player> fieldingSide;
    List<Player> substitutes = List.of();
    List<Player> attack;
    Player keeper;
    int maxOvers;
    int maxWickets = 10;
    Integer target;
    int ballsAvailable = Integer.MAX_VALUE;
    int penaltyPre;
    Declaration declaration;
    Mode mode = Mode.NORMAL;

    /** Runs the batting side led by before this innings (negative when behind). */
    int leadBefore;

    List<String> umpires = List.of();
    boolean reviews;
  }

  /** The innings as played. */
  record Played(
      List<Delivery> deliveries,
      int runs,
      int wickets,
      int legalBalls,
      End end,
      Set<Player> substitutesUsed) {}

  private static final int BALLS_PER_OVER = 6;
  private static final int YET = 0;
  private static final int IN = 1;
  private static final int OUT = 2;
  private static final int RETIRED = 3;

  private final Setup setup;
  private final Profile profile;
  private final RandomGenerator rng;
  private final List<Delivery> deliveries = new ArrayList<>();
  private final Set<Player> substitutesUsed = new LinkedHashSet<>();
  private final int[] state;
  private final List<Integer> retired = new ArrayList<>();
  private final Map<Player, Integer> oversBowled = new HashMap<>();
  private final Map<Player, Integer> lastOver = new HashMap<>();
  private final Player[] endBowler = new Player[2];
  private final int[] spellLeft = new int[2];
  private int striker;
  private int nonStriker;
  private int score;
  private int wickets;
  private int legal;
  private int over;
  private boolean freeHit;

  private InningsSimulator(Setup setup, RandomGenerator rng) {
    this.setup = setup;
    this.profile = Profile.of(setup.format);
    this.rng = rng;
    this.state = new int[setup.battingOrder.size()];
  }

  static Played play(Setup setup, RandomGenerator rng) {
    return new InningsSimulator(setup, rng).play();
  }

  private Played play() {
    score = setup.penaltyPre;
    striker = 0;
    nonStriker = 1;
    state[0] = IN;
    state[1] = IN;
    End end = null;
    Player previous = null;
    while (end == null) {
      if (setup.maxOvers > 0 && over >= setup.maxOvers) {
        end = End.OVERS;
        break;
      }
      if (legal >= setup.ballsAvailable) {
        end = End.TIME;
        break;
      }
      Player bowler = chooseBowler(previous);
      int ball = 0;
      int legalInOver = 0;
      while (legalInOver < BALLS_PER_OVER) {
        ball++;
        boolean wasLegal = bowl(bowler, ball);
        if (wasLegal) {
          legalInOver++;
          legal++;
        }
        end = ended();
        if (end != null) {
          break;
        }
      }
      oversBowled.merge(bowler, 1, Integer::sum);
      lastOver.put(bowler, over);
      previous = bowler;
      if (end != null) {
        break;
      }
      over++;
      swap();
      if (setup.declaration != null && setup.declaration.declare(score, wickets, legal)) {
        end = End.DECLARED;
      }
    }
    return new Played(List.copyOf(deliveries), score, wickets, legal, end, substitutesUsed);
  }

  private End ended() {
    if (setup.target != null && score >= setup.target) {
      return End.TARGET;
    }
    if (wickets >= setup.maxWickets || striker < 0 || nonStriker < 0) {
      return End.ALL_OUT;
    }
    if (legal >= setup.ballsAvailable) {
      return End.TIME;
    }
    return null;
  }

  // ---- one ball ----

  /** Bowls one delivery, records it and moves the batters; returns whether it was legal. */
  private boolean bowl(Player bowler, int ball) {
    Player onStrike = setup.battingOrder.get(striker);
    Player other = setup.battingOrder.get(nonStriker);
    double aggression = aggression();
    int batterRuns = 0;
    int wides = 0;
    int noballs = 0;
    int byes = 0;
    int legbyes = 0;
    int penalty = 0;
    int ran = 0; // runs the batters ran, which decide whether they changed ends
    List<Wicket> fallen = new ArrayList<>();
    Review review = null;
    boolean wasFreeHit = freeHit;
    double u = rng.nextDouble();
    double wideChance = profile.wide() * (bowler.style() == Style.SPIN ? 0.6 : 1.0);
    if (setup.superOver) {
      wideChance *= 1.5;
    }
    boolean legalBall;
    if (u < wideChance) {
      legalBall = false;
      wides = 1;
      double w = rng.nextDouble();
      if (w < 0.05) {
        wides += 4; // to the boundary
      } else if (w < 0.11) {
        wides += 1;
        ran = 1;
      } else if (w < 0.12) {
        wides += 2;
        ran = 2;
      }
      if (bowler.style() == Style.SPIN && ran == 0 && wides == 1 && rng.nextDouble() < 0.03) {
        fallen.add(new Wicket("stumped", onStrike.name(), List.of(fielder(setup.keeper))));
      } else if (rng.nextDouble() < 0.004) {
        fallen.add(runOut(onStrike, other, bowler));
      }
    } else if (u < wideChance + profile.noball()) {
      legalBall = false;
      noballs = 1;
      double n = rng.nextDouble();
      if (n < 0.45) {
        batterRuns = 0;
      } else if (n < 0.70) {
        batterRuns = 1;
        ran = 1;
      } else if (n < 0.76) {
        batterRuns = 2;
        ran = 2;
      } else if (n < 0.88) {
        batterRuns = 4;
      } else if (n < 0.95) {
        batterRuns = 6;
      } else if (n < 0.98) {
        legbyes = 1;
        ran = 1;
      } else {
        byes = 1;
        ran = 1;
      }
      if (rng.nextDouble() < 0.01) {
        fallen.add(runOut(onStrike, other, bowler));
      }
    } else {
      legalBall = true;
      int outcome = legalOutcome(aggression, onStrike, bowler);
      switch (outcome) {
        case 0 -> {}
        case 1, 2, 3 -> {
          batterRuns = outcome;
          ran = outcome;
        }
        case 4, 6 -> batterRuns = outcome;
        case LEGBYES -> {
          legbyes = extraRuns();
          ran = legbyes == 4 ? 0 : legbyes;
        }
        case BYES -> {
          byes = extraRuns();
          ran = byes == 4 ? 0 : byes;
        }
        case WICKET -> {
          if (rng.nextDouble() < profile.runOutShare()) {
            int completed = rng.nextDouble() < 0.65 ? 0 : (rng.nextDouble() < 0.8 ? 1 : 2);
            batterRuns = completed;
            ran = completed;
            fallen.add(runOut(onStrike, other, bowler));
          } else if (!wasFreeHit) {
            Wicket w = bowlerWicket(onStrike, other, bowler);
            fallen.add(w);
            if (setup.reviews && w.kind().equals("lbw") && rng.nextDouble() < 0.4) {
              review = review(setup.battingTeam, onStrike, "struck down");
            } else if (setup.reviews
                && (w.kind().equals("lbw") || w.kind().equals("caught"))
                && rng.nextDouble() < 0.06) {
              review = review(setup.fieldingTeam, onStrike, "upheld");
            }
          }
        }
        default -> throw new IllegalStateException("outcome " + outcome);
      }
      if (rng.nextDouble() < profile.penaltyPerBall()) {
        penalty = 5; // the ball struck a fielder's helmet left on the field, say
      }
      if (setup.reviews && fallen.isEmpty() && batterRuns == 0 && rng.nextDouble() < 0.006) {
        review = review(setup.fieldingTeam, onStrike, "struck down");
      }
    }
    // In limited-overs cricket the ball after a no-ball is a free hit, until a legal one is bowled.
    if (noballs > 0) {
      freeHit = setup.format.limitedOvers();
    } else if (legalBall) {
      freeHit = false;
    }
    Extras extras = new Extras(wides, noballs, byes, legbyes, penalty);
    int total = batterRuns + extras.total();
    score += total;
    if (ran % 2 == 1) {
      swap();
    }
    boolean inningsOver = setup.target != null && score >= setup.target;
    if (fallen.isEmpty() && !inningsOver) {
      Wicket retirement = retirement(onStrike, other);
      if (retirement != null) {
        fallen.add(retirement);
      }
    }
    deliveries.add(
        new Delivery(
            setup.matchId,
            setup.number,
            over,
            ball,
            Delivery.label(over, ball),
            deliveries.size() + 1,
            onStrike.name(),
            bowler.name(),
            other.name(),
            batterRuns,
            extras,
            total,
            false,
            fallen,
            List.of(),
            review));
    for (Wicket w : fallen) {
      dismiss(w);
    }
    return legalBall;
  }

  private static final int LEGBYES = 10;
  private static final int BYES = 11;
  private static final int WICKET = 12;

  /** Runs, a leg-bye or bye, or a wicket, for a legal ball. */
  private int legalOutcome(double aggression, Player batter, Player bowler) {
    double bat = batter.batting();
    double bowl = bowler.bowling() > 0 ? bowler.bowling() : 0.5;
    double[] weights = {
      profile.dot() * Math.pow(aggression, -0.8) * Math.sqrt(bowl) * Math.pow(bat, -0.3),
      profile.one() * Math.pow(aggression, 0.3),
      profile.two(),
      profile.three(),
      profile.four() * aggression * Math.pow(bat, 0.9) / Math.sqrt(bowl),
      profile.six() * Math.pow(aggression, 1.8) * Math.pow(bat, 1.4) / Math.sqrt(bowl),
      profile.out() * Math.pow(aggression, 1.5) * Math.pow(bat, -1.6) * bowl,
      profile.legbye(),
      profile.bye()
    };
    int[] outcomes = {0, 1, 2, 3, 4, 6, WICKET, LEGBYES, BYES};
    double sum = 0;
    for (double w : weights) {
      sum += w;
    }
    double u = rng.nextDouble() * sum;
    for (int i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0) {
        return outcomes[i];
      }
    }
    return 0;
  }

  private int extraRuns() {
    double u = rng.nextDouble();
    return u < 0.75 ? 1 : (u < 0.85 ? 2 : 4);
  }

  /** How hard the batters are going: above 1 more boundaries and more risk, below 1 less. */
  private double aggression() {
    double a;
    if (setup.superOver) {
      return 1.9;
    }
    switch (setup.format) {
      case T20 -> {
        a = over < 6 ? 1.05 : (over < 15 ? 0.95 : (over < 18 ? 1.3 : 1.55));
        if (10 - wickets <= 3 && setup.maxOvers - over > 4) {
          a *= 0.8;
        }
      }
      case ODI -> {
        a = over < 10 ? 1.0 : (over < 40 ? 0.88 : (over < 45 ? 1.2 : 1.45));
        if (10 - wickets <= 3 && setup.maxOvers - over > 8) {
          a *= 0.8;
        }
      }
      default ->
          a = setup.mode == Mode.SETTING_TARGET && setup.leadBefore + score >= 150 ? 1.4 : 1.0;
    }
    if (setup.target != null) {
      int needed = setup.target - score;
      int ballsLeft =
          setup.maxOvers > 0
              ? setup.maxOvers * BALLS_PER_OVER - legal
              : setup.ballsAvailable - legal;
      if (ballsLeft < 1 || ballsLeft > 1_000_000) {
        return a;
      }
      double required = needed * 6.0 / ballsLeft;
      if (setup.format == MatchFormat.TEST) {
        // Out of reach: bat for the draw.
        return required > 4.6 ? 0.55 : a * clamp(Math.pow(required / 3.0, 0.7), 0.8, 1.5);
      }
      a *= clamp(Math.pow(required / profile.parRate(), 0.35), 0.85, 1.35);
    }
    return a;
  }

  private static double clamp(double x, double low, double high) {
    return Math.max(low, Math.min(high, x));
  }

  // ---- dismissals ----

  private Wicket bowlerWicket(Player onStrike, Player other, Player bowler) {
    boolean spin = bowler.style() == Style.SPIN;
    String[] kinds = {
      "caught",
      "bowled",
      "lbw",
      "stumped",
      "caught and bowled",
      "hit wicket",
      "obstructing the field",
      "hit the ball twice"
    };
    double[] weights = {0.58, 0.18, 0.14, spin ? 0.06 : 0.004, 0.03, 0.006, 0.0018, 0.0012};
    double sum = 0;
    for (double w : weights) {
      sum += w;
    }
    double u = rng.nextDouble() * sum;
    int k = 0;
    while (k < weights.length - 1 && u >= weights[k]) {
      u -= weights[k];
      k++;
    }
    String kind = kinds[k];
    return switch (kind) {
      case "caught" -> {
        Player catcher;
        if (rng.nextDouble() < (spin ? 0.1 : 0.24)) {
          catcher = setup.keeper;
        } else {
          catcher = outfielder(bowler);
        }
        yield new Wicket(kind, onStrike.name(), List.of(fielderOrSubstitute(catcher)));
      }
      case "stumped" -> new Wicket(kind, onStrike.name(), List.of(fielder(setup.keeper)));
      case "obstructing the field" ->
          new Wicket(kind, rng.nextDouble() < 0.6 ? onStrike.name() : other.name(), List.of());
      default -> new Wicket(kind, onStrike.name(), List.of());
    };
  }

  private Wicket runOut(Player onStrike, Player other, Player bowler) {
    boolean strikerOut = rng.nextDouble() < 0.55;
    Player out = strikerOut ? onStrike : other;
    List<Fielder> fielders = new ArrayList<>();
    double u = rng.nextDouble();
    if (!strikerOut && u < 0.04) {
      fielders.add(fielder(bowler)); // the non-striker backing up too far
    } else {
      Player thrower = outfielder(bowler);
      fielders.add(fielderOrSubstitute(thrower));
      if (u < 0.45) {
        Player receiver = rng.nextBoolean() ? setup.keeper : bowler;
        if (!receiver.equals(thrower)) {
          fielders.add(fielder(receiver));
        }
      }
    }
    return new Wicket("run out", out.name(), fielders);
  }

  /** Now and then a batter retires, hurt (and may come back) or otherwise. */
  private Wicket retirement(Player onStrike, Player other) {
    if (nextFresh() < 0 || setup.superOver) {
      return null;
    }
    double u = rng.nextDouble();
    Player who = rng.nextDouble() < 0.6 ? onStrike : other;
    if (u < profile.retiredHurtPerBall()) {
      return new Wicket("retired hurt", who.name(), List.of());
    }
    u -= profile.retiredHurtPerBall();
    if (u < profile.retiredOutPerBall()) {
      return new Wicket("retired out", who.name(), List.of());
    }
    u -= profile.retiredOutPerBall();
    if (u < profile.retiredNotOutPerBall()) {
      return new Wicket("retired not out", who.name(), List.of());
    }
    return null;
  }

  private Player outfielder(Player bowler) {
    List<Player> candidates = new ArrayList<>();
    for (Player p : setup.fieldingSide) {
      if (!p.equals(bowler) && !p.equals(setup.keeper)) {
        candidates.add(p);
      }
    }
    return candidates.get(rng.nextInt(candidates.size()));
  }

  private Fielder fielderOrSubstitute(Player player) {
    if (!setup.substitutes.isEmpty() && rng.nextDouble() < 0.03) {
      Player sub = setup.substitutes.get(rng.nextInt(setup.substitutes.size()));
      substitutesUsed.add(sub);
      return new Fielder(sub.name(), true);
    }
    return fielder(player);
  }

  private static Fielder fielder(Player player) {
    return new Fielder(player.name(), false);
  }

  private Review review(String by, Player batter, String decision) {
    String umpire =
        setup.umpires.isEmpty() ? null : setup.umpires.get(rng.nextInt(setup.umpires.size()));
    return new Review(by, umpire, batter.name(), decision, "wicket", rng.nextDouble() < 0.3);
  }

  /** Takes the dismissed (or retired) batter off and sends in the next one. */
  private void dismiss(Wicket wicket) {
    int position = -1;
    if (striker >= 0 && setup.battingOrder.get(striker).name().equals(wicket.playerOut())) {
      position = 0;
    } else if (nonStriker >= 0
        && setup.battingOrder.get(nonStriker).name().equals(wicket.playerOut())) {
      position = 1;
    }
    if (position < 0) {
      throw new IllegalStateException(wicket.playerOut() + " is not batting");
    }
    int who = position == 0 ? striker : nonStriker;
    boolean mayReturn = !wicket.countsAsWicket();
    state[who] = mayReturn ? RETIRED : OUT;
    if (!mayReturn) {
      wickets++;
    }
    int incoming = wickets >= setup.maxWickets ? -1 : incoming();
    if (mayReturn) {
      retired.add(who); // after choosing who comes in: not the batter who just went off
    }
    if (incoming >= 0) {
      state[incoming] = IN;
    }
    if (position == 0) {
      striker = incoming;
    } else {
      nonStriker = incoming;
    }
  }

  private int incoming() {
    int fresh = nextFresh();
    if (!retired.isEmpty() && (fresh < 0 || rng.nextDouble() < 0.3)) {
      return retired.remove(0);
    }
    return fresh;
  }

  private int nextFresh() {
    for (int i = 0; i < state.length; i++) {
      if (state[i] == YET) {
        return i;
      }
    }
    return -1;
  }

  private void swap() {
    int t = striker;
    striker = nonStriker;
    nonStriker = t;
  }

  // ---- bowling ----

  private Player chooseBowler(Player previous) {
    if (setup.superOver) {
      return setup.attack.get(0);
    }
    if (setup.maxOvers > 0) {
      return limitedOversBowler(previous);
    }
    return testBowler();
  }

  /**
   * Picks the bowler of a limited-overs over: never the previous over's, never beyond the quota (a
   * fifth of the overs), and never one that would leave the remaining overs impossible to share
   * out. Quicks are preferred with the new ball and at the death, spinners in the middle overs.
   */
  private Player limitedOversBowler(Player previous) {
    int quota = Math.max(1, setup.maxOvers / 5);
    int remainingAfter = setup.maxOvers - over - 1;
    List<Player> candidates = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    for (Player p : setup.attack) {
      int bowled = oversBowled.getOrDefault(p, 0);
      if (p.equals(previous) || bowled >= quota || !feasible(p, quota, remainingAfter)) {
        continue;
      }
      boolean powerplay = over < setup.maxOvers * 3 / 10;
      boolean death = over >= setup.maxOvers * 4 / 5;
      double w = p.bowling() * p.bowling();
      if (p.style() == Style.PACE) {
        w *= powerplay || death ? 2.0 : 0.8;
      } else {
        w *= powerplay || death ? 0.5 : 1.6;
      }
      if (p.role() != Role.BOWLER && p.role() != Role.ALLROUNDER) {
        w *= 0.35;
      }
      // Bowlers bowl spells: the one who bowled the over before last likely carries on.
      Integer last = lastOver.get(p);
      if (last != null && last == over - 2) {
        w *= 3;
      }
      candidates.add(p);
      weights.add(w);
    }
    if (candidates.isEmpty()) {
      for (Player p : setup.attack) {
        if (!p.equals(previous) && oversBowled.getOrDefault(p, 0) < quota) {
          return p;
        }
      }
      return setup.attack.get(0);
    }
    return candidates.get(weighted(weights));
  }

  /** Whether, after {@code chosen} bowls this over, the remaining overs can still be shared. */
  private boolean feasible(Player chosen, int quota, int remaining) {
    int capacity = 0;
    for (Player p : setup.attack) {
      int left = quota - oversBowled.getOrDefault(p, 0) - (p.equals(chosen) ? 1 : 0);
      int cap = p.equals(chosen) ? remaining / 2 : (remaining + 1) / 2;
      capacity += Math.max(0, Math.min(left, cap));
    }
    return capacity >= remaining;
  }

  /**
   * Picks the bowler of a Test over: two ends, each with a bowler in a spell (four to eight overs
   * for a quick, longer for a spinner); a fresh bowler is one rested longest, better ones first.
   */
  private Player testBowler() {
    int end = over % 2;
    if (endBowler[end] != null && spellLeft[end] > 0) {
      spellLeft[end]--;
      return endBowler[end];
    }
    Player other = endBowler[1 - end];
    List<Player> candidates = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    for (Player p : setup.attack) {
      if (p.equals(other) || p.equals(endBowler[end])) {
        continue;
      }
      Integer last = lastOver.get(p);
      double rest = last == null ? 12 : Math.min(12, over - last);
      double w = Math.pow(p.bowling(), 3) * (0.1 + rest);
      if (over < 2 && p.style() != Style.PACE) {
        w *= 0.02; // the new ball goes to the quicks
      }
      if (p.role() != Role.BOWLER && p.role() != Role.ALLROUNDER) {
        w *= 0.15;
      }
      candidates.add(p);
      weights.add(w);
    }
    Player chosen = candidates.get(weighted(weights));
    endBowler[end] = chosen;
    int spell =
        switch (chosen.style()) {
          case PACE -> 4 + rng.nextInt(5);
          case SPIN -> 6 + rng.nextInt(12);
          case NONE -> 1 + rng.nextInt(3);
        };
    if (chosen.role() != Role.BOWLER && chosen.role() != Role.ALLROUNDER) {
      spell = 1 + rng.nextInt(4);
    }
    spellLeft[end] = spell - 1;
    return chosen;
  }

  private int weighted(List<Double> weights) {
    double sum = 0;
    for (double w : weights) {
      sum += w;
    }
    double u = rng.nextDouble() * sum;
    for (int i = 0; i < weights.size(); i++) {
      u -= weights.get(i);
      if (u < 0) {
        return i;
      }
    }
    return weights.size() - 1;
  }
}
