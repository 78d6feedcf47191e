package org.cricketstream.cricsheet.model;

/** Extras on one delivery (or summed over many), by kind. */
public record Extras(int wides, int noballs, int byes, int legbyes, int penalty) {
  public static final Extras NONE = new Extras(0, 0, 0, 0, 0);

  public int total() {
    return wides + noballs + byes + legbyes + penalty;
  }

  public Extras plus(Extras other) {
    return new Extras(
        wides + other.wides,
        noballs + other.noballs,
        byes + other.byes,
        legbyes + other.legbyes,
        penalty + other.penalty);
  }
}
