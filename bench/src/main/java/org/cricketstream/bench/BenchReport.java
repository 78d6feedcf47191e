package org.cricketstream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** What every benchmark does with its figures and its scratch space. */
final class BenchReport {
  /** Figures as people read them: indented. */
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private BenchReport() {}

  /** Writes the figures as JSON to {@code output}, or to target/bench/{@code name}.json. */
  static Path write(String name, Path output, Object figures, PrintWriter out) throws IOException {
    Path target = output == null ? BenchPaths.benchDir().resolve(name + ".json") : output;
    Files.createDirectories(target.toAbsolutePath().getParent());
    Files.writeString(
        target, BenchReport.JSON.writeValueAsString(figures) + System.lineSeparator());
    out.println("written to " + target);
    return target;
  }

  /** Removes a benchmark's temporary directory (its broker and databases). */
  static void deleteRecursively(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("removing " + dir, e);
    }
  }
}
