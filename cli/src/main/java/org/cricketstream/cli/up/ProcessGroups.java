package org.cricketstream.cli.up;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Process groups, so that stopping a component takes every process it started: each child runs
 * under {@code setsid} (util-linux), which makes it the leader of a session and process group of
 * its own (in place: the child keeps its pid, which is its group's id), and is stopped by a signal
 * to the whole group ({@code kill -TERM -<pgid>}). Java cannot call setsid(2) or signal a group
 * itself. Without {@code setsid} on the path, a child runs as is and is stopped with its
 * descendants as Java sees them.
 */
final class ProcessGroups {
  private ProcessGroups() {}

  /** The {@code setsid} program, if the machine has it. */
  static final Optional<Path> SETSID = find("setsid");

  private static final Optional<Path> KILL = find("kill");

  /** Whether children get a process group of their own. */
  static boolean available() {
    return SETSID.isPresent() && KILL.isPresent();
  }

  /** The command, run as the leader of a new session and process group when possible. */
  static List<String> inOwnGroup(List<String> command) {
    if (!available()) {
      return command;
    }
    List<String> wrapped = new java.util.ArrayList<>();
    wrapped.add(SETSID.get().toString());
    wrapped.addAll(command);
    return wrapped;
  }

  /**
   * Sends {@code signal} (TERM, KILL, INT) to every process of the group {@code pgid}; false when
   * the group is gone. Without process groups, to the process and its descendants.
   */
  static boolean signal(long pgid, String signal) {
    if (!available()) {
      Optional<ProcessHandle> handle = ProcessHandle.of(pgid);
      handle.ifPresent(
          h -> {
            h.descendants().forEach(d -> kill(d, signal));
            kill(h, signal);
          });
      return handle.isPresent();
    }
    try {
      Process kill =
          new ProcessBuilder(KILL.get().toString(), "-s", signal, "--", "-" + pgid)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!kill.waitFor(10, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
        return true;
      }
      return kill.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void kill(ProcessHandle handle, String signal) {
    if ("KILL".equals(signal)) {
      handle.destroyForcibly();
    } else {
      handle.destroy();
    }
  }

  /** The process group of a process, read from /proc (Linux); empty elsewhere or once gone. */
  static Optional<Long> groupOf(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // pid (comm) state ppid pgrp ...; comm may hold spaces and parentheses
      String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
      return Optional.of(Long.parseLong(after[2]));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<Path> find(String program) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : path.split(java.io.File.pathSeparator, -1)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
