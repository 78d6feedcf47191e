package org.cricketstream.cricsheet.model;

import java.util.List;

/** A whole match: its information and its innings in order. */
public record Match(MatchInfo info, List<Innings> innings) {
  public Match {
    innings = List.copyOf(innings);
  }

  public String id() {
    return info.matchId();
  }

  /** Every delivery of the match, innings by innings. */
  public List<Delivery> deliveries() {
    return innings.stream().flatMap(i -> i.deliveries().stream()).toList();
  }
}
