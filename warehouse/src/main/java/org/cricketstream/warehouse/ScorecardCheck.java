package org.cricketstream.warehouse;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cricketstream.cricsheet.read.MatchFiles;
import org.cricketstream.cricsheet.score.BattingEntry;
import org.cricketstream.cricsheet.score.BowlingEntry;
import org.cricketstream.cricsheet.score.FallOfWicket;
import org.cricketstream.cricsheet.score.InningsCard;
import org.cricketstream.cricsheet.score.Partnership;
import org.cricketstream.cricsheet.score.Scorecard;

/**
 * Compares the warehouse's views with {@link Scorecard#of} of each match file: the three public
 * views exactly, and partnerships and falls of wicket too. Returns every difference, one line each.
 */
public final class ScorecardCheck {
  private ScorecardCheck() {}

  /** What each view must hold, per view, per match id: computed once from the files. */
  public static Map<String, Map<String, List<String>>> expected(List<Path> files) {
    Map<String, Map<String, List<String>>> expected = new HashMap<>();
    for (String view : VIEWS) {
      expected.put(view, new HashMap<>());
    }
    for (Path file : files) {
      Scorecard card = Scorecard.of(MatchFiles.readMatch(file));
      String id = card.match();
      for (String view : VIEWS) {
        expected.get(view).put(id, new ArrayList<>());
      }
      for (InningsCard i : card.innings()) {
        expected
            .get("innings_summary")
            .get(id)
            .add(row(id, i.number(), i.team(), i.runs(), i.wickets(), i.legalBalls()));
        for (BattingEntry b : i.batting()) {
          expected
              .get("batting_scorecard")
              .get(id)
              .add(
                  row(
                      id,
                      i.number(),
                      b.batter(),
                      b.runs(),
                      b.balls(),
                      b.fours(),
                      b.sixes(),
                      b.dismissal()));
        }
        for (BowlingEntry b : i.bowling()) {
          expected
              .get("bowling_figures")
              .get(id)
              .add(
                  row(
                      id,
                      i.number(),
                      b.bowler(),
                      b.legalBalls(),
                      b.maidens(),
                      b.runs(),
                      b.wickets()));
        }
        for (FallOfWicket f : i.fallOfWickets()) {
          expected
              .get("fall_of_wickets")
              .get(id)
              .add(row(id, i.number(), f.wicket(), f.runs(), f.playerOut(), f.ball()));
        }
        for (Partnership p : i.partnerships()) {
          expected
              .get("partnerships")
              .get(id)
              .add(
                  row(
                      id,
                      i.number(),
                      p.wicket(),
                      p.batter1(),
                      p.batter2(),
                      p.runs(),
                      p.balls(),
                      p.unbroken()));
        }
      }
    }
    return expected;
  }

  private static final List<String> VIEWS =
      List.of(
          "innings_summary",
          "batting_scorecard",
          "bowling_figures",
          "fall_of_wickets",
          "partnerships");

  private static final Map<String, String> QUERIES =
      Map.of(
          "innings_summary",
          "SELECT match_id, innings_number, batting_team, runs, wickets, legal_balls"
              + " FROM innings_summary",
          "batting_scorecard",
          "SELECT match_id, innings_number, batter, runs, balls, fours, sixes, dismissal"
              + " FROM batting_scorecard",
          "bowling_figures",
          "SELECT match_id, innings_number, bowler, legal_balls, maidens, runs, wickets"
              + " FROM bowling_figures",
          "fall_of_wickets",
          "SELECT match_id, innings_number, wicket, runs, player_out, ball FROM fall_of_wickets",
          "partnerships",
          "SELECT match_id, innings_number, wicket, batter1, batter2, runs, balls, unbroken"
              + " FROM partnerships");

  /** Every difference between the views and the expected rows, one line each. */
  public static List<String> differences(
      Connection c, Map<String, Map<String, List<String>>> expected) throws SQLException {
    List<String> differences = new ArrayList<>();
    for (String view : VIEWS) {
      Map<String, List<String>> actual = rowsByMatch(c, QUERIES.get(view));
      Map<String, List<String>> want = expected.get(view);
      for (Map.Entry<String, List<String>> match : want.entrySet()) {
        compare(differences, match.getKey(), view, match.getValue(), actual.get(match.getKey()));
      }
      for (String id : actual.keySet()) {
        if (!want.containsKey(id)) {
          differences.add("match " + id + " " + view + ": not in the sample");
        }
      }
    }
    return differences;
  }

  private static void compare(
      List<String> differences,
      String match,
      String view,
      List<String> expected,
      List<String> actual) {
    List<String> want = new ArrayList<>(expected);
    List<String> got = actual == null ? new ArrayList<>() : new ArrayList<>(actual);
    want.sort(null);
    got.sort(null);
    if (!want.equals(got)) {
      List<String> missing = new ArrayList<>(want);
      missing.removeAll(got);
      List<String> extra = new ArrayList<>(got);
      extra.removeAll(want);
      differences.add(
          "match " + match + " " + view + ": missing " + missing + ", unexpected " + extra);
    }
  }

  private static Map<String, List<String>> rowsByMatch(Connection c, String sql)
      throws SQLException {
    Map<String, List<String>> rows = new HashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
          Object v = rs.getObject(i + 1);
          values[i] = v instanceof Number number ? (Object) number.longValue() : v;
        }
        rows.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(row(values));
      }
    }
    return rows;
  }

  private static String row(Object... values) {
    StringBuilder text = new StringBuilder();
    for (Object v : values) {
      if (text.length() > 0) {
        text.append(" | ");
      }
      text.append(
          v instanceof Number number ? String.valueOf(number.longValue()) : String.valueOf(v));
    }
    return text.toString();
  }
}
