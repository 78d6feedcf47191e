package org.cricketstream.cricsheet.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.cricketstream.cricsheet.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every broken file in fixtures/broken/ is reported with the file it came from and where in it the
 * fault is, at the line (and key path) where the fault was put:
 *
 * <ul>
 *   <li>900101.json: cut off in the middle of a string on line 61;
 *   <li>900102.yaml: the ball label "1.three" on line 361 (2nd innings, 9th delivery);
 *   <li>900103.csv: runs_off_bat "two" in the row on line 10;
 *   <li>900104.json: runs.total 5 where batter 4 + extras 0 (the runs object opens on line 141);
 *   <li>900105_info.csv: an info file whose ball file 900105.csv does not exist;
 *   <li>900106.json: an outcome with both a result and a winner (it opens on line 29);
 *   <li>900107.csv: a character after the closing quote of the venue on line 7.
 * </ul>
 */
class MalformedInputTest {
  private static final Path BROKEN = TestData.fixtures().resolve("broken");

  private static Map<String, MatchFiles.Item> readBrokenFolder() {
    List<MatchFiles.Item> items = new ArrayList<>();
    MatchFiles.read(List.of(BROKEN), items::add);
    return items.stream()
        .collect(
            Collectors.toMap(
                item -> Path.of(item.origin()).getFileName().toString(), Function.identity()));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          900101.json     | line 61                                       | not valid JSON
          900102.yaml     | line 361 (innings[1].2nd innings.deliveries[8]) | '1.three'
          900103.csv      | line 10                                       | runs_off_bat 'two' is not a whole number
          900104.json     | line 141 (innings[0].overs[0].deliveries[2].runs) | runs.total is 5
          900105_info.csv | file                                          | without its ball file 900105.csv
          900106.json     | line 29 (info.outcome)                        | both a winner and a result
          900107.csv      | line 7                                        | ''
          """)
  void eachBrokenFileFailsWithItsFileAndTheLineOfTheFault(
      String file, String location, String reasonPart) {
    MatchFiles.Item item = readBrokenFolder().get(file);

    assertThat(item).isInstanceOf(MatchFiles.Failed.class);
    CricsheetFormatException error = ((MatchFiles.Failed) item).error();
    assertThat(error.origin()).isEqualTo(BROKEN.resolve(file).toString());
    assertThat(error.location()).isEqualTo(location);
    assertThat(error.reason()).contains(reasonPart);
    assertThat(error.getMessage()).startsWith(error.origin() + ": " + location + ": ");
  }

  @Test
  void theBrokenFolderHasNothingElse() {
    Map<String, MatchFiles.Item> items = readBrokenFolder();

    assertThat(items.keySet())
        .containsExactlyInAnyOrder(
            "900101.json",
            "900102.yaml",
            "900103.csv",
            "900103_info.csv",
            "900104.json",
            "900105_info.csv",
            "900106.json",
            "900107.csv",
            "900107_info.csv");
    // an info file beside its ball file is read with it, even when the ball file is broken
    assertThat(items.get("900103_info.csv")).isInstanceOf(MatchFiles.Skipped.class);
    assertThat(items.get("900107_info.csv")).isInstanceOf(MatchFiles.Skipped.class);
    assertThat(items.values()).filteredOn(MatchFiles.Parsed.class::isInstance).isEmpty();
  }

  /** readMatch throws the same error the folder read reports. */
  @ParameterizedTest
  @CsvSource({
    "900101.json, line 61",
    "900102.yaml, line 361 (innings[1].2nd innings.deliveries[8])",
    "900103.csv, line 10",
    "900104.json, line 141 (innings[0].overs[0].deliveries[2].runs)"
  })
  void readMatchThrowsWithTheSameLocation(String file, String location) {
    Path path = BROKEN.resolve(file);

    assertThatThrownBy(() -> MatchFiles.readMatch(path))
        .isInstanceOfSatisfying(
            CricsheetFormatException.class,
            e -> {
              assertThat(e.origin()).isEqualTo(path.toString());
              assertThat(e.location()).isEqualTo(location);
            });
  }

  @Test
  void aPathThatDoesNotExistIsReportedNotThrown(@TempDir Path dir) {
    Path missing = dir.resolve("nothing-here");
    List<MatchFiles.Item> items = new ArrayList<>();

    MatchFiles.read(List.of(missing), items::add);

    assertThat(items).singleElement().isInstanceOf(MatchFiles.Failed.class);
    assertThat(((MatchFiles.Failed) items.get(0)).error().origin()).isEqualTo(missing.toString());
  }

  @Test
  void aFileNamedZipThatIsNotAZipIsReported(@TempDir Path dir) throws IOException {
    Path notZip = Files.writeString(dir.resolve("t20s_json.zip"), "not a zip");
    List<MatchFiles.Item> items = new ArrayList<>();

    MatchFiles.read(List.of(notZip), items::add);

    assertThat(items).singleElement().isInstanceOf(MatchFiles.Failed.class);
    assertThat(((MatchFiles.Failed) items.get(0)).error().location()).isEqualTo("archive");
  }

  @Test
  void aFileThatIsNotAMatchIsSkippedWithAReason(@TempDir Path dir) throws IOException {
    Path readme = Files.writeString(dir.resolve("README.txt"), "Cricsheet data");
    List<MatchFiles.Item> items = new ArrayList<>();

    MatchFiles.read(List.of(readme), items::add);

    assertThat(items).singleElement().isInstanceOf(MatchFiles.Skipped.class);
    assertThatThrownBy(() -> MatchFiles.readMatch(readme))
        .isInstanceOf(CricsheetFormatException.class);
  }
}
