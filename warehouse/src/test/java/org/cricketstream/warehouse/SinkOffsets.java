package org.cricketstream.warehouse;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.cricketstream.topics.Topics;
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
}
