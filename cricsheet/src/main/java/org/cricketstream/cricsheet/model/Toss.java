package org.cricketstream.cricsheet.model;

/** Who won the toss and whether they chose to bat or field. */
public record Toss(String winner, String decision) {}
