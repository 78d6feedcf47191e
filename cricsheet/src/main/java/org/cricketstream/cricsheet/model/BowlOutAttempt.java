package org.cricketstream.cricsheet.model;

/** One delivery of a bowl-out that settled a tie: the bowler and "hit" or "miss". */
public record BowlOutAttempt(String bowler, String outcome) {}
