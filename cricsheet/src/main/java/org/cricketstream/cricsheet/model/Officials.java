package org.cricketstream.cricsheet.model;

import java.util.List;

/** The match officials; lists are empty, never null, where Cricsheet records none. */
public record Officials(
    List<String> umpires,
    List<String> tvUmpires,
    List<String> reserveUmpires,
    List<String> matchReferees) {

  public Officials {
    umpires = List.copyOf(umpires);
    tvUmpires = List.copyOf(tvUmpires);
    reserveUmpires = List.copyOf(reserveUmpires);
    matchReferees = List.copyOf(matchReferees);
  }

  public static final Officials NONE = new Officials(List.of(), List.of(), List.of(), List.of());
}
