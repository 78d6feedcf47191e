package org.cricketstream.cricsheet;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.cricketstream.cricsheet.read.MatchFiles;

/**
 * The match folders that whole-sample tests run over, each read once per test run with {@link
 * MatchFiles#read} (the real sample takes seconds to parse, and several test classes use it).
 */
public final class Samples {
  /** The sample of hand-written fixtures: always present. */
  public static final String FIXTURES = "fixtures";

  /** The sample of real Cricsheet files: present only where {@link TestData#real()} is. */
  public static final String REAL = "real";

  private static final Map<Path, List<MatchFiles.Item>> READ = new ConcurrentHashMap<>();

  private Samples() {}

  /**
   * The folders of a sample: the fixtures' json/, yaml/ and csv/, or every folder of the real data.
   * For {@link #REAL} without real data, the calling test is skipped.
   */
  public static List<Path> folders(String sample) {
    if (FIXTURES.equals(sample)) {
      Path fixtures = TestData.fixtures();
      return List.of(fixtures.resolve("json"), fixtures.resolve("yaml"), fixtures.resolve("csv"));
    }
    if (!REAL.equals(sample)) {
      throw new IllegalArgumentException("no sample named " + sample);
    }
    Path real = TestData.real().orElse(null);
    assumeTrue(real != null, "no real Cricsheet data (set " + TestData.ENV + ")");
    try (Stream<Path> children = Files.list(real)) {
      return children.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Everything {@link MatchFiles#read} reports for one folder, in its order. */
  public static List<MatchFiles.Item> items(Path folder) {
    return READ.computeIfAbsent(
        folder.toAbsolutePath().normalize(),
        f -> {
          List<MatchFiles.Item> items = new ArrayList<>();
          MatchFiles.read(List.of(f), items::add);
          return List.copyOf(items);
        });
  }

  /** Every item of every folder of a sample. */
  public static List<MatchFiles.Item> items(String sample) {
    return folders(sample).stream().flatMap(folder -> items(folder).stream()).toList();
  }

  /** The matches parsed from a sample, each with the file it came from. */
  public static List<MatchFiles.Parsed> parsed(String sample) {
    return items(sample).stream()
        .filter(MatchFiles.Parsed.class::isInstance)
        .map(MatchFiles.Parsed.class::cast)
        .toList();
  }
}
