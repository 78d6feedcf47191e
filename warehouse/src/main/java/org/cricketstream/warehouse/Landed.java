package org.cricketstream.warehouse;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.cricketstream.topics.Topics;
import org.cricketstream.warehouse.dialect.DatabaseDialect;

/**
 * What reached the landing layer ({@code raw_events}), counted the way each source counts what it
 * holds: distinct MongoDB documents (the connector's key is the document id), distinct S3 objects
 * (the bridge's key is the object key) and distinct PostgreSQL rows (Debezium's {@code after.id}).
 * Repeats a source sent count once, so a count equal to the source's says nothing is missing.
 *
 * <p>A {@link Tally} counts again by reading only what landed since its last count: {@code up}
 * counts every 30 seconds while it runs, and a {@code COUNT(DISTINCT ...)} over every landed record
 * (each ODI row's JSON parsed again) ran for more than 33 s on ClusterIT's PostgreSQL warehouse,
 * longer the more had landed.
 */
public final class Landed {
  private Landed() {}

  /** Distinct records landed per raw topic, counted from the start. */
  public static Map<String, Long> distinct(Connection c, DatabaseDialect dialect)
      throws SQLException {
    return new Tally().count(c, dialect);
  }

  /**
   * Distinct records landed per raw topic, kept between counts: each count reads the records past
   * the newest offset it has read of each partition, which is all that can have landed since (the
   * sink lands a partition's records in offset order, a recreated topic's after the old one's). If
   * a partition's newest offset is lower than the one read (the landing layer emptied), that topic
   * is counted again from the start. Safe to share between threads.
   */
  public static final class Tally {
    private final Map<String, TopicIds> topics = new LinkedHashMap<>();

    /** Distinct records landed per raw topic, as of now. */
    public synchronized Map<String, Long> count(Connection c, DatabaseDialect dialect)
        throws SQLException {
      // the change event itself, or (written by earlier versions) inside the converter's envelope
      String rowId =
          "COALESCE("
              + dialect.jsonText("payload", "$.after.id")
              + ", "
              + dialect.jsonText("payload", "$.payload.after.id")
              + ")";
      Map<String, Long> counts = new LinkedHashMap<>();
      counts.put(Topics.RAW_T20I.name(), count(c, null, Topics.RAW_T20I.name()));
      counts.put(Topics.RAW_TEST.name(), count(c, null, Topics.RAW_TEST.name()));
      counts.put(Topics.RAW_ODI_MATCHES.name(), count(c, rowId, Topics.RAW_ODI_MATCHES.name()));
      counts.put(
          Topics.RAW_ODI_DELIVERIES.name(), count(c, rowId, Topics.RAW_ODI_DELIVERIES.name()));
      return counts;
    }

    /** {@code rowId}: the id of a change event's row; null: the record's key (its bytes). */
    private long count(Connection c, String rowId, String topic) throws SQLException {
      TopicIds ids = topics.computeIfAbsent(topic, t -> new TopicIds());
      if (emptiedSince(c, topic, ids)) {
        ids = new TopicIds();
        topics.put(topic, ids);
      }
      String id = rowId == null ? "record_key" : rowId;
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(ids.unread("partition_id, record_offset, " + id, topic))) {
        while (rs.next()) {
          ids.read(rs.getInt(1), rs.getLong(2), rowId == null ? rs.getBytes(3) : rs.getString(3));
        }
      }
      return ids.distinct();
    }

    /** Whether a partition read before now ends before the offset read (its rows are gone). */
    private static boolean emptiedSince(Connection c, String topic, TopicIds ids)
        throws SQLException {
      for (Map.Entry<Integer, Long> read : ids.newest.entrySet()) {
        try (Statement s = c.createStatement();
            ResultSet rs =
                s.executeQuery(
                    "SELECT MAX(record_offset) FROM raw_events WHERE "
                        + topicIs(topic)
                        + " AND partition_id = "
                        + read.getKey())) {
          rs.next();
          long newest = rs.getLong(1);
          if (rs.wasNull() || newest < read.getValue()) {
            return true;
          }
        }
      }
      return false;
    }
  }

  /**
   * The topic is one of the catalogue's names, given as a literal, not a parameter: a reader of a
   * served DuckDB sends a query without parameters whole to the server; one with parameters it
   * would run itself, fetching every raw event (about 500 MB of payloads for the sample).
   */
  private static String topicIs(String topic) {
    return "topic = '" + topic.replace("'", "''") + "'";
  }

  /** One topic's distinct ids read so far, and the newest offset read of each partition. */
  private static final class TopicIds {
    /** Whole-number ids (PostgreSQL rows' serial keys): a bit each. */
    private final BitSet numbers = new BitSet();

    /** Any other id (a document's key, an object's key), by its bytes or its text. */
    private final Set<Object> others = new HashSet<>();

    private final TreeMap<Integer, Long> newest = new TreeMap<>();

    /**
     * The query of what was not read yet: each partition read past its newest offset read, and
     * every partition not read yet whole, one range of the landing layer's key each.
     */
    String unread(String columns, String topic) {
      String from = "SELECT " + columns + " FROM raw_events WHERE " + topicIs(topic);
      if (newest.isEmpty()) {
        return from;
      }
      int last = newest.lastKey();
      List<String> ranges = new ArrayList<>();
      for (int partition = 0; partition <= last; partition++) {
        ranges.add(
            from
                + " AND partition_id = "
                + partition
                + " AND record_offset > "
                + newest.getOrDefault(partition, -1L));
      }
      ranges.add(from + " AND partition_id > " + last);
      return String.join(" UNION ALL ", ranges);
    }

    void read(int partition, long offset, Object id) {
      newest.merge(partition, offset, Math::max);
      if (id == null) {
        return; // COUNT(DISTINCT ...) leaves out what has no id
      }
      if (id instanceof byte[] bytes) {
        others.add(ByteBuffer.wrap(bytes));
        return;
      }
      String text = id.toString();
      int number = wholeNumber(text);
      if (number >= 0) {
        numbers.set(number);
      } else {
        others.add(text);
      }
    }

    long distinct() {
      return numbers.cardinality() + (long) others.size();
    }

    /** The id as a non-negative int written without leading zeros, or -1. */
    private static int wholeNumber(String text) {
      if (text.isEmpty() || text.length() > 9 || (text.length() > 1 && text.charAt(0) == '0')) {
        return -1;
      }
      for (int i = 0; i < text.length(); i++) {
        if (text.charAt(i) < '0' || text.charAt(i) > '9') {
          return -1;
        }
      }
      return Integer.parseInt(text);
    }
  }
}
