package org.cricketstream.cricsheet.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cricketstream.cricsheet.model.Match;
import org.cricketstream.cricsheet.score.Scorecard;
import org.cricketstream.cricsheet.write.CricsheetWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad files hurt no more than they must: each case is a small hand-written file, and each fails
 * with the readers' own error naming the file and the line, never with a stack overflow, a time
 * that grows with the square of the input, a silent U+FFFD or an arithmetic error later on. A
 * byte-order mark, which editors on Windows add, is accepted in every format.
 */
class HardeningTest {
  /** A minimal valid Cricsheet YAML match, written by hand. */
  private static final String YAML =
      """
      meta:
        data_version: 0.92
        created: 2020-01-01
        revision: 1
      info:
        balls_per_over: 6
        dates:
        - 2020-01-01
        gender: male
        match_type: T20
        outcome:
          winner: Aces
          by:
            runs: 1
        teams:
        - Aces
        - Bees
        toss:
          decision: bat
          winner: Aces
        venue: Oval Ground
      innings:
      - 1st innings:
          team: Aces
          deliveries:
          - 0.1:
              batsman: A One
              bowler: B One
              non_striker: A Two
              runs:
                batsman: 1
                extras: 0
                total: 1
      - 2nd innings:
          team: Bees
          deliveries:
          - 0.1:
              batsman: B Two
              bowler: A Three
              non_striker: B Three
              runs:
                batsman: 0
                extras: 0
                total: 0
      """;

  /** The same match as a CSV2 info file. */
  private static final String CSV_INFO =
      """
      version,2.2.0
      info,balls_per_over,6
      info,team,Aces
      info,team,Bees
      info,gender,male
      info,date,2020/01/01
      info,venue,Oval Ground
      info,toss_winner,Aces
      info,toss_decision,bat
      info,winner,Aces
      info,winner_runs,1
      """;

  /** And its ball file. */
  private static final String CSV_BALLS =
      String.join(",", CsvMatchReader.BALL_COLUMNS)
          + "\n"
          + "1,2020,2020-01-01,Oval Ground,1,0.1,Aces,Bees,A One,A Two,B One,1,0,,,,,,,,,\n"
          + "1,2020,2020-01-01,Oval Ground,2,0.1,Bees,Aces,B Two,B Three,A Three,0,0,,,,,,,,,\n";

  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  @TempDir Path dir;

  @Test
  void theHandWrittenMatchesAreValidInBothFormats() throws IOException {
    assertThat(read("1.yaml", YAML).innings()).hasSize(2);
    assertThat(readCsv(CSV_INFO.getBytes(StandardCharsets.UTF_8), bytes(CSV_BALLS)).innings())
        .hasSize(2);
  }

  @Test
  void aDeeplyNestedYamlIsAnErrorNotAStackOverflow() throws IOException {
    CricsheetFormatException error = failure("1.yaml", "x:\n" + " [\n".repeat(10_000));

    assertThat(error.location()).isEqualTo("line 65");
    assertThat(error.reason()).contains("nested more than 64 levels deep");
  }

  @Test
  void aDeeplyNestedYamlOnOneLineIsRefusedByTheLineLimit() throws IOException {
    CricsheetFormatException error = failure("1.yaml", "x: " + "[".repeat(10_000));

    assertThat(error.location()).isEqualTo("line 1");
    assertThat(error.reason()).startsWith("a line of 10003 characters");
  }

  @Test
  void aDeeplyNestedJsonIsAnErrorNotAStackOverflow() throws IOException {
    CricsheetFormatException error = failure("1.json", "{\"meta\":" + "[".repeat(10_000));

    assertThat(error.location()).isEqualTo("line 1");
    assertThat(error.reason()).contains("nested more than 64 levels deep");
  }

  @Test
  void aLongSingleLineYamlIsRefusedAtThatLine() throws IOException {
    String text = YAML.replace("venue: Oval Ground", "venue: " + "x".repeat(1_000_000));

    CricsheetFormatException error = failure("1.yaml", text);

    assertThat(error.location()).isEqualTo("line " + lineOf(YAML, "venue: Oval Ground"));
    assertThat(error.reason()).contains("a line of 1000009 characters");
  }

  @Test
  void invalidUtf8InYamlIsAnErrorWithItsLine() throws IOException {
    byte[] text = invalidUtf8(YAML, "Oval Ground");

    CricsheetFormatException error = failure("1.yaml", text);

    assertThat(error.location()).isEqualTo("line " + lineOf(YAML, "Oval Ground"));
    assertThat(error.reason()).startsWith("not valid UTF-8 (byte 0xC3");
  }

  @Test
  void invalidUtf8InJsonIsAnErrorWithItsLine() throws IOException {
    String json = "{\n\"meta\": {\n\"created\": \"Oval Ground\"\n}\n}\n";

    CricsheetFormatException error = failure("1.json", invalidUtf8(json, "Oval Ground"));

    assertThat(error.location()).isEqualTo("line 3");
    assertThat(error.reason()).startsWith("not valid UTF-8");
  }

  @Test
  void invalidUtf8InACsvBallFileIsAnErrorWithItsLine() throws IOException {
    String balls = CSV_BALLS.replace("B Three", "Zed Three");

    CricsheetFormatException error = csvFailure(bytes(CSV_INFO), invalidUtf8(balls, "Zed"));

    assertThat(error.origin()).endsWith("1.csv");
    assertThat(error.location()).isEqualTo("line 3");
    assertThat(error.reason()).startsWith("not valid UTF-8");
  }

  @Test
  void aByteOrderMarkIsAcceptedInEveryFormat() throws IOException {
    Match yaml = read("1.yaml", concat(BOM, bytes(YAML)));
    Match csv = readCsv(concat(BOM, bytes(CSV_INFO)), concat(BOM, bytes(CSV_BALLS)));
    Match json = read("2.json", concat(BOM, CricsheetWriter.jsonBytes(yaml)));

    assertThat(yaml.info().venue()).isEqualTo("Oval Ground");
    assertThat(csv.info().venue()).isEqualTo("Oval Ground");
    assertThat(json.info().venue()).isEqualTo("Oval Ground");
  }

  @Test
  void ballsPerOverOfZeroIsAnErrorNotAnArithmeticErrorLater() throws IOException {
    CricsheetFormatException yaml =
        failure("1.yaml", YAML.replace("balls_per_over: 6", "balls_per_over: 0"));
    Files.write(
        dir.resolve("1_info.csv"), bytes(CSV_INFO.replace("balls_per_over,6", "balls_per_over,0")));
    CricsheetFormatException csv = failure("1.csv", bytes(CSV_BALLS), "1_info.csv");

    assertThat(yaml.location())
        .isEqualTo("line " + lineOf(YAML, "balls_per_over") + " (info.balls_per_over)");
    assertThat(yaml.reason()).isEqualTo("balls_per_over must be at least 1, found 0");
    assertThat(csv.location()).isEqualTo("info,balls_per_over");
    assertThat(csv.reason()).isEqualTo("balls_per_over must be at least 1, found 0");
  }

  @Test
  void negativeRunsAreAnError() throws IOException {
    String yaml = YAML.replace("batsman: 1\n", "batsman: -1\n").replace("total: 1", "total: -1");
    CricsheetFormatException fromYaml = failure("1.yaml", yaml);
    CricsheetFormatException fromCsv =
        csvFailure(
            bytes(CSV_INFO), bytes(CSV_BALLS.replace("A Two,B One,1,0", "A Two,B One,-1,0")));

    assertThat(fromYaml.location()).startsWith("line " + lineOf(yaml, "batsman: -1"));
    assertThat(fromYaml.reason()).isEqualTo("expected a count of 0 or more, found -1");
    assertThat(fromCsv.location()).isEqualTo("line 2");
    assertThat(fromCsv.reason()).isEqualTo("runs_off_bat is -1, a count cannot be negative");
  }

  @Test
  void aFileOverTheSizeLimitIsRefusedWithAClearMessage() throws IOException {
    String huge = "{\"meta\": \"" + " ".repeat(MatchText.MAX_BYTES) + "\"}";

    CricsheetFormatException error = failure("1.json", huge);

    assertThat(error.location()).isEqualTo("file");
    assertThat(error.reason()).startsWith("larger than 8 MB, the limit for one match file");
  }

  @Test
  void aDocumentThatIsNullIsAnError() throws IOException {
    CricsheetFormatException error = failure("1.yaml", "~\n");

    assertThat(error.reason()).isEqualTo("the document is null, not a match");
  }

  @Test
  void anUnknownKeyNeverRejectsAMatchAndIsReported() throws IOException {
    String text =
        YAML.replace("  venue: Oval Ground", "  venue: Oval Ground\n  floodlights: yes")
            .replace("    team: Bees\n", "    team: Bees\n    weather: fine\n");
    List<MatchFiles.Item> items = readItems("1.yaml", bytes(text));

    assertThat(items).singleElement().isInstanceOf(MatchFiles.Parsed.class);
    assertThat(((MatchFiles.Parsed) items.get(0)).unknownKeys())
        .containsExactlyInAnyOrder("info.floodlights", "innings.weather");
  }

  @Test
  void superOversLabelledByTeamAreSuperOversOfThatTeam() throws IOException {
    String superOvers =
        YAML
            + """
            - Aces Super Over:
                team: Aces
                deliveries:
                - 0.1:
                    batsman: A One
                    bowler: B One
                    non_striker: A Two
                    runs:
                      batsman: 6
                      extras: 0
                      total: 6
            - Bees Super Over:
                team: Bees
                deliveries:
                - 0.1:
                    batsman: B Two
                    bowler: A Three
                    non_striker: B Three
                    runs:
                      batsman: 4
                      extras: 0
                      total: 4
            """;

    Match match = read("1.yaml", superOvers);

    assertThat(match.innings())
        .extracting(i -> i.team() + ":" + i.superOver())
        .containsExactly("Aces:false", "Bees:false", "Aces:true", "Bees:true");
    assertThat(Scorecard.of(match).innings().get(2).runs()).isEqualTo(6);
  }

  @Test
  void aSuperOverLabelThatNamesAnotherTeamIsAnError() throws IOException {
    String text = YAML.replace("- 2nd innings:", "- Aces Super Over:");

    CricsheetFormatException error = failure("1.yaml", text);

    assertThat(error.location()).startsWith("line " + lineOf(text, "Aces Super Over"));
    assertThat(error.reason()).isEqualTo("innings labelled 'Aces Super Over' is batted by 'Bees'");
  }

  @Test
  void theCompetitionIsReadAndAClubMatchIsToldFromAnInternational() throws IOException {
    Match club =
        read(
            "1.yaml",
            YAML.replace("  dates:", "  competition: Sheffield Shield\n  dates:")
                .replace("match_type: T20", "match_type: MDM"));
    Match international = read("2.yaml", YAML);

    assertThat(club.info().competition()).isEqualTo("Sheffield Shield");
    assertThat(club.info().matchType()).isEqualTo("MDM");
    assertThat(club.info().teamType()).isEqualTo("club");
    assertThat(international.info().competition()).isNull();
    assertThat(international.info().teamType()).isEqualTo("international");
  }

  // ---- helpers ----

  private Match read(String name, String text) throws IOException {
    return read(name, bytes(text));
  }

  private Match read(String name, byte[] content) throws IOException {
    List<MatchFiles.Item> items = readItems(name, content);
    assertThat(items).singleElement().isInstanceOf(MatchFiles.Parsed.class);
    return ((MatchFiles.Parsed) items.get(0)).match();
  }

  private Match readCsv(byte[] info, byte[] balls) throws IOException {
    Files.write(dir.resolve("1_info.csv"), info);
    return read("1.csv", balls);
  }

  private List<MatchFiles.Item> readItems(String name, byte[] content) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, content);
    List<MatchFiles.Item> items = new ArrayList<>();
    MatchFiles.read(List.of(file), items::add);
    return items;
  }

  private CricsheetFormatException failure(String name, String text) throws IOException {
    return failure(name, bytes(text));
  }

  private CricsheetFormatException failure(String name, byte[] content) throws IOException {
    return failure(name, content, name);
  }

  /** Reads {@code name}, which must fail with an error in the file {@code faulty}. */
  private CricsheetFormatException failure(String name, byte[] content, String faulty)
      throws IOException {
    List<MatchFiles.Item> items = readItems(name, content);
    assertThat(items).singleElement().isInstanceOf(MatchFiles.Failed.class);
    CricsheetFormatException error = ((MatchFiles.Failed) items.get(0)).error();
    assertThat(error.origin()).isEqualTo(dir.resolve(faulty).toString());
    return error;
  }

  private CricsheetFormatException csvFailure(byte[] info, byte[] balls) throws IOException {
    Files.write(dir.resolve("1_info.csv"), info);
    return failure("1.csv", balls);
  }

  /** The text with the first byte of {@code inside} replaced by 0xC3 0x28, not UTF-8. */
  private static byte[] invalidUtf8(String text, String inside) {
    byte[] bytes = bytes(text);
    int at = text.indexOf(inside);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(bytes, 0, at);
    out.write(0xC3);
    out.write(0x28);
    out.write(bytes, at + 1, bytes.length - at - 1);
    return out.toByteArray();
  }

  private static int lineOf(String text, String part) {
    return (int) text.substring(0, text.indexOf(part)).chars().filter(c -> c == '\n').count() + 1;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] both = new byte[first.length + second.length];
    System.arraycopy(first, 0, both, 0, first.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }
}
