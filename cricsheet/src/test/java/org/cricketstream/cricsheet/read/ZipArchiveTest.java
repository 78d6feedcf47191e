package org.cricketstream.cricsheet.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.cricketstream.cricsheet.Samples;
import org.cricketstream.cricsheet.model.Match;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Cricsheet download is a zip of flat entries ({@code <id>.json}, or {@code <id>.csv} with {@code
 * <id>_info.csv}) plus a README.txt. Zipping a folder that way and reading the zip must give the
 * same matches as reading the folder, with the README skipped and nothing failed.
 */
class ZipArchiveTest {

  /**
   * Cricsheet's archive name for a folder's matches, e.g. odis_csv2.zip. For CSV2 it matters: the
   * reader takes the match format from it, as it does from the folder name.
   */
  private static String archiveName(Path folder) {
    String name = folder.getFileName().toString();
    String format = name.contains("t20") ? "t20s" : name.contains("test") ? "tests" : "odis";
    String kind = name.contains("csv") ? "csv2" : name.contains("yaml") ? "yaml" : "json";
    return format + "_" + kind + ".zip";
  }

  private static Path zip(Path folder, Path zip) throws IOException {
    try (OutputStream out = Files.newOutputStream(zip);
        ZipOutputStream archive = new ZipOutputStream(out);
        Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        archive.putNextEntry(new ZipEntry(folder.relativize(file).toString()));
        Files.copy(file, archive);
        archive.closeEntry();
      }
      archive.putNextEntry(new ZipEntry("README.txt"));
      archive.write(
          "Cricsheet match data: see https://cricsheet.org".getBytes(StandardCharsets.UTF_8));
      archive.closeEntry();
    }
    return zip;
  }

  private static Map<String, Match> matchesById(List<MatchFiles.Item> items) {
    Map<String, Match> matches = new TreeMap<>();
    for (MatchFiles.Item item : items) {
      if (item instanceof MatchFiles.Parsed parsed) {
        assertThat(matches.put(parsed.match().id(), parsed.match())).as(parsed.origin()).isNull();
      }
    }
    return matches;
  }

  @ParameterizedTest
  @ValueSource(strings = {Samples.FIXTURES, Samples.REAL})
  void zipReadsLikeTheFolder(String sample, @TempDir Path dir) throws IOException {
    for (Path folder : Samples.folders(sample)) {
      Path zip = zip(folder, dir.resolve(archiveName(folder)));
      List<MatchFiles.Item> fromZip = new ArrayList<>();

      MatchFiles.read(List.of(zip), fromZip::add);

      List<MatchFiles.Item> fromFolder = Samples.items(folder);
      assertThat(fromZip).filteredOn(MatchFiles.Failed.class::isInstance).isEmpty();
      assertThat(fromZip)
          .filteredOn(MatchFiles.Skipped.class::isInstance)
          .extracting(MatchFiles.Item::origin)
          .contains(zip + "!/README.txt")
          .allMatch(Samples::holdsNoMatch);
      assertThat(fromZip)
          .filteredOn(MatchFiles.Parsed.class::isInstance)
          .extracting(MatchFiles.Item::origin)
          .allMatch(origin -> origin.startsWith(zip + "!/"));

      Map<String, Match> zipped = matchesById(fromZip);
      Map<String, Match> unzipped = matchesById(fromFolder);
      assertThat(zipped).as("%s", folder).isNotEmpty();
      assertThat(zipped.keySet()).isEqualTo(unzipped.keySet());
      List<String> different =
          zipped.keySet().stream().filter(id -> !zipped.get(id).equals(unzipped.get(id))).toList();
      assertThat(different).as("matches that differ between %s and %s", zip, folder).isEmpty();
    }
  }
}
