package org.cricketstream.cli.up;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which process started which, read once for all of the stack's components: the supervisor samples
 * every component's memory and CPU twice a second, and {@link ProcessHandle#descendants()} reads
 * every process of the machine for each call (1.1 ms of CPU here), twice per component and sample.
 * One reading of {@code /proc} serves them all (in {@code bench e2e}, whose JVM is the supervisor,
 * that JVM's share of the stack's CPU for the whole sample went from 4.0-4.2% in five runs to
 * 3.3-3.5% in two). Where there is no {@code /proc}, each question goes to {@link ProcessHandle}.
 */
final class ProcessTree {
  /** The children of each process, by parent pid; null where /proc cannot be read. */
  private final Map<Long, List<Long>> children;

  /** Every process read. */
  private final Set<Long> running;

  private ProcessTree(Map<Long, List<Long>> children, Set<Long> running) {
    this.children = children;
    this.running = running;
  }

  /** The processes running now, from /proc where there is one. */
  static ProcessTree read() {
    Path proc = Path.of("/proc");
    if (!Files.isDirectory(proc.resolve("self"))) {
      return new ProcessTree(null, Set.of());
    }
    Map<Long, List<Long>> children = new HashMap<>();
    Set<Long> running = new HashSet<>();
    try (DirectoryStream<Path> entries =
        Files.newDirectoryStream(proc, p -> isNumber(p.getFileName().toString()))) {
      for (Path entry : entries) {
        long pid = Long.parseLong(entry.getFileName().toString());
        try {
          long parent = parentOf(Files.readString(entry.resolve("stat")));
          children.computeIfAbsent(parent, p -> new ArrayList<>()).add(pid);
          running.add(pid);
        } catch (IOException | RuntimeException e) {
          // ended while read, or unreadable: not one of the stack's
        }
      }
    } catch (IOException | RuntimeException e) {
      return new ProcessTree(null, Set.of());
    }
    return new ProcessTree(children, running);
  }

  /**
   * {@code pid} and every process it started, and they started, that still run, {@code pid} first;
   * none if it has ended.
   */
  Set<Long> withDescendants(long pid) {
    Set<Long> all = new LinkedHashSet<>();
    if (children == null) {
      ProcessHandle.of(pid)
          .ifPresent(
              h -> {
                all.add(pid);
                h.descendants().forEach(d -> all.add(d.pid()));
              });
      return all;
    }
    if (!running.contains(pid)) {
      return all;
    }
    Deque<Long> next = new ArrayDeque<>(List.of(pid));
    while (!next.isEmpty()) {
      long p = next.pop();
      if (all.add(p)) {
        next.addAll(children.getOrDefault(p, List.of()));
      }
    }
    return all;
  }

  /**
   * The parent pid in a {@code /proc/PID/stat} line: {@code pid (comm) state ppid ...}, where the
   * command name may hold spaces and parentheses, so the fields are counted from its last ')'.
   */
  static long parentOf(String stat) {
    int end = stat.lastIndexOf(')');
    String[] fields = stat.substring(end + 2).split(" ", 3);
    return Long.parseLong(fields[1]);
  }

  private static boolean isNumber(String name) {
    return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
  }
}
