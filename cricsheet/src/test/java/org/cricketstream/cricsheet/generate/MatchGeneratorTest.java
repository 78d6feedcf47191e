package org.cricketstream.cricsheet.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.cricketstream.cricsheet.model.Delivery;
import org.cricketstream.cricsheet.model.Extras;
import org.cricketstream.cricsheet.model.Fielder;
import org.cricketstream.cricsheet.model.Innings;
import org.cricketstream.cricsheet.model.Match;
import org.cricketstream.cricsheet.model.MatchFormat;
import org.cricketstream.cricsheet.model.Result;
import org.cricketstream.cricsheet.model.SourceFormat;
import org.cricketstream.cricsheet.model.Wicket;
import org.cricketstream.cricsheet.read.MatchFiles;
import org.cricketstream.cricsheet.score.InningsCard;
import org.cricketstream.cricsheet.score.OutcomeCheck;
import org.cricketstream.cricsheet.score.Scorecard;
import org.cricketstream.cricsheet.write.RoundTrip;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator's matches: read back exactly by the project's readers, decided as their deliveries
 * decide them, played by the laws, shaped like real cricket, reproducible from their seed, and
 * between them showing every kind of extra and dismissal, super-over ties and declarations.
 */
class MatchGeneratorTest {
  private static final long SEED = 4242L;
  private static final int T20S = 300;
  private static final int ODIS = 150;
  private static final int TESTS = 80;
  private static final Map<MatchFormat, List<Match>> MATCHES = new ConcurrentHashMap<>();

  /** The first {@code count} matches of a format with the test seed, made once per run. */
  private static List<Match> matches(MatchFormat format) {
    int count =
        switch (format) {
          case T20 -> T20S;
          case ODI -> ODIS;
          default -> TESTS;
        };
    return MATCHES.computeIfAbsent(
        format,
        f -> {
          MatchGenerator generator = new MatchGenerator(SEED);
          return IntStream.range(0, count).mapToObj(i -> generator.generate(f, i)).toList();
        });
  }

  private static List<Match> allMatches() {
    return Stream.of(MatchFormat.T20, MatchFormat.ODI, MatchFormat.TEST)
        .flatMap(f -> matches(f).stream())
        .toList();
  }

  // ---- the readers accept them, and the outcome is the deliveries' ----

  @Test
  void everyMatchReadsBackExactlyFromItsFormat() {
    List<String> differences = new ArrayList<>();
    for (Match match : allMatches()) {
      Match back = RoundTrip.through(match, match.info().source());
      if (!back.equals(match)) {
        differences.add(match.id());
      }
    }
    assertThat(differences).isEmpty();
    assertThat(matches(MatchFormat.T20)).allMatch(m -> m.info().source() == SourceFormat.JSON);
    assertThat(matches(MatchFormat.ODI)).allMatch(m -> m.info().source() == SourceFormat.CSV2);
    assertThat(matches(MatchFormat.TEST)).allMatch(m -> m.info().source() == SourceFormat.YAML);
  }

  @Test
  void writtenFilesAllReadWithoutErrorAndOutcomesAgree(@TempDir Path out) throws IOException {
    GeneratedSample.Summary summary =
        GeneratedSample.write(out, 99L, new GeneratedSample.Counts(40, 20, 10), m -> {});
    assertThat(summary.matches()).isEqualTo(70);
    assertThat(summary.files()).isEqualTo(40 + 2 * 20 + 10);
    List<MatchFiles.Item> items = new ArrayList<>();
    MatchFiles.read(List.of(out), items::add);
    assertThat(items).filteredOn(MatchFiles.Failed.class::isInstance).isEmpty();
    List<Match> parsed =
        items.stream()
            .filter(MatchFiles.Parsed.class::isInstance)
            .map(i -> ((MatchFiles.Parsed) i).match())
            .toList();
    assertThat(parsed).hasSize(70);
    MatchGenerator generator = new MatchGenerator(99L);
    for (Match match : parsed) {
      MatchFormat format = match.info().format();
      int index = Integer.parseInt(match.id()) % 1_000_000 - 1;
      assertThat(match).isEqualTo(generator.generate(format, index));
      if (OutcomeCheck.checkable(match)) {
        assertThat(OutcomeCheck.check(match, Scorecard.of(match)).agrees()).isTrue();
      }
    }
  }

  @Test
  void theRecordedOutcomeIsTheOneTheDeliveriesMake() {
    List<String> problems = new ArrayList<>();
    for (Match match : allMatches()) {
      Scorecard card = Scorecard.of(match);
      var outcome = match.info().outcome();
      String id = match.id();
      if (outcome.method() != null || outcome.bowlOutWinner() != null) {
        problems.add(id + ": decided by " + outcome.method());
      }
      switch (outcome.result()) {
        case WIN -> {
          if (!OutcomeCheck.check(match, card).agrees()) {
            problems.add(id + ": " + OutcomeCheck.check(match, card));
          }
        }
        case TIE -> {
          if (OutcomeCheck.computed(match, card).result() != Result.TIE) {
            problems.add(id + ": recorded a tie the deliveries do not make");
          }
          if (match.info().format().limitedOvers()
              && !outcome.eliminator().equals(superOverWinner(card))) {
            problems.add(id + ": eliminator " + outcome.eliminator() + " did not win it");
          }
        }
        case DRAW -> {
          if (match.info().format() != MatchFormat.TEST || !unfinished(match, card)) {
            problems.add(id + ": a draw in a match that was finished");
          }
        }
        case NO_RESULT -> problems.add(id + ": no result");
      }
    }
    assertThat(problems).isEmpty();
  }

  /** The side that won the last pair of super overs. */
  private static String superOverWinner(Scorecard card) {
    List<InningsCard> supers = card.innings().stream().filter(InningsCard::superOver).toList();
    InningsCard first = supers.get(supers.size() - 2);
    InningsCard second = supers.get(supers.size() - 1);
    assertThat(second.runs()).isNotEqualTo(first.runs());
    return second.runs() > first.runs() ? second.team() : first.team();
  }

  /** A Test that time ended: its last innings neither all out nor a completed chase. */
  private static boolean unfinished(Match match, Scorecard card) {
    InningsCard last = card.innings().get(card.innings().size() - 1);
    if (last.wickets() == 10) {
      return false;
    }
    if (card.innings().size() < 4) {
      return true;
    }
    var computed = OutcomeCheck.computed(match, card);
    return computed.result() != Result.WIN || computed.byWickets() == null;
  }

  // ---- the laws ----

  @Test
  void everyInningsIsPlayedByTheLaws() {
    List<String> problems = new ArrayList<>();
    for (Match match : allMatches()) {
      for (Innings innings : match.innings()) {
        laws(match, innings, problems);
      }
    }
    assertThat(problems).isEmpty();
  }

  private static void laws(Match match, Innings innings, List<String> problems) {
    MatchFormat format = match.info().format();
    String at = match.id() + " innings " + innings.number();
    List<Delivery> balls = innings.deliveries();
    int overLimit =
        innings.superOver()
            ? 1
            : (format == MatchFormat.T20 ? 20 : (format == MatchFormat.ODI ? 50 : 0));
    int quota = format == MatchFormat.T20 ? 4 : 10;
    int wicketLimit = innings.superOver() ? 2 : 10;
    Map<String, Integer> oversBy = new HashMap<>();
    Set<String> out = new HashSet<>();
    int wickets = 0;
    int runs = innings.penaltyRunsPre();
    Integer target = null;
    if (format.limitedOvers() && innings.number() == 2) {
      target = Scorecard.innings(match.innings().get(0), 6).runs() + 1;
    }
    String previousOverBowler = null;
    for (int i = 0; i < balls.size(); i++) {
      Delivery d = balls.get(i);
      String where = at + " " + d.label();
      boolean lastOfOver = i == balls.size() - 1 || balls.get(i + 1).over() != d.over();
      if (d.batter().equals(d.nonStriker())) {
        problems.add(where + ": one batter at both ends");
      }
      if (out.contains(d.batter()) || out.contains(d.nonStriker())) {
        problems.add(where + ": a dismissed batter bats again");
      }
      if (i == 0 || balls.get(i - 1).over() != d.over()) {
        if (d.bowler().equals(previousOverBowler)) {
          problems.add(where + ": " + d.bowler() + " bowls two overs running");
        }
        if (overLimit > 0 && oversBy.merge(d.bowler(), 1, Integer::sum) > quota) {
          problems.add(where + ": " + d.bowler() + " bowls more than " + quota + " overs");
        }
      } else if (!d.bowler().equals(balls.get(i - 1).bowler())) {
        problems.add(where + ": the bowler changes within the over");
      }
      runs += d.totalRuns();
      if (target != null && runs >= target && i != balls.size() - 1) {
        problems.add(where + ": the chase goes on after the target is reached");
      }
      for (Wicket w : d.wickets()) {
        if (!w.playerOut().equals(d.batter()) && !w.playerOut().equals(d.nonStriker())) {
          problems.add(where + ": " + w.playerOut() + " is out but not batting");
        }
        if (w.countsAsWicket()) {
          wickets++;
          out.add(w.playerOut());
        }
        // Off a wide or no-ball the bowler takes no wicket, but a wide can be stumped.
        if (!d.legal()
            && w.creditedToBowler()
            && !(d.extras().wides() > 0 && w.kind().equals("stumped"))) {
          problems.add(where + ": " + w.kind() + " off a wide or no-ball");
        }
      }
      if (wickets >= wicketLimit && i != balls.size() - 1) {
        problems.add(where + ": play goes on after the side is all out");
      }
      // The batters change ends on an odd number of runs run, and again at the end of the over.
      if (i < balls.size() - 1 && d.wickets().isEmpty()) {
        Delivery next = balls.get(i + 1);
        boolean crossed = ran(d) % 2 == 1;
        if (lastOfOver) {
          crossed = !crossed;
        }
        String expectedStriker = crossed ? d.nonStriker() : d.batter();
        if (!next.batter().equals(expectedStriker)) {
          problems.add(where + ": " + next.batter() + " on strike next, not " + expectedStriker);
        }
      }
      if (lastOfOver) {
        previousOverBowler = d.bowler();
        long legal = balls.stream().filter(b -> b.over() == d.over() && b.legal()).count();
        if (i != balls.size() - 1 && legal != 6) {
          problems.add(where + ": an over of " + legal + " legal balls");
        }
      }
    }
    if (overLimit > 0 && !balls.isEmpty() && balls.get(balls.size() - 1).over() >= overLimit) {
      problems.add(at + ": more than " + overLimit + " overs");
    }
    if (wickets > wicketLimit) {
      problems.add(at + ": " + wickets + " wickets");
    }
  }

  /** Runs the batters ran on a delivery: not boundaries, not the wide or no-ball itself. */
  private static int ran(Delivery d) {
    Extras e = d.extras();
    int bat = d.batterRuns() == 4 || d.batterRuns() == 6 ? 0 : d.batterRuns();
    int byes = e.byes() == 4 ? 0 : e.byes();
    int legbyes = e.legbyes() == 4 ? 0 : e.legbyes();
    int wides = e.wides() > 1 && e.wides() != 5 ? e.wides() - 1 : 0;
    return bat + byes + legbyes + wides;
  }

  // ---- shaped like real cricket ----

  @Test
  void t20FirstInningsTotalsAreMostly120To200() {
    List<Integer> totals = firstInningsTotals(MatchFormat.T20, 200);
    int median = totals.get(totals.size() / 2);
    long inBand = totals.stream().filter(t -> t >= 120 && t <= 200).count();
    assertThat(median).isBetween(130, 190);
    assertThat(inBand).isGreaterThanOrEqualTo(totals.size() * 7 / 10);
    assertThat(matches(MatchFormat.T20))
        .allMatch(m -> m.innings().stream().allMatch(i -> overs(i) <= 20));
  }

  @Test
  void odiAndTestInningsAreShapedLikeRealOnes() {
    List<Integer> odi = firstInningsTotals(MatchFormat.ODI, ODIS);
    assertThat(odi.get(odi.size() / 2)).isBetween(220, 300);
    List<Integer> test = firstInningsTotals(MatchFormat.TEST, TESTS);
    assertThat(test.get(test.size() / 2)).isBetween(270, 430);
    double days =
        matches(MatchFormat.TEST).stream()
            .mapToInt(m -> m.info().dates().size())
            .average()
            .orElse(0);
    assertThat(days).isBetween(3.5, 5.0);
    assertThat(matches(MatchFormat.TEST)).allMatch(m -> m.info().dates().size() <= 5);
    // The whole match is played within its days: 90 overs a day at most.
    assertThat(matches(MatchFormat.TEST))
        .allMatch(
            m ->
                m.innings().stream()
                        .mapToLong(i -> i.deliveries().stream().filter(Delivery::legal).count())
                        .sum()
                    <= 6L * 90 * m.info().dates().size());
  }

  private static List<Integer> firstInningsTotals(MatchFormat format, int count) {
    List<Integer> totals = new ArrayList<>();
    for (Match match : matches(format).subList(0, count)) {
      totals.add(Scorecard.innings(match.innings().get(0), 6).runs());
    }
    totals.sort(Integer::compare);
    return totals;
  }

  private static int overs(Innings innings) {
    return innings.deliveries().isEmpty()
        ? 0
        : innings.deliveries().get(innings.deliveries().size() - 1).over() + 1;
  }

  @Test
  void everyKindOfExtraAndDismissalOccurs() {
    Map<String, Integer> extras = new TreeMap<>();
    Map<String, Integer> kinds = new TreeMap<>();
    int substituteFielders = 0;
    int nonStrikerRunOuts = 0;
    int returnedAfterRetiringHurt = 0;
    for (Match match : allMatches()) {
      for (Innings innings : match.innings()) {
        Set<String> retiredHurt = new HashSet<>();
        for (Delivery d : innings.deliveries()) {
          Extras e = d.extras();
          count(extras, "wides", e.wides() > 0);
          count(extras, "noballs", e.noballs() > 0 && d.batterRuns() == 0);
          count(extras, "noballs with runs off the bat", e.noballs() > 0 && d.batterRuns() > 0);
          count(extras, "byes", e.byes() > 0);
          count(extras, "legbyes", e.legbyes() > 0);
          count(extras, "penalty", e.penalty() > 0);
          boolean strikerBack = retiredHurt.remove(d.batter());
          boolean nonStrikerBack = retiredHurt.remove(d.nonStriker());
          if (strikerBack || nonStrikerBack) {
            returnedAfterRetiringHurt++;
          }
          for (Wicket w : d.wickets()) {
            kinds.merge(w.kind(), 1, Integer::sum);
            if (w.fielders().stream().anyMatch(Fielder::substitute)) {
              substituteFielders++;
            }
            if (w.kind().equals("run out") && w.playerOut().equals(d.nonStriker())) {
              nonStrikerRunOuts++;
            }
            if (w.kind().equals("retired hurt")) {
              retiredHurt.add(w.playerOut());
            }
          }
        }
      }
    }
    assertThat(extras.keySet())
        .containsExactlyInAnyOrder(
            "wides", "noballs", "noballs with runs off the bat", "byes", "legbyes", "penalty");
    assertThat(new TreeSet<>(kinds.keySet()))
        .containsExactlyInAnyOrder(
            "bowled",
            "caught",
            "caught and bowled",
            "lbw",
            "stumped",
            "run out",
            "hit wicket",
            "hit the ball twice",
            "obstructing the field",
            "retired hurt",
            "retired out",
            "retired not out");
    assertThat(substituteFielders).isPositive();
    assertThat(nonStrikerRunOuts).isPositive();
    assertThat(returnedAfterRetiringHurt).isPositive();
  }

  private static void count(Map<String, Integer> counts, String key, boolean happened) {
    if (happened) {
      counts.merge(key, 1, Integer::sum);
    }
  }

  @Test
  void tiesAreSettledBySuperOversAndTestsHaveDeclarationsFollowOnsAndDraws() {
    List<Match> ties =
        Stream.concat(matches(MatchFormat.T20).stream(), matches(MatchFormat.ODI).stream())
            .filter(m -> m.info().outcome().result() == Result.TIE)
            .toList();
    assertThat(ties).isNotEmpty();
    for (Match tie : ties) {
      assertThat(tie.info().outcome().eliminator()).isNotNull();
      assertThat(tie.innings()).hasSizeGreaterThanOrEqualTo(4);
      assertThat(tie.innings().subList(2, tie.innings().size())).allMatch(Innings::superOver);
    }
    List<Match> tests = matches(MatchFormat.TEST);
    assertThat(tests).anyMatch(m -> m.innings().stream().anyMatch(Innings::declared));
    assertThat(tests)
        .anyMatch(
            m ->
                m.innings().size() >= 3
                    && m.innings().get(1).team().equals(m.innings().get(2).team()));
    assertThat(tests).anyMatch(m -> m.info().outcome().byInnings() != null);
    assertThat(tests).anyMatch(m -> m.info().outcome().result() == Result.DRAW);
    assertThat(tests).anyMatch(m -> m.info().outcome().byRuns() != null);
    assertThat(tests).anyMatch(m -> m.info().outcome().byWickets() != null);
  }

  @Test
  void sidesAreElevenNamedPlayersWithRegistryIds() {
    for (Match match : allMatches()) {
      Map<String, Integer> perTeam = new HashMap<>();
      match.info().players().forEach(p -> perTeam.merge(p.team(), 1, Integer::sum));
      assertThat(perTeam).containsOnlyKeys(match.info().teams());
      assertThat(perTeam.values()).containsOnly(11);
      assertThat(match.info().players())
          .allMatch(p -> p.registryId() != null && p.registryId().matches("[0-9a-f]{8}"));
      assertThat(match.info().people().values()).doesNotHaveDuplicates();
      assertThat(match.id()).matches("9[123][0-9]{6}");
    }
  }

  // ---- reproducible ----

  @Test
  void theSameSeedWritesTheSameBytes(@TempDir Path dir) throws IOException {
    GeneratedSample.Counts counts = new GeneratedSample.Counts(12, 6, 3);
    GeneratedSample.write(dir.resolve("a"), 7L, counts, m -> {});
    GeneratedSample.write(dir.resolve("b"), 7L, counts, m -> {});
    GeneratedSample.write(dir.resolve("c"), 8L, counts, m -> {});
    Map<Path, byte[]> a = files(dir.resolve("a"));
    Map<Path, byte[]> b = files(dir.resolve("b"));
    Map<Path, byte[]> c = files(dir.resolve("c"));
    assertThat(a).hasSize(12 + 2 * 6 + 3);
    assertThat(b.keySet()).isEqualTo(a.keySet());
    for (Path file : a.keySet()) {
      assertThat(b.get(file)).as(file.toString()).isEqualTo(a.get(file));
    }
    assertThat(c.keySet()).isEqualTo(a.keySet());
    assertThat(a.keySet()).anyMatch(file -> !java.util.Arrays.equals(a.get(file), c.get(file)));
  }

  @Test
  void aMatchDependsOnlyOnTheSeedItsFormatAndItsIndex() {
    MatchGenerator one = new MatchGenerator(SEED);
    MatchGenerator other = new MatchGenerator(SEED);
    other.generate(MatchFormat.TEST, 5);
    assertThat(other.generate(MatchFormat.ODI, 17)).isEqualTo(one.generate(MatchFormat.ODI, 17));
    assertThat(one.generate(MatchFormat.T20, 3)).isEqualTo(matches(MatchFormat.T20).get(3));
  }

  private static Map<Path, byte[]> files(Path root) throws IOException {
    Map<Path, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(file), Files.readAllBytes(file));
      }
    }
    return files;
  }
}
