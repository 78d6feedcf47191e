package org.cricketstream.cricsheet.model;

/**
 * The recorded result of a match.
 *
 * @param result win, tie, draw or no result
 * @param winner the winning team for a win (possibly decided by {@code method}); null otherwise
 * @param byRuns margin in runs, or null
 * @param byWickets margin in wickets, or null
 * @param byInnings 1 when the winner batted once and still won ("by an innings and N runs"), or
 *     null
 * @param method how the result was reached when not on the field as played: "D/L", "VJD",
 *     "Awarded", ...
 * @param eliminator the team that won a tie-break (super over or bowl-out), or null
 * @param bowlOutWinner the team that won a bowl-out, or null
 */
public record Outcome(
    Result result,
    String winner,
    Integer byRuns,
    Integer byWickets,
    Integer byInnings,
    String method,
    String eliminator,
    String bowlOutWinner) {

  /** True when the result was awarded rather than played out. */
  public boolean awarded() {
    return "Awarded".equalsIgnoreCase(method);
  }

  /** True when a team won on the field by runs, wickets or an innings, with no method or award. */
  public boolean decidedOnTheField() {
    return result == Result.WIN
        && method == null
        && (byRuns != null || byWickets != null || byInnings != null);
  }

  /** A short human text, e.g. "England won by 3 wickets" or "tie (England won the eliminator)". */
  public String describe() {
    StringBuilder text = new StringBuilder();
    switch (result) {
      case WIN -> describeWin(text);
      case TIE -> text.append("tie");
      case DRAW -> text.append("draw");
      case NO_RESULT -> text.append("no result");
    }
    if (method != null) {
      text.append(" (").append(method).append(')');
    }
    if (eliminator != null) {
      text.append(" (").append(eliminator).append(" won the eliminator)");
    }
    if (bowlOutWinner != null && eliminator == null) {
      text.append(" (").append(bowlOutWinner).append(" won the bowl-out)");
    }
    return text.toString();
  }

  private void describeWin(StringBuilder text) {
    text.append(winner).append(" won");
    if (byInnings != null) {
      text.append(" by an innings");
      if (byRuns != null) {
        text.append(" and ").append(plural(byRuns, "run"));
      }
    } else if (byRuns != null) {
      text.append(" by ").append(plural(byRuns, "run"));
    } else if (byWickets != null) {
      text.append(" by ").append(plural(byWickets, "wicket"));
    }
  }

  private static String plural(int n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }
}
