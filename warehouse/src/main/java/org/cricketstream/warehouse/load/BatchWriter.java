package org.cricketstream.warehouse.load;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cricketstream.topics.Heartbeat;
import org.cricketstream.warehouse.dialect.DatabaseDialect;
import org.cricketstream.warehouse.schema.Table;
import org.cricketstream.warehouse.schema.Tables;

/**
 * Writes a batch into the open transaction of one connection: clears the staging tables, loads them
 * by the dialect's fast path, then merges each into its table with one statement. It never commits:
 * the caller commits the batch (with its offsets) or rolls it back.
 */
public final class BatchWriter {
  private final DatabaseDialect dialect;
  private final Connection connection;

  /** How long the last {@link #write} spent loading the staging tables (the rest was merges). */
  private long loadNanos;

  public BatchWriter(DatabaseDialect dialect, Connection connection) throws SQLException {
    this.dialect = dialect;
    this.connection = connection;
    for (Table table : Tables.STAGED) {
      dialect.createStaging(connection, table);
    }
    connection.commit();
  }

  /** Writes the batch; returns the rows written. */
  public long write(Batch batch) throws SQLException {
    loadNanos = 0;
    long rows = 0;
    Map<Table, List<Object[]>> staged = new HashMap<>();
    try (Statement s = connection.createStatement()) {
      // also opens the transaction, so the Appender writes inside it
      dialect.emptyStaging(s, Tables.STAGED);
      for (Table table : Tables.STAGED) {
        List<Object[]> tableRows = batch.rows(table);
        if (!tableRows.isEmpty()) {
          long start = System.nanoTime();
          dialect.load(connection, table, tableRows);
          loadNanos += System.nanoTime() - start;
          staged.put(table, tableRows);
          if (!table.equals(Tables.DELETES)) {
            rows += tableRows.size();
          }
        }
      }
      if (staged.containsKey(Tables.RAW_EVENTS)) {
        dialect.insertNew(connection, Tables.RAW_EVENTS, staged.get(Tables.RAW_EVENTS));
      }
      for (Table entity : Tables.ENTITIES) {
        Table child = Tables.childOf(entity);
        if (batch.hasDeletes(entity)) {
          String deleted =
              "(SELECT entity_key FROM "
                  + Tables.DELETES.stagingName()
                  + " WHERE entity = '"
                  + entity.name()
                  + "')";
          s.execute(
              "DELETE FROM " + entity.name() + " WHERE " + entity.keyColumn() + " IN " + deleted);
          if (child != null) {
            s.execute(
                "DELETE FROM " + child.name() + " WHERE " + child.parentKey() + " IN " + deleted);
          }
        }
        if (!staged.containsKey(entity)) {
          continue;
        }
        // the children of the rows replaced go with them; a parent that was not there has none
        boolean replaced = dialect.upsert(connection, entity, staged.get(entity));
        if (child != null && replaced) {
          s.execute(
              "DELETE FROM "
                  + child.name()
                  + " WHERE "
                  + child.parentKey()
                  + " IN (SELECT "
                  + entity.keyColumn()
                  + " FROM "
                  + entity.stagingName()
                  + ")");
        }
        if (child != null && staged.containsKey(child)) {
          dialect.insertChildren(connection, child, staged.get(child));
        }
      }
      if (staged.containsKey(Tables.MATCHES)) {
        dialect.deriveAlone(s);
        deriveTeamsAndVenues(s);
      }
      if (staged.containsKey(Tables.SINK_OFFSETS)) {
        s.execute(dialect.upsert(Tables.SINK_OFFSETS));
      }
    }
    rows += writeRejected(batch.rejected());
    rows += writeHeartbeats(batch.heartbeats());
    rows += writeSchemaIds(batch.schemaIds());
    return rows;
  }

  /**
   * The newest heartbeat per source, loaded now: at most one row per source and batch, so no
   * staging. An older heartbeat than the one kept (a redelivery) leaves the row as it is.
   */
  private long writeHeartbeats(java.util.Collection<Heartbeat> heartbeats) throws SQLException {
    if (heartbeats.isEmpty()) {
      return 0;
    }
    long now = System.currentTimeMillis();
    // an update and an insert, not ON CONFLICT: DuckLake has no keys to conflict on
    try (PreparedStatement update =
            connection.prepareStatement(
                "UPDATE pipeline_heartbeats SET committed_at = ?, loaded_at = ?"
                    + " WHERE source = ? AND committed_at < ?");
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO pipeline_heartbeats (source, committed_at, loaded_at) SELECT ?, ?, ?"
                    + " WHERE NOT EXISTS (SELECT 1 FROM pipeline_heartbeats WHERE source = ?)")) {
      for (Heartbeat beat : heartbeats) {
        update.setLong(1, beat.committedAt());
        update.setLong(2, now);
        update.setString(3, beat.source());
        update.setLong(4, beat.committedAt());
        update.executeUpdate();
        insert.setString(1, beat.source());
        insert.setLong(2, beat.committedAt());
        insert.setLong(3, now);
        insert.setString(4, beat.source());
        insert.executeUpdate();
      }
    }
    return heartbeats.size();
  }

  /**
   * Adds the batch's counts per topic partition and schema id, and names an id's subject and
   * version where the row has none yet: two statements whatever the count (an update of the rows
   * there and an insert of the rest, not ON CONFLICT: DuckLake has no keys), the rows given as
   * VALUES. Each row is one partition's, which one sink reads, so concurrent sinks never write the
   * same row.
   */
  private long writeSchemaIds(List<Object[]> uses) throws SQLException {
    if (uses.isEmpty()) {
      return 0;
    }
    String values =
        "(VALUES "
            + String.join(
                ", ",
                Collections.nCopies(
                    uses.size(),
                    "(CAST(? AS VARCHAR), CAST(? AS INTEGER), CAST(? AS BIGINT),"
                        + " CAST(? AS VARCHAR), CAST(? AS INTEGER), CAST(? AS BIGINT))"))
            + ") AS s (topic, partition_id, schema_id, subject, version, records)";
    String same =
        "t.topic = s.topic AND t.partition_id = s.partition_id AND t.schema_id = s.schema_id";
    long now = System.currentTimeMillis();
    try (PreparedStatement update =
            connection.prepareStatement(
                "UPDATE sink_schema_ids AS t SET records = t.records + s.records, last_seen = "
                    + now
                    + ", subject = COALESCE(t.subject, s.subject),"
                    + " version = COALESCE(t.version, s.version) FROM "
                    + values
                    + " WHERE "
                    + same);
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO sink_schema_ids (topic, partition_id, schema_id, subject, version,"
                    + " records, first_seen, last_seen) SELECT s.topic, s.partition_id,"
                    + " s.schema_id, s.subject, s.version, s.records, "
                    + now
                    + ", "
                    + now
                    + " FROM "
                    + values
                    + " WHERE NOT EXISTS (SELECT 1 FROM sink_schema_ids AS t WHERE "
                    + same
                    + ")")) {
      // the update first: a row the insert adds must not be counted twice
      bind(update, uses);
      update.executeUpdate();
      bind(insert, uses);
      insert.executeUpdate();
    }
    return uses.size();
  }

  private static void bind(PreparedStatement statement, List<Object[]> uses) throws SQLException {
    int i = 0;
    for (Object[] use : uses) {
      statement.setString(++i, (String) use[0]);
      statement.setInt(++i, (Integer) use[1]);
      statement.setLong(++i, (Long) use[2]);
      statement.setString(++i, (String) use[3]);
      statement.setObject(++i, use[4], Types.INTEGER);
      statement.setLong(++i, (Long) use[5]);
    }
  }

  /** Rejected records are rare: plain inserts, no staging. */
  private long writeRejected(List<Object[]> rejected) throws SQLException {
    if (rejected.isEmpty()) {
      return 0;
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO rejected_records (topic, partition_id, record_offset, record_key,"
                + " payload, error, rejected_at) SELECT ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS"
                + " (SELECT 1 FROM rejected_records WHERE topic = ? AND partition_id = ?"
                + " AND record_offset = ?)")) {
      for (Object[] row : rejected) {
        insert.setString(1, (String) row[0]);
        insert.setInt(2, (Integer) row[1]);
        insert.setLong(3, (Long) row[2]);
        insert.setBytes(4, (byte[]) row[3]);
        insert.setBytes(5, (byte[]) row[4]);
        insert.setString(6, (String) row[5]);
        insert.setLong(7, (Long) row[6]);
        insert.setString(8, (String) row[0]);
        insert.setInt(9, (Integer) row[1]);
        insert.setLong(10, (Long) row[2]);
        insert.executeUpdate();
      }
    }
    return rejected.size();
  }

  /**
   * Teams and venues are derived from matches: the rows a batch touches are computed again from
   * every match, so they come out the same whatever order matches arrived in.
   */
  private static void deriveTeamsAndVenues(Statement s) throws SQLException {
    String staged = Tables.MATCHES.stagingName();
    String touchedTeams =
        "(SELECT team1 FROM " + staged + " UNION SELECT team2 FROM " + staged + ")";
    s.execute("DELETE FROM teams WHERE team IN " + touchedTeams);
    s.execute(
        "INSERT INTO teams (team, team_type, genders, matches)"
            + " SELECT team, MIN(team_type), COUNT(DISTINCT gender), COUNT(*) FROM ("
            + " SELECT team1 AS team, team_type, gender FROM matches WHERE team1 IS NOT NULL"
            + " UNION ALL SELECT team2, team_type, gender FROM matches WHERE team2 IS NOT NULL) t"
            + " WHERE team IN "
            + touchedTeams
            + " GROUP BY team");
    String touchedVenues = "(SELECT venue FROM " + staged + ")";
    s.execute("DELETE FROM venues WHERE venue IN " + touchedVenues);
    s.execute(
        "INSERT INTO venues (venue, city, matches) SELECT venue, MIN(city), COUNT(*) FROM matches"
            + " WHERE venue IN "
            + touchedVenues
            + " GROUP BY venue");
  }

  /** The time the last {@link #write} spent loading its staging tables, in nanoseconds. */
  public long loadNanos() {
    return loadNanos;
  }
}
