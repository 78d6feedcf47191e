package org.cricketstream.warehouse.rebuild;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
 * <p>It all happens in one transaction: PostgreSQL readers see the old clean layer until the new
 * one is committed whole, and DuckDB's snapshot is published once, at the end. Stop the sink first
 * (DuckDB refuses a second writer anyway).
 */
public final class Rebuild {
  private static final Logger LOG = LoggerFactory.getLogger(Rebuild.class);
  private static final int BATCH_RAW_EVENTS = 2_000;

  /** What a rebuild did. */
  public record Result(
      long rawEvents, long cleanRecords, long deadLetters, long rowsWritten, double seconds) {}

  private Rebuild() {}

  public static Result run(WarehouseSettings settings) throws SQLException {
    long start = System.nanoTime();
    Deduplication deduplication =
        Deduplication.inMemory(ProcessorSettings.fromEnvironment().dedupHorizon());
    long raw = 0;
    long clean = 0;
    long deadLetters = 0;
    long rows = 0;
    long processing = 0;
    try (Warehouse warehouse = Warehouse.open(settings)) {
      Connection c = warehouse.connection();
      for (String table : Tables.CLEAN_LAYER) {
        warehouse.dialect().emptyTable(c, table);
      }
      Batch batch = new Batch();
      try (Connection reader = warehouse.dialect().openSecond(c, settings);
          Statement q = reader.createStatement()) {
        q.setFetchSize(1000);
        try (ResultSet rs =
            q.executeQuery(
                "SELECT topic, partition_id, record_offset, record_timestamp, record_key, headers,"
                    + " payload FROM (SELECT r.*, MAX(record_timestamp) OVER (PARTITION BY topic,"
                    + " partition_id ORDER BY record_offset ROWS BETWEEN UNBOUNDED PRECEDING AND"
                    + " CURRENT ROW) AS arrived FROM raw_events r) x"
                    + " ORDER BY arrived, topic, partition_id, record_offset")) {
          while (rs.next()) {
            Optional<RawSource> source = RawSource.ofTopic(rs.getString(1));
            if (source.isEmpty()) {
              continue;
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
            for (CleanEvent decoded : source.get().decode(record, rs.getInt(2), rs.getLong(3))) {
              // the de-duplicator's clock: when the record arrived, as when the processor read it
              for (CleanEvent event : deduplication.process(decoded, timestamp, timestamp)) {
                if (event.kind() == CleanEvent.Kind.DEAD_LETTER) {
                  deadLetters++;
                } else {
                  batch.addEntity(event.value());
                  clean++;
                }
              }
            }
            processing += System.nanoTime() - began;
            raw++;
            if (raw % BATCH_RAW_EVENTS == 0) {
              rows += warehouse.write(batch);
              batch = new Batch();
            }
          }
        }
        reader.commit();
      }
      rows += warehouse.write(batch);
      c.commit();
      warehouse.publishNow();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    LOG.info(
        "rebuilt from {} raw events in {} s ({} s decoding and de-duplicating)",
        raw,
        Math.round(seconds),
        processing / 1_000_000_000);
    return new Result(raw, clean, deadLetters, rows, seconds);
  }
}
