package org.cricketstream.cricsheet;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.cricketstream.cricsheet.generate.GeneratedSample;
import org.cricketstream.cricsheet.read.MatchFiles;

/**
 * The match folders that whole-sample tests run over, each read once per test run with {@link
 * MatchFiles#read} (the real sample takes seconds to parse, and several test classes use it): the
 * hand-written fixtures, the real Cricsheet sample when present, and a generated sample.
 */
public final class Samples {
  /** The sample of hand-written fixtures: always present. */
  public static final String FIXTURES = "fixtures";

  /** The sample of real Cricsheet files: present only where {@link TestData#real()} is. */
  public static final String REAL = "real";

  /**
   * A sample made by the match generator with a fixed seed, written as files in the shared sample's
   * layout (t20i_json/, odi_csv/, test_yaml/) under target/: always present.
   */
  public static final String GENERATED = "generated";

  /** The seed and counts of the {@link #GENERATED} sample. */
  public static final long GENERATED_SEED = 20240601L;

  public static final GeneratedSample.Counts GENERATED_COUNTS =
      new GeneratedSample.Counts(120, 60, 20);

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
    if (GENERATED.equals(sample)) {
      Path out = generated();
      return GeneratedSample.FORMATS.stream().map(f -> GeneratedSample.folder(out, f)).toList();
    }
    if (!REAL.equals(sample)) {
      throw new IllegalArgumentException("no sample named " + sample);
    }
    try (Stream<Path> children = Files.list(realFolder())) {
      return children.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The real data folder. Without it the calling test is skipped on a user's machine, saying why,
   * and fails in CI ({@code CI=true}), where the data must be there.
   */
  public static Path realFolder() {
    Path real = TestData.real().orElse(null);
    String missing = "no real Cricsheet data (set " + TestData.ENV + ")";
    if (real == null && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException(missing + ", and CI must run every test");
    }
    assumeTrue(real != null, missing);
    return real;
  }

  private static Path generatedFolder;

  /** Writes the generated sample once per test run (it takes about a second). */
  private static synchronized Path generated() {
    if (generatedFolder == null) {
      Path out = Path.of("target", "generated-sample").toAbsolutePath();
      try {
        if (Files.exists(out)) {
          try (Stream<Path> files = Files.walk(out)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
              Files.delete(file);
            }
          }
        }
        GeneratedSample.write(out, GENERATED_SEED, GENERATED_COUNTS, match -> {});
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      generatedFolder = out;
    }
    return generatedFolder;
  }

  /**
   * Whether a skipped file is one that holds no match by its name: a CSV2 info file (read with its
   * ball file), or a folder's README or MANIFEST.tsv.
   */
  public static boolean holdsNoMatch(String origin) {
    return origin.endsWith("_info.csv")
        || origin.endsWith("README.txt")
        || origin.endsWith("README.md")
        || origin.endsWith("MANIFEST.tsv");
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
