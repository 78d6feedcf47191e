package org.cricketstream.warehouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.cricketstream.cricsheet.read.CricsheetData;
import org.cricketstream.testsupport.Fixtures;

/** The match files tests load: the whole real sample when present, else the fixtures. */
public final class SampleFiles {
  private SampleFiles() {}

  /** Every match file (CSV2 named by its ball file) of the sample, or of the fixtures. */
  public static List<Path> all() {
    return filesIn(folders(), Integer.MAX_VALUE);
  }

  /**
   * Every {@code n}th file of {@link #all}: each format and era of the sample, a fraction of the
   * time, for tests whose point is a failure mid-load.
   */
  public static List<Path> every(int n) {
    List<Path> all = all();
    return java.util.stream.IntStream.range(0, all.size())
        .filter(i -> i % n == 0)
        .mapToObj(all::get)
        .toList();
  }

  /** At most {@code perFolder} files of each format: a quick cross-section. */
  public static List<Path> some(int perFolder) {
    List<Path> files = filesIn(fixtureFolders(), Integer.MAX_VALUE);
    if (CricsheetData.real().isPresent()) {
      files.addAll(filesIn(folders(), perFolder));
    }
    return files;
  }

  /** At most {@code perFolder} fixture files of each format, whatever data is installed. */
  public static List<Path> fixtures(int perFolder) {
    return filesIn(fixtureFolders(), perFolder);
  }

  /** Every file of the real data's {@code yaml_wide/} (YAML of every competition and era). */
  public static List<Path> yamlWide() {
    Path folder = CricsheetData.real().orElseThrow().resolve("yaml_wide");
    try (Stream<Path> list = Files.list(folder)) {
      return list.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static boolean real() {
    return CricsheetData.real().isPresent();
  }

  private static List<Path> folders() {
    if (CricsheetData.real().isPresent()) {
      Path real = CricsheetData.real().get();
      return List.of(
          real.resolve(CricsheetData.T20I_JSON),
          real.resolve(CricsheetData.ODI_CSV),
          real.resolve(CricsheetData.TEST_YAML));
    }
    return fixtureFolders();
  }

  private static List<Path> fixtureFolders() {
    Path fixtures = Fixtures.folder();
    return List.of(fixtures.resolve("json"), fixtures.resolve("csv"), fixtures.resolve("yaml"));
  }

  private static List<Path> filesIn(List<Path> folders, int perFolder) {
    List<Path> files = new ArrayList<>();
    for (Path folder : folders) {
      try (Stream<Path> list = Files.list(folder)) {
        list.filter(p -> !p.getFileName().toString().endsWith("_info.csv"))
            .sorted()
            .limit(perFolder)
            .forEach(files::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return files;
  }
}
