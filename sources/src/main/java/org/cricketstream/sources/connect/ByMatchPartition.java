package org.cricketstream.sources.connect;

import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.transforms.Transformation;
import org.cricketstream.topics.MatchPartitioner;
import org.cricketstream.topics.RawFormats;
import org.cricketstream.topics.RawMatchIds;
import org.cricketstream.topics.Topics;

/**
 * A single message transform for the source connectors: each record goes to the partition of its
 * match ({@link MatchPartitioner}, the partition the processor's repartition by match would give
 * it), so the processor decodes it where it is instead of copying it through a repartition topic
 * first. The record itself is unchanged. The match is the {@code match_id} of Debezium's row after
 * the change, or the {@code match_id} field of a MongoDB document in JSON text, read as {@link
 * RawMatchIds} reads them in Kafka; a record of no match (a heartbeat, a delete, an oversize
 * marker) keeps the partition Kafka would give its key.
 */
public final class ByMatchPartition<R extends ConnectRecord<R>> implements Transformation<R> {
  public static final String PARTITIONS_CONFIG = "partitions";

  private static final ConfigDef CONFIG =
      new ConfigDef()
          .define(
              PARTITIONS_CONFIG,
              ConfigDef.Type.INT,
              Topics.PARTITIONS,
              ConfigDef.Range.atLeast(1),
              ConfigDef.Importance.MEDIUM,
              "the partitions of the raw topics, among which a match's partition is chosen");

  private int partitions = Topics.PARTITIONS;

  @Override
  public void configure(Map<String, ?> configs) {
    partitions = (Integer) CONFIG.parse(configs).get(PARTITIONS_CONFIG);
  }

  @Override
  public R apply(R record) {
    String matchId = matchId(record.value());
    if (matchId == null) {
      return record;
    }
    return record.newRecord(
        record.topic(),
        MatchPartitioner.partition(matchId, partitions),
        record.keySchema(),
        record.key(),
        record.valueSchema(),
        record.value(),
        record.timestamp(),
        record.headers());
  }

  /** The match of a record's value as a connector hands it over, or null. */
  static String matchId(Object value) {
    if (value instanceof Struct change) {
      Field after = change.schema().field("after");
      if (after != null
          && change.get(after) instanceof Struct row
          && row.schema().field(RawFormats.ODI_MATCH_ID_COLUMN) != null) {
        Object id = row.get(RawFormats.ODI_MATCH_ID_COLUMN);
        return id == null ? null : id.toString();
      }
      return null;
    }
    if (value instanceof String json) {
      return RawMatchIds.mongoDocument(json);
    }
    if (value instanceof byte[] json) {
      return RawMatchIds.mongoDocument(json);
    }
    return null;
  }

  @Override
  public ConfigDef config() {
    return CONFIG;
  }

  @Override
  public void close() {}
}
