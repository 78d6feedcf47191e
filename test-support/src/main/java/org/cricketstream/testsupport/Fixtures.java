package org.cricketstream.testsupport;

import java.nio.file.Path;
import org.cricketstream.cricsheet.read.CricsheetData;

/** The project's hand-written fixture matches, which every module's tests share. */
public final class Fixtures {
  private Fixtures() {}

  /** The fixture matches (json/, yaml/, csv/, broken/) of the checkout the tests run in. */
  public static Path folder() {
    return CricsheetData.checkout()
        .orElseThrow(() -> new IllegalStateException("not inside the cricket-stream checkout"))
        .resolve("cricsheet/src/test/resources/fixtures");
  }
}
