package org.cricketstream.cricsheet.model;

import java.util.List;

/**
 * One ball bowled.
 *
 * @param matchId the match
 * @param innings innings number, 1-based, counting super overs after the regular innings
 * @param over over number, 0-based as Cricsheet writes it
 * @param ball the delivery's place within its over, 1-based, counting wides and no-balls
 * @param label the ball label as text, over "." ball: "12.10" is the tenth delivery of over 13
 * @param sequence 1-based position of the delivery within its innings
 * @param batter the striker
 * @param batterRuns runs credited to the batter
 * @param extras extras by kind
 * @param totalRuns all runs from the delivery (batter runs plus extras)
 * @param nonBoundary true when a four or six was run, not hit to the boundary
 * @param wickets zero, one or (rarely) two dismissals
 * @param replacements replacements recorded on this ball
 * @param review a player review, or null
 */
public record Delivery(
    String matchId,
    int innings,
    int over,
    int ball,
    String label,
    int sequence,
    String batter,
    String bowler,
    String nonStriker,
    int batterRuns,
    Extras extras,
    int totalRuns,
    boolean nonBoundary,
    List<Wicket> wickets,
    List<Replacement> replacements,
    Review review) {

  public Delivery {
    wickets = List.copyOf(wickets);
    replacements = List.copyOf(replacements);
  }

  /** Wides and no-balls must be bowled again: they are not legal balls. */
  public boolean legal() {
    return extras.wides() == 0 && extras.noballs() == 0;
  }

  /** Runs charged to the bowler: byes, leg-byes and penalty runs are not. */
  public int bowlerRuns() {
    return batterRuns + extras.wides() + extras.noballs();
  }

  /** Natural key, the same whichever file format the match came from. */
  public String key() {
    return Keys.delivery(matchId, innings, over, ball);
  }

  /** The same delivery as another ball of its over (its label follows). */
  public Delivery withBall(int newBall) {
    return new Delivery(
        matchId,
        innings,
        over,
        newBall,
        label(over, newBall),
        sequence,
        batter,
        bowler,
        nonStriker,
        batterRuns,
        extras,
        totalRuns,
        nonBoundary,
        wickets,
        replacements,
        review);
  }

  /** The same delivery at another place in its innings. */
  public Delivery withSequence(int newSequence) {
    return new Delivery(
        matchId,
        innings,
        over,
        ball,
        label,
        newSequence,
        batter,
        bowler,
        nonStriker,
        batterRuns,
        extras,
        totalRuns,
        nonBoundary,
        wickets,
        replacements,
        review);
  }

  /** The label for an over and ball. */
  public static String label(int over, int ball) {
    return over + "." + ball;
  }
}
