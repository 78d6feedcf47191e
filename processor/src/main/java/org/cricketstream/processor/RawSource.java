package org.cricketstream.processor;

import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Record;
import org.cricketstream.topics.Topic;
import org.cricketstream.topics.Topics;

/**
 * The one table of raw topics and their decoders. The topology reads each of these topics through
 * its decoder, and {@code ./cricket rebuild} replays the landing layer through the same ones: add a
 * source here and both follow.
 */
// Topic and Decoder hold no mutable state (a name with serdes, a pure function); they only lack
// error-prone's @Immutable, which the project does not depend on.
@SuppressWarnings("ImmutableEnumChecker")
public enum RawSource {
  T20I(Topics.RAW_T20I, "t20i", RawDecoder::t20i),
  ODI_MATCHES(Topics.RAW_ODI_MATCHES, "odi-matches", RawDecoder::odiMatch),
  ODI_DELIVERIES(Topics.RAW_ODI_DELIVERIES, "odi-deliveries", RawDecoder::odiDelivery),
  TEST(Topics.RAW_TEST, "test", RawDecoder::test),
  /** Not landed, so {@code rebuild} never meets it; the topology reads it like the others. */
  ODI_HEARTBEAT(Topics.RAW_ODI_HEARTBEAT, "odi-heartbeat", RawDecoder::odiHeartbeat);

  private final Topic<String, byte[]> topic;
  private final String shortName;
  private final RawDecoder.Decoder decoder;

  RawSource(Topic<String, byte[]> topic, String shortName, RawDecoder.Decoder decoder) {
    this.topic = topic;
    this.shortName = shortName;
    this.decoder = decoder;
  }

  public Topic<String, byte[]> topic() {
    return topic;
  }

  /** The name of its nodes in the topology ({@code read-<name>}, {@code route-<name>}). */
  public String shortName() {
    return shortName;
  }

  public RawDecoder.Decoder decoder() {
    return decoder;
  }

  /**
   * The decode step, as the topology runs it: the clean events one raw record of this source stands
   * for, or a single dead letter naming its topic, partition and offset when it cannot be decoded
   * (nothing for a tombstone). Never throws for a bad record.
   */
  public List<CleanEvent> decode(Record<String, byte[]> record, int partition, long offset) {
    return DecodeProcessor.decode(
        decoder, record, new CleanEvent.Source(topic.name(), partition, offset));
  }

  /** The source that writes this raw topic, if it is one. */
  public static Optional<RawSource> ofTopic(String topic) {
    for (RawSource source : values()) {
      if (source.topic.name().equals(topic)) {
        return Optional.of(source);
      }
    }
    return Optional.empty();
  }
}
