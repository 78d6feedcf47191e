package org.cricketstream.cricsheet.model;

/** The target set for a chasing innings: runs to win, in how many overs (null when not reduced). */
public record Target(int runs, String overs) {}
