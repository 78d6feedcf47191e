package org.cricketstream.warehouse;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every row of the warehouse's tables as text, in key order, so two warehouses (DuckDB and
 * PostgreSQL, or before and after a rebuild) can be compared value for value. Raw payloads are
 * compared by digest.
 */
final class TableDump {
  private TableDump() {}

  static final Map<String, String> MODEL =
      orderedMap(
          "matches", "SELECT * FROM matches ORDER BY match_id",
          "teams", "SELECT * FROM teams ORDER BY team",
          "venues", "SELECT * FROM venues ORDER BY venue",
          "players", "SELECT * FROM players ORDER BY player_key",
          "innings", "SELECT * FROM innings ORDER BY innings_key",
          "miscounted_overs", "SELECT * FROM miscounted_overs ORDER BY innings_key, over_number",
          "deliveries", "SELECT * FROM deliveries ORDER BY delivery_key",
          "wickets", "SELECT * FROM wickets ORDER BY delivery_key, wicket_index");

  static final Map<String, String> LANDING =
      orderedMap(
          "raw_events",
          "SELECT topic, partition_id, record_offset, record_timestamp, md5(record_key),"
              + " headers, md5(payload) FROM raw_events ORDER BY topic, partition_id, record_offset");

  /** table name to its rows as text. */
  static Map<String, List<String>> of(Connection c, Map<String, String> queries)
      throws SQLException {
    Map<String, List<String>> dump = new LinkedHashMap<>();
    for (Map.Entry<String, String> query : queries.entrySet()) {
      List<String> rows = new ArrayList<>();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(query.getValue())) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          StringBuilder row = new StringBuilder();
          for (int i = 1; i <= n; i++) {
            Object v = rs.getObject(i);
            row.append(i > 1 ? " | " : "")
                .append(v instanceof Number number ? number.longValue() : String.valueOf(v));
          }
          rows.add(row.toString());
        }
      }
      dump.put(query.getKey(), rows);
    }
    if (!c.getAutoCommit()) {
      c.rollback();
    }
    return dump;
  }

  /** The first differences between two dumps, or an empty list when equal. */
  static List<String> differences(Map<String, List<String>> a, Map<String, List<String>> b) {
    List<String> differences = new ArrayList<>();
    for (String table : a.keySet()) {
      List<String> x = a.get(table);
      List<String> y = b.getOrDefault(table, List.of());
      if (x.size() != y.size()) {
        differences.add(table + ": " + x.size() + " rows against " + y.size());
      }
      for (int i = 0; i < Math.min(x.size(), y.size()) && differences.size() < 20; i++) {
        if (!x.get(i).equals(y.get(i))) {
          differences.add(table + " row " + i + ":\n  " + x.get(i) + "\n  " + y.get(i));
        }
      }
    }
    return differences;
  }

  private static Map<String, String> orderedMap(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }
}
