package org.cricketstream.cricsheet.score;

import java.util.List;
import org.cricketstream.cricsheet.model.Extras;

/**
 * One innings of a scorecard.
 *
 * @param runs total runs: every run off the bat, every extra, and innings-level penalty runs
 * @param wickets wickets fallen (retired hurt is not one)
 * @param legalBalls balls bowled that were neither wides nor no-balls
 * @param penaltyRuns penalty runs awarded outside any delivery (before or after the innings)
 * @param extras extras by kind, summed over the deliveries
 */
public record InningsCard(
    int number,
    String team,
    boolean superOver,
    int runs,
    int wickets,
    int legalBalls,
    int penaltyRuns,
    Extras extras,
    List<BattingEntry> batting,
    List<BowlingEntry> bowling,
    List<FallOfWicket> fallOfWickets,
    List<Partnership> partnerships) {}
