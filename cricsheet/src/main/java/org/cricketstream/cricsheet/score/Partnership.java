package org.cricketstream.cricsheet.score;

/**
 * The runs added between two falls of wicket.
 *
 * @param wicket the wicket the partnership was for (1 for the opening stand)
 * @param batter1 a batter at the crease when it ended
 * @param batter2 the other batter at the crease when it ended
 * @param runs all runs added, extras included
 * @param balls legal balls bowled during it
 * @param unbroken true when the innings ended without the partnership being broken
 */
public record Partnership(
    int wicket, String batter1, String batter2, int runs, int balls, boolean unbroken) {}
