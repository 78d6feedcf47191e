package org.cricketstream.warehouse;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.cricketstream.warehouse.dialect.DatabaseDialect;
import org.cricketstream.warehouse.load.Batch;
import org.cricketstream.warehouse.load.BatchWriter;
import org.cricketstream.warehouse.schema.Migrations;

/**
 * The warehouse as its one writer holds it: a connection with auto-commit off, the schema migrated
 * to the latest version, staging tables ready. Each {@link #commit} writes one batch and its
 * offsets in one transaction.
 */
public final class Warehouse implements AutoCloseable {
  private final WarehouseSettings settings;
  private final DatabaseDialect dialect;
  private final Connection connection;
  private final BatchWriter writer;

  private Warehouse(WarehouseSettings settings, DatabaseDialect dialect, Connection connection)
      throws SQLException {
    this.settings = settings;
    this.dialect = dialect;
    this.connection = connection;
    this.writer = new BatchWriter(dialect, connection);
  }

  /** Opens the warehouse for writing and migrates its schema. */
  public static Warehouse open(WarehouseSettings settings) throws SQLException {
    DatabaseDialect dialect = DatabaseDialect.forUrl(settings.url());
    Connection connection = dialect.openWriter(settings);
    try {
      dialect.exclusively(
          connection,
          () -> {
            Migrations.migrate(connection, dialect);
            dialect.afterMigrations(connection, settings);
          });
      return new Warehouse(settings, dialect, connection);
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  public DatabaseDialect dialect() {
    return dialect;
  }

  public Connection connection() {
    return connection;
  }

  public WarehouseSettings settings() {
    return settings;
  }

  /**
   * Where the sink has read a partition up to, stored with the data.
   *
   * @param nextOffset the next Kafka offset to read in the topic with {@code topicId}
   * @param topicId the Kafka topic id the offset belongs to (null: stored before ids were kept)
   * @param offsetBase added to a Kafka offset of that topic id to give the warehouse's offset
   */
  public record StoredOffset(long nextOffset, String topicId, long offsetBase) {}

  /** The offsets stored with the data: where the sink resumes. */
  public Map<TopicPartition, StoredOffset> storedOffsets() throws SQLException {
    Map<TopicPartition, StoredOffset> offsets = new HashMap<>();
    try (Statement s = connection.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT topic, partition_id, next_offset, topic_id, COALESCE(offset_base, 0)"
                    + " FROM sink_offsets")) {
      while (rs.next()) {
        offsets.put(
            new TopicPartition(rs.getString(1), rs.getInt(2)),
            new StoredOffset(rs.getLong(3), rs.getString(4), rs.getLong(5)));
      }
    }
    connection.commit();
    return offsets;
  }

  /** Writes a batch without committing (rebuild commits once at the end). */
  public long write(Batch batch) throws SQLException {
    return writer.write(batch);
  }

  /** Writes a batch and its offsets in one transaction and commits it; returns rows written. */
  public long commit(Batch batch) throws SQLException {
    long start = System.nanoTime();
    long rows;
    long written;
    try {
      rows = writer.write(batch);
      written = System.nanoTime();
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    }
    long committed = System.nanoTime();
    long load = writer.loadNanos();
    dialect.afterCommit(
        connection, settings, new DatabaseDialect.Committed(batch, written - start, writer::write));
    lastCommit =
        new CommitTimes(
            load, written - start - load, committed - written, System.nanoTime() - committed);
    return rows;
  }

  /**
   * Where the last {@link #commit}'s time went, in nanoseconds (printed in ms): loading the staging
   * tables, the statements that merge them in, the database's commit, and what follows it (DuckDB's
   * snapshot, when one is due).
   */
  public record CommitTimes(long loadNanos, long mergeNanos, long commitNanos, long afterNanos) {
    @Override
    public String toString() {
      return "load "
          + loadNanos / 1_000_000
          + " ms, merge "
          + mergeNanos / 1_000_000
          + " ms, commit "
          + commitNanos / 1_000_000
          + " ms, after "
          + afterNanos / 1_000_000
          + " ms";
    }
  }

  private CommitTimes lastCommit;

  /** Where the last commit's time went (null before the first). */
  public CommitTimes lastCommitTimes() {
    return lastCommit;
  }

  /** Publishes a snapshot owed since the last commit, if its interval has passed. */
  public void idle() throws SQLException {
    dialect.publishIfDue(connection, settings);
  }

  /** Publishes a snapshot now (DuckDB; nothing for PostgreSQL). */
  public void publishNow() throws SQLException {
    dialect.publishNow(connection, settings);
  }

  @Override
  public void close() throws SQLException {
    try {
      dialect.closing(connection, settings);
    } finally {
      connection.close();
    }
  }
}
