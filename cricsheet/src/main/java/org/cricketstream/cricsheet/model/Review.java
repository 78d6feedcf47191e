package org.cricketstream.cricsheet.model;

/** A player review (DRS) on a delivery. */
public record Review(
    String by, String umpire, String batter, String decision, String type, boolean umpiresCall) {}
