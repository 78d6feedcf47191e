package org.cricketstream.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --home DIR}: where a local stack keeps all its state ($CRICKET_HOME, else state/). */
final class HomeOption {
  @Option(
      names = "--home",
      paramLabel = "DIR",
      description = "where the local stack keeps its state (default $CRICKET_HOME or ./state)")
  Path dir = defaultHome();

  static Path defaultHome() {
    String env = System.getenv("CRICKET_HOME");
    return env != null && !env.isBlank() ? Path.of(env) : Settings.root().resolve("state");
  }

  /** The DuckDB warehouse of this home, as the sink writes it under {@code ./cricket up}. */
  String duckDbUrl() {
    return "jdbc:duckdb:" + dir.toAbsolutePath().normalize().resolve("warehouse/cricket.duckdb");
  }
}
