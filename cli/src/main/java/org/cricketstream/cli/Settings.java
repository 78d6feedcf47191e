package org.cricketstream.cli;

import java.nio.file.Path;
import org.cricketstream.cricsheet.read.CricsheetData;

/** Where things are, declared once: every setting has a default that works in a checkout. */
final class Settings {
  private Settings() {}

  /** The project checkout; the launcher passes it as -Dcricket.root. */
  static Path root() {
    return Path.of(System.getProperty("cricket.root", ".")).toAbsolutePath().normalize();
  }

  /** Real Cricsheet data: $CRICSHEET_DATA, else ../shared/data/cricsheet beside the checkout. */
  static Path cricsheetData() {
    return CricsheetData.real().orElse(root().resolve("../shared/data/cricsheet").normalize());
  }
}
