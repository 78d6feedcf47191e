package org.cricketstream.cricsheet;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Optional;
import org.cricketstream.cricsheet.read.CricsheetData;

/**
 * Where tests find match files.
 *
 * <p>{@link #fixtures()} are small matches written by hand for this project; they are always there.
 * {@link #real()} is a sample of real Cricsheet files, which are never copied into the repository.
 * It is found through one setting, by {@link CricsheetData#real()}: the environment variable {@code
 * CRICSHEET_DATA}, else the system property {@code cricsheet.data}, else {@code
 * ../shared/data/cricsheet} beside the checkout. On a fresh clone it is usually absent: tests that
 * need it skip themselves with {@code assumeTrue(TestData.real().isPresent())}.
 */
public final class TestData {
  public static final String ENV = CricsheetData.ENV;
  public static final String PROPERTY = CricsheetData.PROPERTY;

  private TestData() {}

  /** The real Cricsheet sample folder (holding t20i_json/, odi_csv/, test_yaml/), if present. */
  public static Optional<Path> real() {
    return CricsheetData.real();
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
}
