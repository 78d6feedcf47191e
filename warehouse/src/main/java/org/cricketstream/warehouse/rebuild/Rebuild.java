package org.cricketstream.warehouse.rebuild;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Record;
import org.cricketstream.processor.CleanEvent;
import org.cricketstream.processor.Deduplication;
import org.cricketstream.processor.ProcessorSettings;
import org.cricketstream.processor.RawSource;
import org.cricketstream.warehouse.Warehouse;
import org.cricketstream.warehouse.WarehouseSettings;
import org.cricketstream.warehouse.load.Batch;
import org.cricketstream.warehouse.load.Rows;
import org.cricketstream.warehouse.schema.Tables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the clean layer (the analytics model) from the raw landing layer, without Kafka.
 *
 * <p>Every raw event is replayed through the processor's own steps, its public API: {@link
 * RawSource#decode} (the topology's decoder per raw topic, dead letters for what cannot be decoded)
 * then {@link Deduplication} (repeats removed, CSV2 balls placed in their over and innings, with
 * its memory in this process, stamped with each record's timestamp), so a rebuild gives what the
 * processor gave and nothing of its logic is copied. Each partition's events are replayed in offset
 * order, as the processor read them; partitions are interleaved by arrival time.
 *
 * <p>The landing layer is read in that order without sorting its payloads whole: where the dialect
 * has a row address (DuckDB's {@code rowid}), the order is found on the narrow columns and the
 * payloads read in chunks of at most {@value #CHUNK_ROWS} rows and {@value #CHUNK_BYTES} bytes, in
 * bounded memory (DuckDB sorting the whole sample's 275 MB of payloads ran out of a 256 MB limit);
 * PostgreSQL sorts on disk what does not fit in memory.
 *
 * <p>It all happens in one transaction: PostgreSQL readers see the old clean layer until the new
 * one is committed whole, and DuckDB's snapshot is published once, at the end. Stop the sink first
 * (DuckDB refuses a second writer anyway). What DuckDB holds until that commit grows with the
 * warehouse, so a rebuild may take more memory than the sink ({@code WAREHOUSE_REBUILD_MEMORY}).
 */
public final class Rebuild {
  private static final Logger LOG = LoggerFactory.getLogger(Rebuild.class);
  private static final int BATCH_RAW_EVENTS = 2_000;
  private static final int CHUNK_ROWS = 5_000;
  private static final long CHUNK_BYTES = 16 << 20;

  /** The columns replayed, in the order {@link Replay#accept} reads them. */
  private static final String COLUMNS =
      "topic, partition_id, record_offset, record_timestamp, record_key, headers, payload";

  /** When the processor read each record: the latest timestamp of its partition so far. */
  private static final String ARRIVED =
      "MAX(record_timestamp) OVER (PARTITION BY topic, partition_id ORDER BY record_offset"
          + " ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS arrived";

  private static final String ORDER = "arrived, topic, partition_id, record_offset";

  /** What a rebuild did. */
  public record Result(
      long rawEvents, long cleanRecords, long deadLetters, long rowsWritten, double seconds) {}

  private Rebuild() {}

  public static Result run(WarehouseSettings settings) throws SQLException {
    return run(settings, WarehouseSettings.REBUILD_MEMORY.read(System.getenv()));
  }

  /**
   * A rebuild whose DuckDB may take {@code memory} (a size such as 2GB, checked as the setting).
   */
  public static Result run(WarehouseSettings settings, String memory) throws SQLException {
    WarehouseSettings.REBUILD_MEMORY.parse(memory);
    try {
      return replay(settings, memory);
    } catch (SQLException e) {
      if (String.valueOf(e.getMessage()).contains("Out of Memory Error")) {
        throw new SQLException(
            "the rebuild's one transaction needs more memory than "
                + WarehouseSettings.REBUILD_MEMORY.name()
                + "="
                + memory
                + " lets DuckDB take: set it higher and run rebuild again (nothing was changed); "
                + e.getMessage(),
            e);
      }
      throw e;
    }
  }

  private static Result replay(WarehouseSettings settings, String memory) throws SQLException {
    long start = System.nanoTime();
    Replay replay;
    try (Warehouse warehouse = Warehouse.open(settings)) {
      Connection c = warehouse.connection();
      warehouse.dialect().allowMemory(c, memory);
      for (String table : Tables.CLEAN_LAYER) {
        warehouse.dialect().emptyTable(c, table);
      }
      replay =
          new Replay(
              warehouse,
              Deduplication.inMemory(ProcessorSettings.fromEnvironment().dedupHorizon()));
      try (Connection reader = warehouse.dialect().openSecond(c, settings)) {
        inArrivalOrder(reader, warehouse.dialect().rowAddress(), CHUNK_ROWS, CHUNK_BYTES, replay);
        reader.commit();
      }
      replay.write();
      c.commit();
      warehouse.publishNow();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    LOG.info(
        "rebuilt from {} raw events in {} s ({} s decoding and de-duplicating)",
        replay.raw,
        Math.round(seconds),
        replay.processingNanos / 1_000_000_000);
    return new Result(replay.raw, replay.clean, replay.deadLetters, replay.rows, seconds);
  }

  /** Something done with each row of a result. */
  interface RowWork {
    void accept(ResultSet rs) throws SQLException;
  }

  /**
   * Gives {@code work} every raw event ({@link #COLUMNS}) in the order the processor read them; in
   * chunks of at most {@code chunkRows} rows and {@code chunkBytes} bytes of payload (and one more
   * row) looked up by {@code rowAddress}, if the dialect has one.
   */
  static void inArrivalOrder(
      Connection reader, String rowAddress, int chunkRows, long chunkBytes, RowWork work)
      throws SQLException {
    try (Statement q = reader.createStatement()) {
      q.setFetchSize(1000);
      if (rowAddress == null) {
        try (ResultSet rs =
            q.executeQuery(
                "SELECT "
                    + COLUMNS
                    + " FROM (SELECT r.*, "
                    + ARRIVED
                    + " FROM raw_events r) x ORDER BY "
                    + ORDER)) {
          while (rs.next()) {
            work.accept(rs);
          }
        }
        return;
      }
      // a row's chunk: the rows before it in chunkRows plus their bytes in chunkBytes, both
      // growing with the order, so a chunk holds at most chunkRows rows and chunkBytes bytes (and
      // its last row)
      q.execute(
          "CREATE TEMP TABLE rebuild_order AS SELECT address, seq, CAST((seq - 1) // "
              + chunkRows
              + " + (bytes - size) // "
              + chunkBytes
              + " AS BIGINT) AS chunk FROM (SELECT address, size, row_number() OVER w AS seq,"
              + " sum(size) OVER w AS bytes FROM (SELECT "
              + rowAddress
              + " AS address, coalesce(octet_length(payload), 0) AS size, topic, partition_id,"
              + " record_offset, "
              + ARRIVED
              + " FROM raw_events) WINDOW w AS (ORDER BY "
              + ORDER
              + " ROWS UNBOUNDED PRECEDING))");
      long chunks;
      try (ResultSet rs = q.executeQuery("SELECT coalesce(max(chunk), -1) FROM rebuild_order")) {
        rs.next();
        chunks = rs.getLong(1) + 1;
      }
      try (PreparedStatement chunk =
          reader.prepareStatement(
              "SELECT r."
                  + COLUMNS.replace(", ", ", r.")
                  + " FROM rebuild_order o JOIN raw_events r ON r."
                  + rowAddress
                  + " = o.address WHERE o.chunk = ? ORDER BY o.seq")) {
        for (long n = 0; n < chunks; n++) {
          chunk.setLong(1, n);
          try (ResultSet rs = chunk.executeQuery()) {
            while (rs.next()) {
              work.accept(rs);
            }
          }
        }
      }
      q.execute("DROP TABLE rebuild_order");
    }
  }

  /** Raw events replayed through the processor's steps into batches of the warehouse. */
  private static final class Replay implements RowWork {
    private final Warehouse warehouse;
    private final Deduplication deduplication;
    private Batch batch = new Batch();
    long raw;
    long clean;
    long deadLetters;
    long rows;
    long processingNanos;

    Replay(Warehouse warehouse, Deduplication deduplication) {
      this.warehouse = warehouse;
      this.deduplication = deduplication;
    }

    @Override
    public void accept(ResultSet rs) throws SQLException {
      Optional<RawSource> source = RawSource.ofTopic(rs.getString(1));
      if (source.isEmpty()) {
        return;
      }
      byte[] key = rs.getBytes(5);
      long timestamp = rs.getLong(4);
      Record<String, byte[]> record =
          new Record<>(
              key == null ? null : new String(key, StandardCharsets.UTF_8),
              rs.getBytes(7),
              timestamp);
      for (Map.Entry<String, byte[]> h : Rows.headersOf(rs.getString(6))) {
        record.headers().add(h.getKey(), h.getValue());
      }
      long began = System.nanoTime();
      List<CleanEvent> decoded = source.get().decode(record, rs.getInt(2), rs.getLong(3));
      // the de-duplicator's clock: when the record arrived, as when the processor read it
      for (CleanEvent event : deduplication.process(decoded, timestamp, timestamp)) {
        if (event.kind() == CleanEvent.Kind.DEAD_LETTER) {
          deadLetters++;
        } else {
          batch.addEntity(event.value());
          clean++;
        }
      }
      processingNanos += System.nanoTime() - began;
      if (++raw % BATCH_RAW_EVENTS == 0) {
        write();
      }
    }

    /** Writes the batch gathered so far, in the rebuild's transaction. */
    void write() throws SQLException {
      rows += warehouse.write(batch);
      batch = new Batch();
    }
  }
}
