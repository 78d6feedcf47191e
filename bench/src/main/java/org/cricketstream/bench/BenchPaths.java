package org.cricketstream.bench;

import java.nio.file.Path;
import org.cricketstream.cricsheet.read.CricsheetData;

/** Where the benchmarks find their data and write their figures, relative to the checkout. */
final class BenchPaths {
  private BenchPaths() {}

  /** The checkout (-Dcricket.root from the launcher, else found above the working directory). */
  static Path root() {
    return CricsheetData.checkout().orElse(Path.of("").toAbsolutePath());
  }

  /** Real Cricsheet data ($CRICSHEET_DATA, ...), else where it would be beside the checkout. */
  static Path cricsheetData() {
    return CricsheetData.real().orElseGet(() -> root().resolveSibling("shared/data/cricsheet"));
  }

  static Path benchDir() {
    return root().resolve("target/bench");
  }

  /** Kafka Connect and Debezium's JDBC sink, copied here by the build, loaded apart. */
  static Path connectJars() {
    return root().resolve("bench/target/connect");
  }
}
