package org.cricketstream.cli.up;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
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

  private ProcessTree(Map<Long, List<Long>> children) {
    this.children = children;
  }

  /** The processes running now, from /proc where there is one. */
  static ProcessTree read() {
    Path proc = Path.of("/proc");
    if (!Files.isDirectory(proc.resolve("self"))) {
      return new ProcessTree(null);
    }
    Map<Long, List<Long>> children = new HashMap<>();
    try (DirectoryStream<Path> entries =
        Files.newDirectoryStream(proc, p -> isNumber(p.getFileName().toString()))) {
      for (Path entry : entries) {
        long pid = Long.parseLong(entry.getFileName().toString());
        try {
          long parent = parentOf(Files.readString(entry.resolve("stat")));
          children.computeIfAbsent(parent, p -> new ArrayList<>()).add(pid);
        } catch (IOException | RuntimeException e) {
          // ended while read, or unreadable: not one of the stack's
        }
      }
    } catch (IOException | RuntimeException e) {
      return new ProcessTree(null);
    }
    return new ProcessTree(children);
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
    if (!running(pid)) {
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

  private boolean running(long pid) {
    for (List<Long> siblings : children.values()) {
      if (siblings.contains(pid)) {
        return true;
      }
    }
    return false;
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
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (!Character.isDigit(name.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
