package org.cricketstream.cricsheet.model;

/** A powerplay period, from and to as Cricsheet writes them (over.ball, e.g. 0.1 to 5.6). */
public record Powerplay(String from, String to, String type) {}
