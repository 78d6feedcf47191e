package org.cricketstream.cricsheet.score;

import java.util.List;

/**
 * One batter's line on the scorecard.
 *
 * @param dismissal the wicket kind ("caught", "run out", "retired hurt", ...) or "not out"
 * @param bowler the bowler credited with the wicket, or null when the bowler is not credited
 * @param fielders fielders named in the dismissal
 */
public record BattingEntry(
    String batter,
    int runs,
    int balls,
    int fours,
    int sixes,
    String dismissal,
    String bowler,
    List<String> fielders) {
  public static final String NOT_OUT = "not out";
}
