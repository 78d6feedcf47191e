package org.cricketstream.cricsheet.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.cricketstream.cricsheet.TestData;
import org.cricketstream.cricsheet.model.Delivery;
import org.cricketstream.cricsheet.model.Extras;
import org.cricketstream.cricsheet.model.Match;
import org.cricketstream.cricsheet.model.MatchFormat;
import org.cricketstream.cricsheet.model.Outcome;
import org.cricketstream.cricsheet.model.PlayerAppearance;
import org.cricketstream.cricsheet.model.Result;
import org.cricketstream.cricsheet.model.SourceFormat;
import org.cricketstream.cricsheet.model.Wicket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quirks of Cricsheet's CSV2 format (a ball file and an info file), each pinned on the hand-written
 * fixture fixtures/csv/900003.csv (or a copy of it edited here) and, where the real sample is
 * present, on real files that have it.
 */
class CsvMatchReaderTest {
  private static final Path BALLS = TestData.fixtures().resolve("csv/900003.csv");
  private static final Path INFO = TestData.fixtures().resolve("csv/900003_info.csv");

  private static Match fixture() {
    return MatchFiles.readMatch(BALLS);
  }

  /** Reads the fixture's match from edited copies of its two files' text. */
  private static Match read(String balls, String info) {
    return CricsheetReader.csv(
        "900003",
        MatchFormat.ODI,
        "edited 900003.csv",
        new StringReader(balls),
        "edited 900003_info.csv",
        new StringReader(info));
  }

  private static Path real(String file) {
    Path real = TestData.real().orElse(null);
    assumeTrue(real != null, "no real Cricsheet data (set " + TestData.ENV + ")");
    return real.resolve("odi_csv").resolve(file);
  }

  private static List<Delivery> over(Match match, int innings, int over) {
    return match.innings().get(innings - 1).deliveries().stream()
        .filter(d -> d.over() == over)
        .toList();
  }

  @Test
  void fixtureInfoIsReadAsWritten() {
    Match match = fixture();

    assertThat(match.info().source()).isEqualTo(SourceFormat.CSV2);
    assertThat(match.info().dataVersion()).isEqualTo("2.2.0");
    // CSV2 does not say: a folder that is not named for a format is read as ODI
    assertThat(match.info().format()).isEqualTo(MatchFormat.ODI);
    assertThat(match.info().matchType()).isEqualTo("ODI");
    assertThat(match.info().teams()).containsExactly("Eastfield", "Westmarch");
    assertThat(match.info().season()).isEqualTo("2023/24");
    // the info file writes 2024/01/20, the ball file 2024-01-20
    assertThat(match.info().dates()).containsExactly(LocalDate.of(2024, 1, 20));
    assertThat(match.info().event().name()).isEqualTo("Fixture Cup");
    assertThat(match.info().event().matchNumber()).isEqualTo("3");
    assertThat(match.info().officials().tvUmpires()).containsExactly("U Seven");
    assertThat(match.info().players()).hasSize(22).allMatch(p -> p.registryId() != null);
    assertThat(match.innings()).hasSize(2);
  }

  @Test
  void quotedVenueWithACommaIsOneField() {
    assertThat(fixture().info().venue()).isEqualTo("Eastfield Ground, Port Erin");
    assertThat(fixture().info().city()).isEqualTo("Port Erin");
  }

  @Test
  void outcomeByWickets() {
    assertThat(fixture().info().outcome())
        .isEqualTo(new Outcome(Result.WIN, "Westmarch", null, 9, null, null, null, null));
  }

  /** The per-kind extras columns are blank, not 0, on most rows. */
  @Test
  void blankPerKindExtrasColumnsAreZero() {
    List<Delivery> first = fixture().innings().get(0).deliveries();

    assertThat(first.get(0).extras()).isEqualTo(Extras.NONE);
    assertThat(first.get(3).extras()).isEqualTo(new Extras(0, 0, 1, 0, 0)); // 0.4: a bye
    assertThat(first.get(8).extras()).isEqualTo(new Extras(2, 0, 0, 0, 0)); // 1.3: 2 wides
    Delivery noBall = first.get(10); // 1.5: 4 off the bat from a no-ball
    assertThat(noBall.extras()).isEqualTo(new Extras(0, 1, 0, 0, 0));
    assertThat(noBall.batterRuns()).isEqualTo(4);
    assertThat(noBall.totalRuns()).isEqualTo(5);
  }

  /** "1.10" is the tenth delivery of over 1, not a second "1.1". */
  @Test
  void twoDigitBallNumberIsTheTenthBallNotTheFirst() {
    List<Delivery> over = over(fixture(), 1, 1);

    assertThat(over).hasSize(10);
    Delivery tenth = over.get(9);
    assertThat(tenth.label()).isEqualTo("1.10");
    assertThat(tenth.ball()).isEqualTo(10);
    assertThat(tenth.batter()).isEqualTo("EC Cedar");
    assertThat(tenth.batterRuns()).isEqualTo(6);
    assertThat(over.get(0).label()).isEqualTo("1.1");
    assertThat(tenth.key()).isNotEqualTo(over.get(0).key());
  }

  /** Zimbabwe v West Indies 2003: over 9 of the 2nd innings ran to 9.10. */
  @Test
  void twoDigitBallNumberIsTheTenthBallNotTheFirstInRealFile() {
    List<Delivery> over = over(MatchFiles.readMatch(real("64852.csv")), 2, 9);

    assertThat(over).hasSize(10);
    assertThat(over.get(9).label()).isEqualTo("9.10");
    assertThat(over.get(9).ball()).isEqualTo(10);
  }

  /**
   * Some real CSV2 files write the tenth ball of an over as "20.1", as a float would print 20.10:
   * the over goes 20.1, 20.2, ... 20.9, 20.1. The second "20.1" is the tenth delivery; taken
   * literally it would be a second first ball, with the same natural key.
   */
  @Test
  void tenthBallPrintedAsDotOneIsStillTheTenthBall() throws IOException {
    String balls = Files.readString(BALLS);
    String printedAsFloat = balls.replace(",1,1.10,", ",1,1.1,");
    assertThat(printedAsFloat).isNotEqualTo(balls);

    List<Delivery> over = over(read(printedAsFloat, Files.readString(INFO)), 1, 1);

    assertThat(over).extracting(Delivery::ball).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    assertThat(over).extracting(Delivery::key).doesNotHaveDuplicates();
  }

  /** England v South Africa 2020: the 2nd innings' over 20 is written 20.1 ... 20.9, 20.1. */
  @Test
  void tenthBallPrintedAsDotOneIsStillTheTenthBallInRealFile() {
    List<Delivery> over = over(MatchFiles.readMatch(real("1185312.csv")), 2, 20);

    assertThat(over).hasSize(10);
    assertThat(over).extracting(Delivery::ball).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    assertThat(over.get(9).batter()).isEqualTo("JE Root");
  }

  /** At 1.7 the non-striker (EA Ash) is run out: player_dismissed need not be the striker. */
  @Test
  void playerDismissedRunOutIsTheNonStriker() {
    Delivery runOut = fixture().innings().get(0).deliveries().get(12);

    assertThat(runOut.label()).isEqualTo("1.7");
    assertThat(runOut.batter()).isEqualTo("EB Birch");
    assertThat(runOut.nonStriker()).isEqualTo("EA Ash");
    // CSV2 has no fielders column
    assertThat(runOut.wickets()).containsExactly(new Wicket("run out", "EA Ash", List.of()));
  }

  /**
   * Four real info files list players as "info,players,Team,Name" where the rest write
   * "info,player,...". Both must give the same players.
   */
  @Test
  void csvInfoPlayersRowVariant() throws IOException {
    String info = Files.readString(INFO);
    String variant = info.replace("info,player,", "info,players,");
    assertThat(variant).isNotEqualTo(info).doesNotContain("info,player,");

    Match match = read(Files.readString(BALLS), variant);

    assertThat(match.info().players()).isEqualTo(fixture().info().players());
  }

  /**
   * (Not every player has a registry id there: 1262757 registers "NA Saini" as "Navdeep Saini".)
   */
  @Test
  void csvInfoPlayersRowVariantInRealFiles() throws IOException {
    for (String id : List.of("1262757", "1263161", "1263162", "1263163")) {
      Path info = real(id + "_info.csv");
      assertThat(Files.readString(info))
          .contains("\ninfo,players,")
          .doesNotContain("\ninfo,player,");

      Match match = MatchFiles.readMatch(real(id + ".csv"));

      for (String team : match.info().teams()) {
        assertThat(match.info().players())
            .as("%s players of %s", id, team)
            .filteredOn(p -> p.team().equals(team))
            .hasSize(11)
            .allMatch(p -> p.role() == PlayerAppearance.Role.PLAYING);
      }
    }
  }

  /** Innings 3 and 4 of a limited-overs CSV2 match are its super overs. */
  @Test
  void inningsAfterTheSecondAreSuperOversInRealFile() {
    Match match = MatchFiles.readMatch(real("1233463.csv"));

    assertThat(match.innings())
        .extracting(i -> i.superOver())
        .containsExactly(false, false, true, true);
    assertThat(match.info().outcome().eliminator()).isEqualTo("Zimbabwe");
  }

  /**
   * CSV2 does not record the match type. Cricsheet names its archives t20s_csv2.zip, odis_csv2.zip
   * and tests_csv2.zip; the reader takes the format from the folder (or zip) name.
   */
  @Test
  void formatComesFromTheFolderName(@TempDir Path dir) throws IOException {
    for (String folder : List.of("t20s_csv2", "odis_csv2", "tests_csv2")) {
      Path copy = Files.createDirectory(dir.resolve(folder));
      Files.copy(BALLS, copy.resolve("900003.csv"));
      Files.copy(INFO, copy.resolve("900003_info.csv"));
    }

    assertThat(MatchFiles.readMatch(dir.resolve("t20s_csv2/900003.csv")).info().format())
        .isEqualTo(MatchFormat.T20);
    assertThat(MatchFiles.readMatch(dir.resolve("odis_csv2/900003.csv")).info().format())
        .isEqualTo(MatchFormat.ODI);
    Match test = MatchFiles.readMatch(dir.resolve("tests_csv2/900003.csv"));
    assertThat(test.info().format()).isEqualTo(MatchFormat.TEST);
    assertThat(test.info().matchType()).isEqualTo("Test");
  }

  @Test
  void ballFileWithoutItsInfoFileFails(@TempDir Path dir) throws IOException {
    Path balls = Files.copy(BALLS, dir.resolve("900003.csv"));

    assertThatThrownBy(() -> MatchFiles.readMatch(balls))
        .isInstanceOfSatisfying(
            CricsheetFormatException.class,
            e -> {
              assertThat(e.origin()).isEqualTo(balls.toString());
              assertThat(e.location()).isEqualTo("file");
              assertThat(e.reason()).contains("900003_info.csv");
            });
  }
}
