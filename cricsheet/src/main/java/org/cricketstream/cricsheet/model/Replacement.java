package org.cricketstream.cricsheet.model;

/**
 * A replacement recorded on a delivery: a whole-match replacement (concussion, covid, supersub; the
 * {@code team} is set) or a role replacement (a runner or a bowler finishing another's over; the
 * {@code role} is set). {@code out} can be null for a role replacement.
 */
public record Replacement(
    Kind kind, String in, String out, String reason, String team, String role) {

  /** Match replacements change who plays; role replacements change who does one job. */
  public enum Kind {
    MATCH,
    ROLE
  }
}
