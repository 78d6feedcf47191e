package org.cricketstream.processor;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.cricketstream.topics.MatchPartitioner;
import org.cricketstream.topics.RawMatchIds;
import org.cricketstream.topics.Topics;

/**
 * The topology's first step: is the raw record in its match's partition? All records of a match
 * must reach one task (the one whose store remembers what the match already sent), in their order.
 * The sources place them so ({@link RawMatchIds}): such a record, or one of no match (a heartbeat,
 * a record that will not decode either), is decoded where it is. One that sits elsewhere (written
 * before its source placed records by match, or by a source configured otherwise) is keyed by its
 * match, its bytes untouched, and goes through the repartition by match first.
 *
 * <p>Finding the match reads only what it needs (a field, a file name). Where a repartitioned
 * record was read travels in headers ({@link #TOPIC}, {@link #PARTITION}, {@link #OFFSET}, {@link
 * #KEY}), so dead letters still name the raw topic, partition and offset.
 */
final class MatchRoute implements Processor<String, byte[], String, MatchRoute.Routed> {
  static final String TOPIC = "cricket.raw.topic";
  static final String PARTITION = "cricket.raw.partition";
  static final String OFFSET = "cricket.raw.offset";
  static final String KEY = "cricket.raw.key";

  /** A raw record's bytes, untouched, and whether it is in its match's partition. */
  @SuppressWarnings("ArrayRecordComponent")
  record Routed(byte[] value, boolean inPlace) {}

  private ProcessorContext<String, Routed> context;

  @Override
  public void init(ProcessorContext<String, Routed> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, byte[]> record) {
    RecordMetadata meta = context.recordMetadata().orElseThrow();
    String matchId = null;
    if (record.value() != null) {
      try {
        matchId = RawMatchIds.of(meta.topic(), record.key(), record.value(), record.headers());
      } catch (RuntimeException e) {
        // not placed by its match: the decode step says why, as a dead letter
      }
    }
    if (matchId == null || inPlace(matchId, meta.partition())) {
      context.forward(record.withValue(new Routed(record.value(), true)));
      return;
    }
    Headers headers = new RecordHeaders(record.headers().toArray());
    headers.add(TOPIC, bytes(meta.topic()));
    headers.add(PARTITION, bytes(Integer.toString(meta.partition())));
    headers.add(OFFSET, bytes(Long.toString(meta.offset())));
    if (record.key() != null) {
      headers.add(KEY, bytes(record.key()));
    }
    context.forward(
        new Record<>(matchId, new Routed(record.value(), false), record.timestamp(), headers));
  }

  /**
   * Whether a record of {@code matchId} read from {@code partition} is where the repartition by
   * match would put it: the task reading it holds its match's store.
   */
  static boolean inPlace(String matchId, int partition) {
    return MatchPartitioner.partition(matchId, Topics.PARTITIONS) == partition;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
