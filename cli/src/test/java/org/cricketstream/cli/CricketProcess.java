package org.cricketstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@code ./cricket} command in a JVM of its own, as the launcher runs it, for tests. */
final class CricketProcess {
  /** The checkout: tests run in the cli module's folder. */
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private CricketProcess() {}

  /** The command line of {@code ./cricket args...} on this test's class path. */
  static List<String> command(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (args.length > 0 && args[0].equals("up")) {
      // up's own JVM as the launcher runs it
      command.addAll(org.cricketstream.cli.up.Supervisor.ownJvmOptions(ROOT));
    }
    command.add("-Dcricket.root=" + ROOT);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Cricket.class.getName());
    command.addAll(List.of(args));
    return command;
  }

  /**
   * Starts {@code builder} with its output in {@code log} and waits until the output has {@code
   * ready}; fails the test if the process exits first or is not ready within {@code timeout}.
   */
  static Process startUntil(ProcessBuilder builder, Path log, String ready, Duration timeout)
      throws IOException, InterruptedException {
    Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!read(log).contains(ready)) {
      assertThat(process.isAlive()).as("the process runs; its output: %s", read(log)).isTrue();
      assertThat(System.nanoTime()).as("'%s' in time", ready).isLessThan(deadline);
      Thread.sleep(100);
    }
    return process;
  }

  /** A log's text so far, or why it cannot be read. */
  static String read(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return e.toString();
    }
  }
}
