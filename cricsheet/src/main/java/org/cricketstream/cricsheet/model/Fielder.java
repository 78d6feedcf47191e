package org.cricketstream.cricsheet.model;

/** A fielder involved in a dismissal; {@code substitute} when fielding as a substitute. */
public record Fielder(String name, boolean substitute) {}
