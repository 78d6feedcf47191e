package org.cricketstream.cli;

import java.nio.file.Path;
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
    command.add("-Dcricket.root=" + ROOT);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Cricket.class.getName());
    command.addAll(List.of(args));
    return command;
  }
}
