package org.cricketstream.cricsheet.score;

/** One bowler's figures: legal balls bowled, maiden overs, runs conceded and wickets taken. */
public record BowlingEntry(String bowler, int legalBalls, int maidens, int runs, int wickets) {}
