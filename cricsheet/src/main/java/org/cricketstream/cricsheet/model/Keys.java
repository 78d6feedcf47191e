package org.cricketstream.cricsheet.model;

/**
 * Natural keys for every entity. They are built only from cricket facts (match id, team, innings
 * number, over and ball), so a match yields the same keys whether it was read from JSON, CSV or
 * YAML, and a repeated event yields the same key again.
 */
public final class Keys {
  private Keys() {}

  public static String match(String matchId) {
    return matchId;
  }

  public static String player(String matchId, String team, String name) {
    return matchId + "/" + team + "/" + name;
  }

  public static String innings(String matchId, int innings) {
    return matchId + "/" + innings;
  }

  public static String delivery(String matchId, int innings, int over, int ball) {
    return matchId + "/" + innings + "/" + over + "." + ball;
  }
}
