package org.cricketstream.cricsheet.model;

import java.util.List;
import java.util.Set;

/** A dismissal (or retirement) on a delivery. */
public record Wicket(String kind, String playerOut, List<Fielder> fielders) {

  private static final Set<String> BOWLER_KINDS =
      Set.of("bowled", "caught", "caught and bowled", "lbw", "stumped", "hit wicket");
  private static final Set<String> NOT_OUT_KINDS = Set.of("retired hurt", "retired not out");

  public Wicket {
    fielders = List.copyOf(fielders);
  }

  /**
   * Whether the bowler is credited: run outs, retirements, obstructing the field and the like are
   * not.
   */
  public boolean creditedToBowler() {
    return BOWLER_KINDS.contains(kind);
  }

  /** Whether this falls as a team wicket: a batter who retires hurt (or not out) may come back. */
  public boolean countsAsWicket() {
    return !NOT_OUT_KINDS.contains(kind);
  }
}
