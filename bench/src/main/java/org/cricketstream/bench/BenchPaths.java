package org.cricketstream.bench;

import java.nio.file.Path;
import org.cricketstream.cricsheet.read.CricsheetData;

/** Where the benchmarks find their data and write their figures, relative to the checkout. */
final class BenchPaths {
  private BenchPaths() {}

  /** The project checkout; the launcher passes it as -Dcricket.root. */
  static Path root() {
    return Path.of(System.getProperty("cricket.root", ".")).toAbsolutePath().normalize();
  }

  /** Real Cricsheet data: $CRICSHEET_DATA, else ../shared/data/cricsheet beside the checkout. */
  static Path cricsheetData() {
    return CricsheetData.real().orElse(root().resolve("../shared/data/cricsheet").normalize());
  }

  /** Where benchmarks write their figures. */
  static Path benchDir() {
    return root().resolve("target/bench");
  }

  /** Kafka Connect and Debezium's JDBC sink, copied here by the build, loaded apart. */
  static Path connectJars() {
    return root().resolve("bench/target/connect");
  }
}
