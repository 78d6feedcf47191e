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
 * after any collection (with the old garbage a young collection leaves), and what the collections
 * cost: the time they held the component's threads and the CPU they took. Heap caps are sized from
 * the first, which the second two price ({@code bench e2e} reports them).
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

  /** A pause's wall time, at the end of its line: "... 150M->40M(256M) 5.1ms". */
  private static final Pattern PAUSE_TIME = Pattern.compile(" (\\d+(?:\\.\\d+)?)ms$");

  /** What a collection cost in CPU (gc+cpu): "GC(12) User=0.01s Sys=0.00s Real=0.02s". */
  private static final Pattern CPU =
      Pattern.compile("GC\\(\\d+\\) User=(\\d+\\.\\d+)s Sys=(\\d+\\.\\d+)s Real=");

  /**
   * The JVM option that writes a component's collections to {@code file}: each pause, and the CPU
   * seconds each collection took (its threads' user and system time).
   */
  static String option(Path file) {
    // quoted: the JVM's -Xlog syntax separates its parts with ':'
    return "-Xlog:gc,gc+cpu:file=\"" + file.toAbsolutePath() + "\":time,uptime:" + ROTATION;
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
   * @param pauseSeconds the pauses' wall time summed: how long the component's own threads were
   *     held (longer than {@code cpuSeconds} on a busy machine, where the collector waits for a
   *     core)
   * @param cpuSeconds the CPU seconds the collections took (0 in a log written without gc+cpu)
   */
  public record Summary(
      int collections,
      long maxAfterBytes,
      long maxAfterFullBytes,
      long maxCommittedBytes,
      double pauseSeconds,
      double cpuSeconds) {}

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
    double pauseMillis = 0;
    double cpuSeconds = 0;
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
            Matcher pause = PAUSE_TIME.matcher(line);
            if (pause.find()) {
              pauseMillis += Double.parseDouble(pause.group(1));
            }
            continue;
          }
          Matcher cpu = CPU.matcher(line);
          if (cpu.find()) {
            cpuSeconds += Double.parseDouble(cpu.group(1)) + Double.parseDouble(cpu.group(2));
          }
        }
      }
    }
    return new Summary(collections, after, afterFull, committed, pauseMillis / 1000, cpuSeconds);
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
