package org.cricketstream.cli.chaos;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cricketstream.cricsheet.model.Match;
import org.cricketstream.cricsheet.read.MatchFiles;
import org.cricketstream.topics.Topics;
import org.cricketstream.warehouse.ScorecardCheck;
import org.cricketstream.warehouse.dialect.DatabaseDialect;

/**
 * What a stack's warehouse holds against the match files it replayed: per source, the deliveries
 * expected, those in the warehouse, those lost and those doubled, and the dead letters; and whether
 * every match's views equal {@code ./cricket scorecard} of its file.
 */
final class Tally {
  /** One source's figures. */
  record Row(
      String source,
      int matches,
      long expected,
      long inWarehouse,
      long lost,
      long doubled,
      long deadLettered) {}

  private final Map<String, String> sourceOf = new HashMap<>();
  private final Map<String, Integer> deliveries = new HashMap<>();
  private final Map<String, Map<String, List<String>>> views;

  /** The expectations of {@code files}, read once. */
  Tally(List<Path> files) {
    for (Path file : files) {
      Match match = MatchFiles.readMatch(file);
      String id = match.info().matchId();
      sourceOf.put(id, sourceOf(file));
      deliveries.put(id, match.deliveries().size());
    }
    views = ScorecardCheck.expected(files);
  }

  /** The source a match file is replayed through. */
  static String sourceOf(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".json") ? "t20i" : name.endsWith(".csv") ? "odi" : "test";
  }

  /** The figures of each source, and every view difference, read from {@code warehouse}. */
  Result of(Connection warehouse, DatabaseDialect dialect) throws SQLException {
    Map<String, Long> got = new HashMap<>();
    try (Statement s = warehouse.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT match_id, COUNT(*) FROM deliveries GROUP BY match_id")) {
      while (rs.next()) {
        got.put(rs.getString(1), rs.getLong(2));
      }
    }
    Map<String, Long> dead = deadLettersBySource(warehouse, dialect);
    Map<String, Row> rows = new LinkedHashMap<>();
    for (String source : List.of("t20i", "odi", "test")) {
      int matches = 0;
      long expected = 0;
      long in = 0;
      long lost = 0;
      long doubled = 0;
      for (Map.Entry<String, String> e : sourceOf.entrySet()) {
        if (!e.getValue().equals(source)) {
          continue;
        }
        long want = deliveries.get(e.getKey());
        long have = got.getOrDefault(e.getKey(), 0L);
        matches++;
        expected += want;
        in += have;
        lost += Math.max(0, want - have);
        doubled += Math.max(0, have - want);
      }
      rows.put(
          source,
          new Row(source, matches, expected, in, lost, doubled, dead.getOrDefault(source, 0L)));
    }
    List<String> differences = ScorecardCheck.differences(warehouse, views);
    return new Result(new ArrayList<>(rows.values()), differences);
  }

  /** The figures, and every difference of a view from the scorecards (empty: exact). */
  record Result(List<Row> rows, List<String> differences) {
    boolean exact() {
      return differences.isEmpty() && rows.stream().allMatch(r -> r.lost() + r.doubled() == 0);
    }
  }

  /** Dead letters landed in the warehouse, by the source of the raw topic they were read from. */
  private static Map<String, Long> deadLettersBySource(Connection c, DatabaseDialect dialect)
      throws SQLException {
    Map<String, Long> counts = new HashMap<>();
    String topic = dialect.jsonText("payload", "$.sourceTopic");
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT "
                    + topic
                    + ", COUNT(*) FROM raw_events WHERE topic = '"
                    + Topics.DEAD_LETTERS.name()
                    + "' GROUP BY 1")) {
      while (rs.next()) {
        String from = String.valueOf(rs.getString(1));
        String source =
            from.equals(Topics.RAW_T20I.name())
                ? "t20i"
                : from.equals(Topics.RAW_TEST.name()) ? "test" : "odi";
        counts.merge(source, rs.getLong(2), Long::sum);
      }
    }
    return counts;
  }
}
