package org.cricketstream.cricsheet.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.cricketstream.cricsheet.Samples;
import org.cricketstream.cricsheet.TestData;
import org.cricketstream.cricsheet.model.Match;
import org.cricketstream.cricsheet.model.MatchInfo;
import org.cricketstream.cricsheet.model.SourceFormat;
import org.cricketstream.cricsheet.read.CricsheetData;
import org.cricketstream.cricsheet.read.CsvMatchReader;
import org.cricketstream.cricsheet.read.MatchFiles;
import org.cricketstream.cricsheet.score.BattingEntry;
import org.cricketstream.cricsheet.score.FallOfWicket;
import org.cricketstream.cricsheet.score.InningsCard;
import org.cricketstream.cricsheet.score.Scorecard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every match read from a file of some format reads back the same after being written in that
 * format, and as {@link CricsheetWriter#carried} says after being written in any other; CSV2 is
 * written exactly as Cricsheet writes it. Run over the hand-written fixtures always and over the
 * real Cricsheet sample when it is present.
 */
class CricsheetWriterTest {

  @ParameterizedTest
  @ValueSource(strings = {Samples.FIXTURES, Samples.REAL, Samples.GENERATED})
  void aMatchReadsBackTheSameFromItsOwnFormat(String sample) {
    List<String> differences = new ArrayList<>();
    List<MatchFiles.Parsed> parsed = Samples.parsed(sample);
    for (MatchFiles.Parsed one : parsed) {
      Match match = one.match();
      Match back = RoundTrip.through(match, match.info().source());
      if (!back.equals(match)) {
        differences.add(one.origin() + ": " + Differences.between(match, back));
      }
    }
    assertThat(parsed).isNotEmpty();
    assertThat(differences).isEmpty();
  }

  /**
   * An oracle apart from the writers, the readers and {@link CricsheetWriter#carried}: whatever the
   * format, the match keeps its scorecard (every run, extra and wicket, from the scorecard code,
   * itself checked against Cricsheet's recorded outcomes) and the facts every Cricsheet format has
   * a place for, listed here by hand.
   */
  @ParameterizedTest
  @ValueSource(strings = {Samples.FIXTURES, Samples.REAL, Samples.GENERATED})
  void everyFormatKeepsTheScorecardAndTheMatchFacts(String sample) {
    List<String> differences = new ArrayList<>();
    eachRoundTrip(
        sample,
        (one, format, back) -> {
          Match match = one.match();
          if (!facts(back).equals(facts(match))) {
            differences.add(
                one.origin() + " as " + format + ": " + facts(match) + " became " + facts(back));
          }
          Scorecard expected = Scorecard.of(match);
          Scorecard actual = Scorecard.of(back);
          if (format == SourceFormat.CSV2) {
            expected = withoutCsv2Gaps(expected, match);
            actual = withoutCsv2Gaps(actual, back);
          }
          if (!actual.equals(expected)) {
            differences.add(
                one.origin()
                    + " as "
                    + format
                    + ": the scorecard differs: "
                    + Differences.between(expected, actual));
          }
        });
    assertThat(differences).isEmpty();
  }

  /** What one match read back as, written in one format. */
  private interface RoundTripCheck {
    void check(MatchFiles.Parsed original, SourceFormat format, Match back);
  }

  /**
   * Writes every match of the sample in every format that can hold it and reads it back: every
   * match of the small samples, every fourth of the real one, which still spans its quirks.
   */
  private static void eachRoundTrip(String sample, RoundTripCheck check) {
    List<MatchFiles.Parsed> parsed = Samples.parsed(sample);
    assertThat(parsed).isNotEmpty();
    int step = Samples.REAL.equals(sample) ? 4 : 1;
    for (int n = 0; n < parsed.size(); n += step) {
      MatchFiles.Parsed one = parsed.get(n);
      Match match = one.match();
      for (SourceFormat format : SourceFormat.values()) {
        if (format == SourceFormat.CSV2
            && match.innings().stream().anyMatch(i -> i.deliveries().isEmpty())) {
          continue; // CSV2 cannot record a forfeited innings
        }
        check.check(one, format, RoundTrip.through(match, format));
      }
    }
  }

  /**
   * A scorecard without what CSV2 has no column for (Cricsheet's CSV2 layout): the fielders of a
   * dismissal, whether four or six runs off the bat were not a boundary, and penalty runs awarded
   * to an innings before or after it (its {@code penalty} column is per ball). {@code match} is the
   * match the card was computed from, whose innings give those penalty runs.
   */
  private static Scorecard withoutCsv2Gaps(Scorecard card, Match match) {
    List<InningsCard> innings = new ArrayList<>();
    for (int n = 0; n < card.innings().size(); n++) {
      InningsCard i = card.innings().get(n);
      int pre = match.innings().get(n).penaltyRunsPre();
      int inningsPenalty = pre + match.innings().get(n).penaltyRunsPost();
      innings.add(
          new InningsCard(
              i.number(),
              i.team(),
              i.superOver(),
              i.runs() - inningsPenalty,
              i.wickets(),
              i.legalBalls(),
              i.penaltyRuns() - inningsPenalty,
              i.extras(),
              i.batting().stream()
                  .map(
                      b ->
                          new BattingEntry(
                              b.batter(),
                              b.runs(),
                              b.balls(),
                              0,
                              0,
                              b.dismissal(),
                              b.bowler(),
                              List.of()))
                  .toList(),
              i.bowling(),
              i.fallOfWickets().stream()
                  .map(f -> new FallOfWicket(f.wicket(), f.runs() - pre, f.playerOut(), f.ball()))
                  .toList(),
              i.partnerships()));
    }
    return new Scorecard(
        card.match(), card.format(), card.teams(), card.outcome(), card.ballsPerOver(), innings);
  }

  private static List<Object> facts(Match match) {
    MatchInfo info = match.info();
    return List.of(
        info.teams(),
        info.dates(),
        String.valueOf(info.venue()),
        String.valueOf(info.toss()),
        String.valueOf(info.outcome()),
        info.ballsPerOver(),
        match.innings().stream().map(i -> i.team() + ":" + i.deliveries().size()).toList());
  }

  /**
   * {@link CricsheetWriter#carried} (which the match generator uses to make matches any format can
   * hold) says exactly what the writers and readers keep: checked against them, field by field.
   */
  @ParameterizedTest
  @ValueSource(strings = {Samples.FIXTURES, Samples.REAL, Samples.GENERATED})
  void carriedSaysExactlyWhatEveryOtherFormatKeeps(String sample) {
    List<String> differences = new ArrayList<>();
    eachRoundTrip(
        sample,
        (one, format, back) -> {
          Match match = one.match();
          if (format == match.info().source()) {
            return; // its own format keeps everything: aMatchReadsBackTheSameFromItsOwnFormat
          }
          Match expected = CricsheetWriter.carried(match, format, match.info().format());
          if (!back.equals(expected)) {
            differences.add(
                one.origin() + " as " + format + ": " + Differences.between(expected, back));
          }
        });
    assertThat(differences).isEmpty();
  }

  /**
   * Files of the shared sample that our writer does not yet reproduce byte for byte (17 of its 600
   * CSV2 files, found when this oracle was added): each is a difference to explain, in the writer
   * or in what the model keeps. Take a file off the list when it is explained; a file not listed
   * that differs fails the test.
   */
  private static final Set<String> NOT_YET_REPRODUCED =
      Set.of(
          "1185312.csv",
          "1206059_info.csv",
          "1262757_info.csv",
          "1263161_info.csv",
          "1263162_info.csv",
          "1263163_info.csv",
          "247460.csv",
          "249379.csv",
          "256614.csv",
          "267715.csv",
          "297799.csv",
          "352666.csv",
          "361045.csv",
          "375462.csv",
          "64933.csv",
          "656427.csv",
          "660837.csv");

  /**
   * An oracle outside this code: Cricsheet's own writer. Its CSV2 files, read and written again,
   * come out byte for byte as Cricsheet published them, ball rows and info file alike.
   */
  @Test
  void csvIsWrittenByteForByteAsCricsheetWritesIt() throws IOException {
    Optional<Path> real = TestData.real();
    assumeTrue(real.isPresent(), "needs the real Cricsheet sample (CRICSHEET_DATA)");
    List<Path> balls;
    try (Stream<Path> files = Files.list(real.get().resolve(CricsheetData.ODI_CSV))) {
      balls =
          files
              .filter(f -> f.toString().endsWith(".csv") && !f.toString().endsWith("_info.csv"))
              .sorted()
              .toList();
    }
    assertThat(balls).isNotEmpty();
    List<String> differences = new ArrayList<>();
    for (Path file : balls) {
      Path info = file.resolveSibling(file.getFileName().toString().replace(".csv", "_info.csv"));
      Match match = MatchFiles.readMatch(file);
      if (!CricsheetWriter.csvBalls(match).equals(Files.readString(file))) {
        differences.add(file.getFileName().toString());
      }
      if (!CricsheetWriter.csvInfo(match).equals(Files.readString(info))) {
        differences.add(info.getFileName().toString());
      }
    }
    assertThat(differences).isSubsetOf(NOT_YET_REPRODUCED);
    assertThat(differences.size()).isLessThan(balls.size() / 10);
  }

  @Test
  void csvHasCricsheetsHeaderBlankExtrasAndQuotesOnlyWhereNeeded() {
    Match match =
        Samples.parsed(Samples.FIXTURES).stream()
            .map(MatchFiles.Parsed::match)
            .filter(m -> m.info().source() == SourceFormat.CSV2)
            .findFirst()
            .orElseThrow();
    List<String> lines = CricsheetWriter.csvBalls(match).lines().toList();
    assertThat(lines.get(0)).isEqualTo(String.join(",", CsvMatchReader.BALL_COLUMNS));
    assertThat(lines.get(1))
        .isEqualTo(
            "900003,2023/24,2024-01-20,\"Eastfield Ground, Port Erin\",1,0.1,Eastfield,"
                + "Westmarch,EA Ash,EB Birch,WJ Jarrah,1,0,,,,,,,,,");
    List<String> info = CricsheetWriter.csvInfo(match).lines().toList();
    assertThat(info.get(0)).isEqualTo("version,2.2.0");
    assertThat(info).contains("info,venue,\"Eastfield Ground, Port Erin\"", "info,date,2024/01/20");
    assertThat(CsvMatchWriter.field("say \"hi\", then")).isEqualTo("\"say \"\"hi\"\", then\"");
  }

  @Test
  void yamlQuotesWhatAReaderWouldTakeForSomethingElse() {
    assertThat(YamlText.quoted("JR Hallam")).isEqualTo("JR Hallam");
    assertThat(YamlText.quoted("Lord's, London")).isEqualTo("Lord's, London");
    assertThat(YamlText.quoted("03806cf8")).isEqualTo("'03806cf8'");
    assertThat(YamlText.quoted("12345678")).isEqualTo("'12345678'");
    assertThat(YamlText.quoted("1e100000")).isEqualTo("'1e100000'");
    assertThat(YamlText.quoted("2024-03-01")).isEqualTo("'2024-03-01'");
    assertThat(YamlText.quoted("yes")).isEqualTo("'yes'");
    assertThat(YamlText.quoted("No")).isEqualTo("'No'");
    assertThat(YamlText.quoted("0.92")).isEqualTo("'0.92'");
    assertThat(YamlText.quoted("'t Hart")).isEqualTo("\"'t Hart\"");
    assertThat(YamlText.quoted("a: b")).isEqualTo("'a: b'");
    assertThat(YamlText.quoted("")).isEqualTo("''");
  }

  @Test
  void jsonIsIndentedLikeCricsheets() {
    Match match =
        Samples.parsed(Samples.FIXTURES).stream()
            .map(MatchFiles.Parsed::match)
            .filter(m -> m.info().source() == SourceFormat.JSON)
            .findFirst()
            .orElseThrow();
    String json = new String(CricsheetWriter.jsonBytes(match), StandardCharsets.UTF_8);
    assertThat(json).startsWith("{\n  \"meta\": {\n    \"data_version\": \"");
    assertThat(json).contains("\"innings\": [\n    {\n      \"team\": ");
  }
}
