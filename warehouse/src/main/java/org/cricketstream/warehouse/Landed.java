package org.cricketstream.warehouse;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cricketstream.topics.Topics;
import org.cricketstream.warehouse.dialect.DatabaseDialect;

/**
 * What reached the landing layer ({@code raw_events}), counted the way each source counts what it
 * holds: distinct MongoDB documents (the connector's key is the document id), distinct S3 objects
 * (the bridge's key is the object key) and distinct PostgreSQL rows (Debezium's {@code after.id}).
 * Repeats a source sent count once, so a count equal to the source's says nothing is missing.
 */
public final class Landed {
  private Landed() {}

  /** Distinct records landed per raw topic. */
  public static Map<String, Long> distinct(Connection c, DatabaseDialect dialect)
      throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    // the change event itself, or (written by earlier versions) inside the converter's envelope
    String rowId =
        "COALESCE("
            + dialect.jsonText("payload", "$.after.id")
            + ", "
            + dialect.jsonText("payload", "$.payload.after.id")
            + ")";
    counts.put(Topics.RAW_T20I.name(), count(c, "record_key", Topics.RAW_T20I.name()));
    counts.put(Topics.RAW_TEST.name(), count(c, "record_key", Topics.RAW_TEST.name()));
    counts.put(Topics.RAW_ODI_MATCHES.name(), count(c, rowId, Topics.RAW_ODI_MATCHES.name()));
    counts.put(Topics.RAW_ODI_DELIVERIES.name(), count(c, rowId, Topics.RAW_ODI_DELIVERIES.name()));
    return counts;
  }

  /**
   * The topic is one of the catalogue's names, given as a literal, not a parameter: a reader of a
   * served DuckDB sends a query without parameters whole to the server; one with parameters it
   * would run itself, fetching every raw event (about 500 MB of payloads for the sample).
   */
  private static long count(Connection c, String expression, String topic) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT COUNT(DISTINCT "
                    + expression
                    + ") FROM raw_events WHERE topic = '"
                    + topic.replace("'", "''")
                    + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
