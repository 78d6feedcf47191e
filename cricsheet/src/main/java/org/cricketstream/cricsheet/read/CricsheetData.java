package org.cricketstream.cricsheet.read;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where real Cricsheet data is, found through one setting: the environment variable {@code
 * CRICSHEET_DATA}, else the system property {@code cricsheet.data}, else {@code
 * ../shared/data/cricsheet} beside the checkout. The launcher's commands, tests and benchmarks all
 * ask here, so the rule lives in one place.
 */
public final class CricsheetData {
  public static final String ENV = "CRICSHEET_DATA";
  public static final String PROPERTY = "cricsheet.data";

  /** Sub-folders of the shared sample, one per source format. */
  public static final String T20I_JSON = "t20i_json";

  public static final String ODI_CSV = "odi_csv";
  public static final String TEST_YAML = "test_yaml";

  private CricsheetData() {}

  /** The real data folder, when it exists. */
  public static Optional<Path> real() {
    String setting = System.getenv(ENV);
    if (setting == null || setting.isBlank()) {
      setting = System.getProperty(PROPERTY);
    }
    Path folder;
    if (setting != null && !setting.isBlank()) {
      folder = Path.of(setting);
    } else {
      Optional<Path> checkout = checkout();
      if (checkout.isEmpty()) {
        return Optional.empty();
      }
      folder = checkout.get().resolve("../shared/data/cricsheet").normalize();
    }
    return Files.isDirectory(folder) ? Optional.of(folder) : Optional.empty();
  }

  /**
   * The project checkout: {@code -Dcricket.root} (set by the launcher), else the nearest folder at
   * or above the working directory holding the {@code cricket} launcher and a {@code pom.xml}.
   */
  public static Optional<Path> checkout() {
    String root = System.getProperty("cricket.root");
    if (root != null && !root.isBlank()) {
      return Optional.of(Path.of(root).toAbsolutePath().normalize());
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve("cricket")) && Files.exists(dir.resolve("pom.xml"))) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }
}
