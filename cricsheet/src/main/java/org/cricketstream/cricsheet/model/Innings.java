package org.cricketstream.cricsheet.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One innings with its deliveries in the order they were bowled.
 *
 * @param number 1-based; super overs follow the regular innings
 * @param team the batting team
 * @param superOver true for a super-over innings that settles a tie
 * @param declared true when the batting side declared
 * @param forfeited true when the side forfeited the innings (it has no deliveries)
 * @param target the chase target, when Cricsheet records one
 * @param penaltyRunsPre penalty runs awarded to this side before the innings (not on a ball)
 * @param penaltyRunsPost penalty runs awarded after the innings (not on a ball)
 * @param absentHurt batters who could not bat
 * @param powerplays powerplay periods, when recorded
 * @param miscountedOvers over number (0-based) to the number of legal balls the umpire allowed
 */
public record Innings(
    String matchId,
    int number,
    String team,
    boolean superOver,
    boolean declared,
    boolean forfeited,
    Target target,
    int penaltyRunsPre,
    int penaltyRunsPost,
    List<String> absentHurt,
    List<Powerplay> powerplays,
    Map<Integer, Integer> miscountedOvers,
    List<Delivery> deliveries) {

  public Innings {
    absentHurt = List.copyOf(absentHurt);
    powerplays = List.copyOf(powerplays);
    // Sorted, so the innings serializes (and digests) the same in every JVM.
    miscountedOvers = Collections.unmodifiableMap(new TreeMap<>(miscountedOvers));
    deliveries = List.copyOf(deliveries);
  }

  /** Natural key, the same whichever file format the match came from. */
  public String key() {
    return Keys.innings(matchId, number);
  }

  /** Penalty runs awarded outside any delivery. */
  public int inningsPenaltyRuns() {
    return penaltyRunsPre + penaltyRunsPost;
  }

  /** This innings without its deliveries: the header that travels on its own topic. */
  public Innings header() {
    return new Innings(
        matchId,
        number,
        team,
        superOver,
        declared,
        forfeited,
        target,
        penaltyRunsPre,
        penaltyRunsPost,
        absentHurt,
        powerplays,
        miscountedOvers,
        List.of());
  }
}
