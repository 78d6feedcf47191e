package org.cricketstream.cli.up;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Memory of a process from /proc: its resident set and its proportional share of it.
 *
 * <p>A page several processes map (the JVM's own code, in each of a dozen JVMs; PostgreSQL's shared
 * buffers, in each of its backends) counts in full in every one's resident set, so a sum of
 * resident sets counts it as often. The proportional set size (PSS) counts a shared page as its
 * share in each, so that a sum over processes is the memory they take together.
 *
 * @param rss VmRSS in bytes
 * @param pss Pss from {@code smaps_rollup} in bytes; the resident set where the kernel has no such
 *     file (before Linux 4.14); 0 where not asked for
 */
record Memory(long rss, long pss) {
  static final Memory NONE = new Memory(0, 0);

  Memory plus(Memory other) {
    return new Memory(rss + other.rss, pss + other.pss);
  }

  /**
   * A process's memory; {@link #NONE} when it is gone or /proc cannot tell. Its PSS only when
   * {@code proportional} (0 otherwise): the kernel walks the process's page tables for it, about 6
   * ms of system time for each of the stack's processes, where its resident set costs a tenth.
   */
  static Memory of(long pid, boolean proportional) {
    long rss = field(Path.of("/proc", Long.toString(pid), "status"), "VmRSS:");
    if (rss == 0 || !proportional) {
      return new Memory(rss, 0);
    }
    long pss = field(Path.of("/proc", Long.toString(pid), "smaps_rollup"), "Pss:");
    return new Memory(rss, pss > 0 ? pss : rss);
  }

  /** A {@code NAME: 123 kB} line's value in bytes; 0 when absent or unreadable. */
  private static long field(Path file, String name) {
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith(name)) {
          return Long.parseLong(line.substring(name.length()).replace("kB", "").trim()) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }
}
