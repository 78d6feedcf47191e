package org.cricketstream.cricsheet.model;

import java.util.Locale;

/** The kind of cricket a match was played as, folded from Cricsheet's {@code match_type}. */
public enum MatchFormat {
  T20,
  ODI,
  TEST,
  OTHER;

  /** Maps Cricsheet's match_type (T20, IT20, ODI, ODM, Test, MDM) to a format. */
  public static MatchFormat ofMatchType(String matchType) {
    if (matchType == null) {
      return OTHER;
    }
    return switch (matchType.toUpperCase(Locale.ROOT)) {
      case "T20", "IT20" -> T20;
      case "ODI", "ODM" -> ODI;
      case "TEST", "MDM" -> TEST;
      default -> OTHER;
    };
  }

  /**
   * True for formats with a fixed number of overs per innings, where innings after the second are
   * super overs.
   */
  public boolean limitedOvers() {
    return this == T20 || this == ODI;
  }
}
