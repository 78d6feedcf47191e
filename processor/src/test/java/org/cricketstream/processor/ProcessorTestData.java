package org.cricketstream.processor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Test data for the processor: the hand-written fixtures of the cricsheet module, and the real
 * Cricsheet sample when present ($CRICSHEET_DATA, else ../shared/data/cricsheet beside the
 * checkout).
 */
final class ProcessorTestData {
  private ProcessorTestData() {}

  static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve("cricket")) && Files.exists(dir.resolve("pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("not inside the cricket-stream checkout");
  }

  static Path fixtures() {
    return root().resolve("cricsheet/src/test/resources/fixtures");
  }

  static Optional<Path> real() {
    String setting = System.getenv("CRICSHEET_DATA");
    if (setting == null || setting.isBlank()) {
      setting = System.getProperty("cricsheet.data");
    }
    Path folder =
        setting == null || setting.isBlank()
            ? root().resolve("../shared/data/cricsheet").normalize()
            : Path.of(setting);
    return Files.isDirectory(folder) ? Optional.of(folder) : Optional.empty();
  }
}
