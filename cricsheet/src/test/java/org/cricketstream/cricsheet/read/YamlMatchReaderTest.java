package org.cricketstream.cricsheet.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.cricketstream.cricsheet.TestData;
import org.cricketstream.cricsheet.model.Delivery;
import org.cricketstream.cricsheet.model.Extras;
import org.cricketstream.cricsheet.model.Fielder;
import org.cricketstream.cricsheet.model.Innings;
import org.cricketstream.cricsheet.model.Match;
import org.cricketstream.cricsheet.model.MatchFormat;
import org.cricketstream.cricsheet.model.Replacement;
import org.cricketstream.cricsheet.model.Result;
import org.cricketstream.cricsheet.model.SourceFormat;
import org.cricketstream.cricsheet.model.Wicket;
import org.cricketstream.cricsheet.score.OutcomeCheck;
import org.cricketstream.cricsheet.score.Scorecard;
import org.junit.jupiter.api.Test;

/**
 * Quirks of Cricsheet's YAML format (Tests), each pinned on the hand-written fixture
 * fixtures/yaml/900002.yaml and, where the real sample is present, on a real file that has it.
 */
class YamlMatchReaderTest {

  private static Match fixture() {
    return MatchFiles.readMatch(TestData.fixtures().resolve("yaml/900002.yaml"));
  }

  private static Match real(String file) {
    Path real = TestData.real().orElse(null);
    assumeTrue(real != null, "no real Cricsheet data (set " + TestData.ENV + ")");
    return MatchFiles.readMatch(real.resolve("test_yaml").resolve(file));
  }

  private static List<Delivery> over(Match match, int innings, int over) {
    return match.innings().get(innings - 1).deliveries().stream()
        .filter(d -> d.over() == over)
        .toList();
  }

  private static Delivery delivery(Match match, int innings, String label) {
    return match.innings().get(innings - 1).deliveries().stream()
        .filter(d -> d.label().equals(label))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void fixtureInfoIsReadAsWritten() {
    Match match = fixture();

    assertThat(match.info().source()).isEqualTo(SourceFormat.YAML);
    assertThat(match.info().dataVersion()).isEqualTo("0.92");
    assertThat(match.info().format()).isEqualTo(MatchFormat.TEST);
    assertThat(match.info().season()).isNull();
    assertThat(match.info().matchTypeNumber()).isNull();
    assertThat(match.info().dates()).hasSize(3);
    // YAML has "umpires" under info, not "officials"
    assertThat(match.info().officials().umpires()).containsExactly("X Official", "Y Official");
    assertThat(match.info().outcome().result()).isEqualTo(Result.WIN);
    assertThat(match.info().outcome().winner()).isEqualTo("Dunmore");
    assertThat(match.info().outcome().byWickets()).isEqualTo(9);
    assertThat(match.innings()).extracting(Innings::superOver).containsOnly(false);
    assertThat(match.innings())
        .extracting(Innings::team, Innings::declared)
        .containsExactly(
            tuple("Caldera", true),
            tuple("Dunmore", true),
            tuple("Caldera", true),
            tuple("Dunmore", false));
  }

  /** YAML writes "batsman" where JSON writes "batter", in the delivery and in its runs. */
  @Test
  void batsmanKeyIsTheBatter() {
    Delivery first = fixture().innings().get(1).deliveries().get(0);

    assertThat(first.batter()).isEqualTo("L Lark");
    assertThat(first.nonStriker()).isEqualTo("M Merlin");
    assertThat(first.bowler()).isEqualTo("J Jay");
    assertThat(first.batterRuns()).isEqualTo(2);
    assertThat(first.totalRuns()).isEqualTo(2);
  }

  /**
   * The label "1.10" is the tenth delivery of over 1 (four wides and no-balls in it). A naive YAML
   * load reads it as the float 1.1, the same as the first ball; the reader keeps it as text.
   */
  @Test
  void yamlBallLabel1_10StaysText() {
    List<Delivery> over = over(fixture(), 1, 1);

    assertThat(over)
        .extracting(Delivery::label)
        .containsExactly("1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "1.10");
    Delivery tenth = over.get(9);
    assertThat(tenth.ball()).isEqualTo(10);
    assertThat(tenth.batterRuns()).isEqualTo(4);
    assertThat(tenth.key()).isEqualTo("900002/1/1.10").isNotEqualTo(over.get(0).key());
    assertThat(over).filteredOn(Delivery::legal).hasSize(6);
  }

  /** South Africa v West Indies 2005: over 179 of the 2nd innings had ten deliveries. */
  @Test
  void yamlBallLabel179_10StaysTextInRealFile() {
    List<Delivery> over = over(real("208321.yaml"), 2, 179);

    assertThat(over).hasSize(10);
    assertThat(over.get(9).label()).isEqualTo("179.10");
    assertThat(over.get(9).ball()).isEqualTo(10);
    assertThat(over.get(0).label()).isEqualTo("179.1");
  }

  /** A wicket written as a list: Crane stumped and Brand retired hurt on the same ball (2.3). */
  @Test
  void wicketAsAListIsTwoDismissalsOnOneBall() {
    Delivery ball = delivery(fixture(), 1, "2.3");

    assertThat(ball.wickets())
        .containsExactly(
            new Wicket("stumped", "C Crane", List.of(new Fielder("M Merlin", false))),
            new Wicket("retired hurt", "B Brand", List.of()));
    assertThat(Scorecard.of(fixture()).innings().get(0).wickets()).isEqualTo(2);
  }

  /** Australia v Pakistan, Dubai 2014: Sarfraz stumped and Zulfiqar Babar retired hurt on 144.4. */
  @Test
  void wicketAsAListIsTwoDismissalsOnOneBallInRealFile() {
    Delivery ball = delivery(real("727927.yaml"), 1, "144.4");

    assertThat(ball.wickets())
        .containsExactly(
            new Wicket("stumped", "Sarfraz Ahmed", List.of(new Fielder("BJ Haddin", false))),
            new Wicket("retired hurt", "Zulfiqar Babar", List.of()));
  }

  /** YAML fielders are plain strings; a substitute is written "Name (sub)". */
  @Test
  void substituteFielderSuffixIsStripped() {
    Match match = fixture();

    assertThat(delivery(match, 1, "1.8").wickets().get(0).fielders())
        .containsExactly(new Fielder("W Wren", true));
    assertThat(delivery(match, 2, "1.5").wickets().get(0).fielders())
        .containsExactly(new Fielder("H Heron", false));
  }

  @Test
  void substituteFielderSuffixIsStrippedInRealFile() {
    Match match = real("727927.yaml");

    assertThat(delivery(match, 2, "102.1").wickets().get(0).fielders())
        .containsExactly(new Fielder("Shan Masood", true));
    // a disambiguating suffix is part of the name, unlike " (sub)"
    assertThat(match.info().players())
        .anyMatch(p -> p.name().equals("Imran Khan (2)") && p.team().equals("Pakistan"));
  }

  /** Five runs awarded to Dunmore before their innings: on the board before the first ball. */
  @Test
  void penaltyRunsPreAreKeptOnTheInnings() {
    Innings dunmore = fixture().innings().get(1);

    assertThat(dunmore.penaltyRunsPre()).isEqualTo(5);
    assertThat(dunmore.penaltyRunsPost()).isZero();
    assertThat(dunmore.deliveries().stream().mapToInt(Delivery::totalRuns).sum()).isEqualTo(15);
    assertThat(Scorecard.of(fixture()).innings().get(1).runs()).isEqualTo(20);
  }

  /** A penalty extra on a ball (3rd innings, 1.2) is an extra of that ball, not of the innings. */
  @Test
  void penaltyExtraOnABall() {
    Match match = fixture();

    assertThat(delivery(match, 3, "1.2").extras()).isEqualTo(new Extras(0, 0, 0, 0, 5));
    assertThat(match.innings().get(2).inningsPenaltyRuns()).isZero();
  }

  /** England v Sri Lanka, Kandy 2018: England's 290 all out includes 5 runs awarded after it. */
  @Test
  void penaltyRunsPostCountInTotalInRealFile() {
    Match match = real("1140386.yaml");
    Innings england = match.innings().get(0);

    assertThat(england.penaltyRunsPost()).isEqualTo(5);
    assertThat(england.deliveries().stream().mapToInt(Delivery::totalRuns).sum()).isEqualTo(285);
    assertThat(Scorecard.of(match).innings().get(0).runs()).isEqualTo(290);
    assertThat(OutcomeCheck.check(match, Scorecard.of(match)).agrees()).isTrue();
  }

  /** India v New Zealand, Indore 2016: the penalty_runs key comes after the deliveries. */
  @Test
  void penaltyRunsPreInRealFile() {
    assertThat(real("1030217.yaml").innings().get(1).penaltyRunsPre()).isEqualTo(5);
  }

  /** Ranchi 2019: de Bruyn came in for the concussed Elgar, recorded on the ball it happened. */
  @Test
  void concussionReplacementIsRecordedOnTheBall() {
    Match match = real("1187009.yaml");

    List<Replacement> replacements =
        match.deliveries().stream().flatMap(d -> d.replacements().stream()).toList();
    assertThat(replacements)
        .contains(
            new Replacement(
                Replacement.Kind.MATCH,
                "TB de Bruyn",
                "D Elgar",
                "concussion_substitute",
                "South Africa",
                null));
  }

  /** England v Pakistan, The Oval 2006: Pakistan refused to take the field; awarded to England. */
  @Test
  void awardedMatchInRealFile() {
    Match match = real("225258.yaml");

    assertThat(match.info().outcome().awarded()).isTrue();
    assertThat(match.info().outcome().winner()).isEqualTo("England");
    assertThat(match.innings()).hasSize(3);
    assertThat(OutcomeCheck.checkable(match)).isFalse();
  }

  @Test
  void neutralVenueFlagInRealFile() {
    assertThat(real("727927.yaml").info().neutralVenue()).isTrue();
    assertThat(real("1187009.yaml").info().neutralVenue()).isFalse();
  }
}
