package org.cricketstream.cricsheet.model;

/**
 * The competition a match belongs to. Match number and group are text: Cricsheet writes them as
 * numbers or words.
 */
public record Event(String name, String matchNumber, String group, String stage) {}
