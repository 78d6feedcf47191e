package org.cricketstream.cricsheet.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cricketstream.cricsheet.TestData;
import org.cricketstream.cricsheet.model.BowlOutAttempt;
import org.cricketstream.cricsheet.model.Delivery;
import org.cricketstream.cricsheet.model.Fielder;
import org.cricketstream.cricsheet.model.Innings;
import org.cricketstream.cricsheet.model.Match;
import org.cricketstream.cricsheet.model.MatchFormat;
import org.cricketstream.cricsheet.model.Outcome;
import org.cricketstream.cricsheet.model.PlayerAppearance;
import org.cricketstream.cricsheet.model.Result;
import org.cricketstream.cricsheet.model.Review;
import org.cricketstream.cricsheet.model.SourceFormat;
import org.cricketstream.cricsheet.model.Target;
import org.cricketstream.cricsheet.model.Wicket;
import org.cricketstream.cricsheet.score.InningsCard;
import org.cricketstream.cricsheet.score.OutcomeCheck;
import org.cricketstream.cricsheet.score.Scorecard;
import org.junit.jupiter.api.Test;

/**
 * Quirks of Cricsheet's JSON format, each pinned on the hand-written fixture (or a copy of it
 * edited here to carry the quirk) and, where the real sample is present, on a real file that has
 * it.
 */
class JsonMatchReaderTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Path FIXTURE = TestData.fixtures().resolve("json/900001.json");

  private static Match fixture() {
    return MatchFiles.readMatch(FIXTURE);
  }

  /** The fixture as a JSON tree, to be edited and read again with {@link #read}. */
  private static ObjectNode fixtureTree() throws IOException {
    return (ObjectNode) MAPPER.readTree(FIXTURE.toFile());
  }

  private static Match read(ObjectNode document) throws IOException {
    byte[] bytes = MAPPER.writeValueAsBytes(document);
    return CricsheetReader.json("900001", "edited 900001.json", new ByteArrayInputStream(bytes));
  }

  private static Match real(String file) {
    Path real = TestData.real().orElse(null);
    assumeTrue(real != null, "no real Cricsheet data (set " + TestData.ENV + ")");
    return MatchFiles.readMatch(real.resolve("t20i_json").resolve(file));
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

    assertThat(match.id()).isEqualTo("900001");
    assertThat(match.info().source()).isEqualTo(SourceFormat.JSON);
    assertThat(match.info().dataVersion()).isEqualTo("1.1.0");
    assertThat(match.info().format()).isEqualTo(MatchFormat.T20);
    assertThat(match.info().scheduledOvers()).isEqualTo(2);
    assertThat(match.info().teams()).containsExactly("Avalon", "Brigadoon");
    assertThat(match.info().venue()).isEqualTo("Fixture Oval, Avalon City");
    assertThat(match.info().officials().umpires()).containsExactly("X Umpire", "Y Umpire");
    assertThat(match.info().players()).hasSize(22).allMatch(p -> p.registryId() != null);
    assertThat(match.info().people()).containsEntry("W Walsh", "b000000c");
    assertThat(match.innings())
        .extracting(Innings::team, Innings::superOver)
        .containsExactly(
            tuple("Avalon", false),
            tuple("Brigadoon", false),
            tuple("Brigadoon", true),
            tuple("Avalon", true));
    assertThat(match.innings().get(1).target()).isEqualTo(new Target(31, "2"));
    assertThat(match.info().outcome())
        .isEqualTo(new Outcome(Result.TIE, null, null, null, null, null, "Avalon", null));
  }

  /** "season": 2024 and "match_number": 1 are JSON numbers; the model keeps them as text. */
  @Test
  void seasonAsIntegerIsText() throws IOException {
    assertThat(fixtureTree().get("info").get("season").isInt()).isTrue();
    Match match = fixture();
    assertThat(match.info().season()).isEqualTo("2024");
    assertThat(match.info().event().matchNumber()).isEqualTo("1");
  }

  @Test
  void seasonAsIntegerIsTextInRealFile() {
    assertThat(real("1031433.json").info().season()).isEqualTo("2017");
  }

  /**
   * B Baker retired hurt at 0.4 and came back at 1.5: the retirement is recorded on the ball, but
   * it is not a wicket, is not the bowler's, and he ends not out.
   */
  @Test
  void retiredHurtIsNotAWicket() {
    Match match = fixture();
    Wicket retired = delivery(match, 1, "0.4").wickets().get(0);

    assertThat(retired.kind()).isEqualTo("retired hurt");
    assertThat(retired.playerOut()).isEqualTo("B Baker");
    assertThat(retired.countsAsWicket()).isFalse();
    assertThat(retired.creditedToBowler()).isFalse();
    InningsCard card = Scorecard.of(match).innings().get(0);
    assertThat(card.wickets()).isEqualTo(2);
    assertThat(card.fallOfWickets()).extracting(f -> f.playerOut()).doesNotContain("B Baker");
  }

  /** PNG v Vanuatu 2023: a catch and a retirement hurt on the same ball; one wicket falls. */
  @Test
  void retiredHurtOnTheSameBallAsACatchInRealFile() {
    Match match = real("1383095.json");
    Delivery ball = delivery(match, 2, "14.2");

    assertThat(ball.wickets())
        .extracting(Wicket::kind, Wicket::playerOut, Wicket::countsAsWicket)
        .containsExactly(
            tuple("caught", "R Tari", true), tuple("retired hurt", "PK Matautaava", false));
  }

  @Test
  void substituteFielderIsFlagged() {
    Match match = fixture();

    assertThat(delivery(match, 1, "0.8").wickets().get(0).fielders())
        .containsExactly(new Fielder("W Walsh", true));
    assertThat(delivery(match, 1, "1.4").wickets().get(0).fielders())
        .containsExactly(new Fielder("L Lewis", false));
  }

  /** Dawson ran all four at 1.2: four runs to the batter, but no boundary. */
  @Test
  void nonBoundaryFourIsRecorded() {
    Delivery ran = delivery(fixture(), 1, "1.2");

    assertThat(ran.batterRuns()).isEqualTo(4);
    assertThat(ran.nonBoundary()).isTrue();
    assertThat(delivery(fixture(), 1, "0.3").nonBoundary()).isFalse();
  }

  /** JSON does not label balls: a wide or no-ball takes a place in the over, so 0.8 exists. */
  @Test
  void ballsAreNumberedByTheirPlaceInTheOverCountingWidesAndNoBalls() {
    Innings first = fixture().innings().get(0);

    assertThat(first.deliveries())
        .extracting(Delivery::label)
        .containsExactly(
            "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "1.1", "1.2", "1.3", "1.4",
            "1.5", "1.6");
    assertThat(first.deliveries().get(1).extras().wides()).isEqualTo(1);
    assertThat(first.deliveries().get(1).legal()).isFalse();
    assertThat(first.deliveries().get(4).extras().noballs()).isEqualTo(1);
    assertThat(first.deliveries().get(4).bowlerRuns()).isEqualTo(3);
    assertThat(first.deliveries().get(13).key()).isEqualTo("900001/1/1.6");
  }

  @Test
  void reviewIsRecorded() {
    assertThat(delivery(fixture(), 2, "1.4").review())
        .isEqualTo(new Review("Brigadoon", "X Umpire", "L Lewis", "struck down", "wicket", false));
  }

  /** Five penalty runs awarded after an innings are not on any ball but count in its total. */
  @Test
  void penaltyRunsPostCountInTotal() throws IOException {
    ObjectNode document = fixtureTree();
    ((ObjectNode) document.get("innings").get(3)).putObject("penalty_runs").put("post", 5);

    Match match = read(document);

    Innings superOver = match.innings().get(3);
    assertThat(superOver.penaltyRunsPost()).isEqualTo(5);
    assertThat(superOver.penaltyRunsPre()).isZero();
    InningsCard card = Scorecard.of(match).innings().get(3);
    assertThat(card.runs()).isEqualTo(11 + 5);
    assertThat(card.penaltyRuns()).isEqualTo(5);
  }

  /** Belgium v Malta 2021: Malta 125 all out, plus 5 penalty runs after the innings: 130. */
  @Test
  void penaltyRunsPostCountInTotalInRealFile() {
    Match match = real("1268191.json");

    assertThat(match.innings().get(1).penaltyRunsPost()).isEqualTo(5);
    assertThat(Scorecard.of(match).innings().get(1).runs()).isEqualTo(130);
  }

  /** A tie settled by a bowl-out: the attempts are kept in order, and who won it. */
  @Test
  void bowlOutIsRecorded() throws IOException {
    ObjectNode document = fixtureTree();
    ObjectNode info = (ObjectNode) document.get("info");
    info.putObject("outcome").put("result", "tie").put("bowl_out", "Brigadoon");
    ArrayNode attempts = info.putArray("bowl_out");
    attempts.addObject().put("bowler", "J Jones").put("outcome", "miss");
    attempts.addObject().put("bowler", "S Scott").put("outcome", "hit");
    ArrayNode innings = (ArrayNode) document.get("innings");
    innings.remove(3);
    innings.remove(2);

    Match match = read(document);

    assertThat(match.info().bowlOut())
        .containsExactly(
            new BowlOutAttempt("J Jones", "miss"), new BowlOutAttempt("S Scott", "hit"));
    assertThat(match.info().outcome().result()).isEqualTo(Result.TIE);
    assertThat(match.info().outcome().bowlOutWinner()).isEqualTo("Brigadoon");
    assertThat(match.info().outcome().describe()).isEqualTo("tie (Brigadoon won the bowl-out)");
    assertThat(OutcomeCheck.checkable(match)).isFalse();
  }

  /** India v Pakistan, World T20 2007: tied on 141, India won the bowl-out 3-0. */
  @Test
  void bowlOutIsRecordedInRealFile() {
    Match match = real("287862.json");

    assertThat(match.info().bowlOut())
        .containsExactly(
            new BowlOutAttempt("V Sehwag", "hit"),
            new BowlOutAttempt("Yasir Arafat", "miss"),
            new BowlOutAttempt("Harbhajan Singh", "hit"),
            new BowlOutAttempt("Umar Gul", "miss"),
            new BowlOutAttempt("RV Uthappa", "hit"),
            new BowlOutAttempt("Shahid Afridi", "miss"));
    assertThat(match.info().outcome().describe()).isEqualTo("tie (India won the bowl-out)");
  }

  /** An awarded match has a winner but no margin, and cannot be recomputed from the balls. */
  @Test
  void awardedMatch() throws IOException {
    ObjectNode document = fixtureTree();
    ((ObjectNode) document.get("info"))
        .putObject("outcome")
        .put("winner", "Brigadoon")
        .put("method", "Awarded");

    Outcome outcome = read(document).info().outcome();

    assertThat(outcome.awarded()).isTrue();
    assertThat(outcome.result()).isEqualTo(Result.WIN);
    assertThat(outcome.winner()).isEqualTo("Brigadoon");
    assertThat(outcome.byRuns()).isNull();
    assertThat(outcome.byWickets()).isNull();
    assertThat(outcome.decidedOnTheField()).isFalse();
    assertThat(outcome.describe()).isEqualTo("Brigadoon won (Awarded)");
  }

  /** Ghana tour of Rwanda 2021, 4th T20I: Rwanda had batted 5 overs when Ghana were awarded it. */
  @Test
  void awardedMatchInRealFile() {
    Match match = real("1273144.json");

    assertThat(match.info().outcome().awarded()).isTrue();
    assertThat(match.info().outcome().winner()).isEqualTo("Ghana");
    assertThat(OutcomeCheck.checkable(match)).isFalse();
  }

  /**
   * miscounted_overs is keyed by the over number as the deliveries have it (0-based): in Zimbabwe v
   * Singapore 2022 the umpires allowed 7 legal balls in over "14" of Singapore's innings.
   */
  @Test
  void miscountedOverKeyIsTheDeliveriesOverNumber() {
    Innings singapore = real("1321465.json").innings().get(1);

    assertThat(singapore.miscountedOvers()).containsExactly(Map.entry(14, 7));
    assertThat(singapore.deliveries().stream().filter(d -> d.over() == 14 && d.legal())).hasSize(7);
  }

  /**
   * A supersub is named in the side and in info.supersubs. The match should list each player once
   * per team (natural keys are unique), as a supersub.
   */
  @Test
  void supersubIsOnePlayerAppearance() throws IOException {
    ObjectNode document = fixtureTree();
    ((ObjectNode) document.get("info")).putObject("supersubs").put("Brigadoon", "V Vance");

    List<PlayerAppearance> vance =
        read(document).info().players().stream().filter(p -> p.name().equals("V Vance")).toList();

    assertThat(vance)
        .singleElement()
        .extracting(PlayerAppearance::team, PlayerAppearance::role)
        .containsExactly("Brigadoon", PlayerAppearance.Role.SUPERSUB);
  }

  /** South Africa v New Zealand 2005, the supersub era: JAH Marshall was New Zealand's supersub. */
  @Test
  void supersubIsOnePlayerAppearanceInRealFile() {
    List<PlayerAppearance> marshall =
        real("222678.json").info().players().stream()
            .filter(p -> p.name().equals("JAH Marshall"))
            .toList();

    assertThat(marshall)
        .singleElement()
        .extracting(PlayerAppearance::team, PlayerAppearance::role)
        .containsExactly("New Zealand", PlayerAppearance.Role.SUPERSUB);
  }

  @Test
  void theFixtureIsTheFileOnDisk() throws IOException {
    // guards the edits above: they start from the file the other tests read
    assertThat(read(fixtureTree())).isEqualTo(fixture());
    assertThat(Files.readString(FIXTURE)).startsWith("{\n  \"meta\": {");
  }
}
