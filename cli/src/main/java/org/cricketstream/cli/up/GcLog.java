package org.cricketstream.cli.up;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Each component's garbage-collection log, which the {@link Supervisor} has every JVM it starts
 * write in a folder beside the components' logs ({@code logs/gc/<name>.gc.log}, two files of at
 * most 5 MB; the folder is its owner's alone, as the JVM writes its log files readable by all), and
 * what it says: the most heap a component held right after a full collection (its live set) and
 * after any collection (with the old garbage a young collection leaves). Heap caps are sized from
 * them ({@code bench e2e} reports them).
 */
public final class GcLog {
  private GcLog() {}

  /**
   * Files the JVM keeps beside the current one, of 5 MB: a day of a busy component's collections.
   */
  private static final int ROTATED_FILES = 2;

  static final String ROTATION = "filecount=" + ROTATED_FILES + ",filesize=5m";

  /** "GC(12) Pause Young (Normal) (G1 Evacuation Pause) 150M->40M(256M) 5.1ms". */
  private static final Pattern PAUSE =
      Pattern.compile("Pause .*?(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

  /** The JVM option that writes a component's collections to {@code file}. */
  static String option(Path file) {
    // quoted: the JVM's -Xlog syntax separates its parts with ':'
    return "-Xlog:gc:file=\"" + file.toAbsolutePath() + "\":time,uptime:" + ROTATION;
  }

  /** The file a component's collections are written to. */
  public static Path of(StackHome home, String component) {
    return home.log(component).resolveSibling("gc").resolve(component + ".gc.log");
  }

  /**
   * What a component's GC log (and its rotated files) says.
   *
   * @param collections pauses logged
   * @param maxAfterBytes the most heap in use right after any collection
   * @param maxAfterFullBytes the most heap in use right after a full collection: the live set (0
   *     when there was none)
   * @param maxCommittedBytes the most heap the JVM had reserved from the system
   */
  public record Summary(
      int collections, long maxAfterBytes, long maxAfterFullBytes, long maxCommittedBytes) {}

  /** The summary of {@code file} and its rotated files ({@code file.0}, {@code file.1}). */
  public static Summary read(Path file) throws IOException {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < ROTATED_FILES; i++) {
      files.add(file.resolveSibling(file.getFileName() + "." + i));
    }
    files.add(file);
    int collections = 0;
    long after = 0;
    long afterFull = 0;
    long committed = 0;
    for (Path f : files) {
      if (!Files.isRegularFile(f)) {
        continue;
      }
      try (BufferedReader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          Matcher m = PAUSE.matcher(line);
          if (m.find()) {
            collections++;
            long used = bytes(m.group(3), m.group(4));
            after = Math.max(after, used);
            if (line.contains("Pause Full")) {
              afterFull = Math.max(afterFull, used);
            }
            committed = Math.max(committed, bytes(m.group(5), m.group(6)));
          }
        }
      }
    }
    return new Summary(collections, after, afterFull, committed);
  }

  private static long bytes(String number, String unit) {
    long n = Long.parseLong(number);
    return switch (unit) {
      case "K" -> n << 10;
      case "M" -> n << 20;
      default -> n << 30;
    };
  }
}
