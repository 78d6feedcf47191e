package org.cricketstream.cli;

import java.util.List;

/** {@link CricketProcess} for tests of other packages. */
public final class CricketProcessAccess {
  private CricketProcessAccess() {}

  public static List<String> command(String... args) {
    return CricketProcess.command(args);
  }
}
