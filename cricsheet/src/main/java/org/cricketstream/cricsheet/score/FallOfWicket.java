package org.cricketstream.cricsheet.score;

/**
 * A wicket falling: the team's score when it fell, who was out, and on which ball.
 *
 * @param wicket 1 for the first wicket, and so on
 * @param runs the team's score at the fall, counting the runs of that ball
 * @param ball the ball label, e.g. "12.4"
 */
public record FallOfWicket(int wicket, int runs, String playerOut, String ball) {}
