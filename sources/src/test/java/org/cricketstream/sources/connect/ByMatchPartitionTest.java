package org.cricketstream.sources.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.cricketstream.topics.Topics;
import org.junit.jupiter.api.Test;

class ByMatchPartitionTest {
  private static final Schema ROW =
      SchemaBuilder.struct()
          .field("id", Schema.INT64_SCHEMA)
          .field("match_id", Schema.STRING_SCHEMA)
          .optional()
          .build();
  private static final Schema CHANGE =
      SchemaBuilder.struct()
          .field("before", ROW)
          .field("after", ROW)
          .field("op", Schema.STRING_SCHEMA)
          .build();

  /** Kafka's murmur2 of the id's bytes among the raw topics' partitions, written out here. */
  private static int partitionOf(String matchId, int partitions) {
    return Utils.toPositive(Utils.murmur2(matchId.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  @Test
  void aDebeziumRowGoesToThePartitionOfItsMatchAndIsOtherwiseUnchanged() {
    try (ByMatchPartition<SourceRecord> transform = new ByMatchPartition<>()) {
      transform.configure(Map.of());
      for (String matchId : List.of("1144530", "64814", "1457001", "900003")) {
        Struct row = new Struct(ROW).put("id", 7L).put("match_id", matchId);
        Struct change = new Struct(CHANGE).put("after", row).put("op", "c");
        SourceRecord record =
            new SourceRecord(
                Map.of(), Map.of(), "raw.public.odi_deliveries", null, null, "key", CHANGE, change);
        SourceRecord placed = transform.apply(record);
        assertThat(placed.kafkaPartition())
            .as(matchId)
            .isEqualTo(partitionOf(matchId, Topics.PARTITIONS));
        assertThat(placed.value()).isSameAs(change);
        assertThat(placed.key()).isEqualTo("key");
        assertThat(placed.topic()).isEqualTo(record.topic());
      }
    }
  }

  @Test
  void aMongoDocumentGoesToThePartitionOfItsMatchFieldAmongThoseConfigured() {
    try (ByMatchPartition<SourceRecord> transform = new ByMatchPartition<>()) {
      transform.configure(Map.of(ByMatchPartition.PARTITIONS_CONFIG, "12"));
      String document =
          "{\"_id\":\"65f0\",\"info\":{\"match_id\":\"no\"},\"match_id\":\"1144530\"}";
      SourceRecord record =
          new SourceRecord(Map.of(), Map.of(), "raw.cricket.t20i", null, "{}", null, document);
      assertThat(transform.apply(record).kafkaPartition()).isEqualTo(partitionOf("1144530", 12));
    }
  }

  @Test
  void aRecordOfNoMatchKeepsThePartitionKafkaWouldGiveIt() {
    try (ByMatchPartition<SourceRecord> transform = new ByMatchPartition<>()) {
      transform.configure(Map.of());
      Struct deleted =
          new Struct(CHANGE)
              .put("before", new Struct(ROW).put("id", 1L).put("match_id", "1"))
              .put("op", "d");
      for (Object value :
          List.of(
              deleted,
              "{\"rejected\":\"too large\",\"size\":99}",
              "not json",
              OversizeRecords.marker("too large", 99))) {
        SourceRecord record =
            new SourceRecord(Map.of(), Map.of(), "raw.any", null, null, "k", null, value);
        assertThat(transform.apply(record).kafkaPartition()).as("%s", value).isNull();
      }
    }
  }
}
