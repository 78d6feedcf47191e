package org.cricketstream.cricsheet.model;

/** How a match ended. */
public enum Result {
  WIN,
  TIE,
  DRAW,
  NO_RESULT;

  /** Parses Cricsheet's {@code outcome.result} text (tie, draw, no result). */
  public static Result ofText(String text) {
    return switch (text) {
      case "tie" -> TIE;
      case "draw" -> DRAW;
      case "no result" -> NO_RESULT;
      default ->
          throw new IllegalArgumentException(
              "unknown result '" + text + "' (expected tie, draw or no result)");
    };
  }
}
