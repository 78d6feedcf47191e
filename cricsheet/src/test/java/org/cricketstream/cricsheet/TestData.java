package org.cricketstream.cricsheet;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where tests find match files.
 *
 * <p>{@link #fixtures()} are small matches written by hand for this project; they are always there.
 * {@link #real()} is a sample of real Cricsheet files, which are never copied into the repository.
 * It is found through one setting: the environment variable {@code CRICSHEET_DATA}, else the system
 * property {@code cricsheet.data}, else {@code <repo root>/../shared/data/cricsheet}, where the
 * repo root is the nearest folder at or above the working directory that holds {@code cricket} or
 * {@code .git}. On a fresh clone it is usually absent: tests that need it skip themselves with
 * {@code assumeTrue(TestData.real().isPresent())}.
 */
public final class TestData {
  public static final String ENV = "CRICSHEET_DATA";
  public static final String PROPERTY = "cricsheet.data";

  private TestData() {}

  /** The real Cricsheet sample folder (holding t20i_json/, odi_csv/, test_yaml/), if present. */
  public static Optional<Path> real() {
    String setting = System.getenv(ENV);
    if (setting == null || setting.isBlank()) {
      setting = System.getProperty(PROPERTY);
    }
    Path folder;
    if (setting != null && !setting.isBlank()) {
      folder = Path.of(setting);
    } else {
      Path repo = repoRoot();
      if (repo == null) {
        return Optional.empty();
      }
      folder = repo.resolve("../shared/data/cricsheet").normalize();
    }
    return Files.isDirectory(folder) ? Optional.of(folder) : Optional.empty();
  }

  /** The hand-written fixtures: json/, yaml/, csv/ (valid matches) and broken/. */
  public static Path fixtures() {
    URL url = TestData.class.getResource("/fixtures");
    if (url == null) {
      throw new IllegalStateException("test resource folder 'fixtures' is not on the class path");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path repoRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve("cricket")) || Files.exists(dir.resolve(".git"))) {
        return dir;
      }
    }
    return null;
  }
}
