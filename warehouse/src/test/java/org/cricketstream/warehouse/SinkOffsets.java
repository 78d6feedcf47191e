package org.cricketstream.warehouse;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.cricketstream.topics.Topics;
import org.cricketstream.warehouse.dialect.DatabaseDialect;
import org.cricketstream.warehouse.sink.WarehouseSink;

/** Where the sink stands: the offsets the warehouse stored, and how far the topics reach. */
final class SinkOffsets {
  private SinkOffsets() {}

  /** The next offset of every partition, as the warehouse stored it with the rows. */
  static Map<TopicPartition, Long> stored(Connection c) throws SQLException {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT topic, partition_id, next_offset FROM sink_offsets")) {
      while (rs.next()) {
        offsets.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
      }
    }
    return offsets;
  }

  /** The last stable offset of every partition the sink reads (what read_committed reaches). */
  static Map<TopicPartition, Long> ends(Admin admin) throws Exception {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (String topic : WarehouseSink.topics()) {
      int partitions =
          Topics.all().stream()
              .filter(t -> t.name().equals(topic))
              .findFirst()
              .orElseThrow()
              .partitions();
      for (int p = 0; p < partitions; p++) {
        request.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
    }
    Map<TopicPartition, Long> ends = new HashMap<>();
    admin
        .listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
        .all()
        .get(30, TimeUnit.SECONDS)
        .forEach((tp, info) -> ends.put(tp, info.offset()));
    return ends;
  }

  /**
   * Runs a sink until the warehouse stored every partition's end offset (all it can read now), then
   * stops it.
   */
  static void loadAll(WarehouseSettings settings) throws Exception {
    WarehouseSink sink = new WarehouseSink(settings, c -> {});
    Thread thread = new Thread(sink, "sink");
    thread.start();
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers()))) {
      Map<TopicPartition, Long> ends = ends(admin);
      Awaitility.await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                try (Connection c = DatabaseDialect.forUrl(settings.url()).openReader(settings)) {
                  return stored(c).entrySet().containsAll(ends.entrySet());
                } catch (SQLException e) {
                  return false; // DuckDB: no snapshot published yet
                }
              });
    } finally {
      sink.stop();
      thread.join(60_000);
    }
  }
}
