package org.cricketstream.processor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.cricketstream.topics.Topics;

/**
 * The processor's own per-record steps, run outside Kafka Streams: its {@code DecodeProcessor} (the
 * {@link RawDecoder} functions, dead letters for what cannot be decoded) and then its {@code
 * Deduplicator} (repeats removed, CSV2 balls placed in their over and innings), on one raw record
 * at a time, with the de-duplication memory in an in-memory store.
 *
 * <p>It belongs to the warehouse module ({@code ./cricket rebuild} uses it) but sits in the
 * processor's package, because those two classes are package-private: this way they run unchanged
 * and nothing of their logic is copied. Kafka Streams' {@link MockProcessorContext} stands in for
 * the task context they expect. Feed it every partition's records in offset order, as the processor
 * reads them: all of a match then reaches the one de-duplicator in the order it would.
 */
public final class OfflineProcessor {
  private final Map<String, DecodeProcessor> decoders = new HashMap<>();
  private final MockProcessorContext<String, CleanEvent> decodeContext =
      new MockProcessorContext<>();
  private final MockProcessorContext<String, CleanEvent> dedupContext =
      new MockProcessorContext<>();
  private final Deduplicator deduplicator;

  public OfflineProcessor(Duration dedupHorizon) {
    // the same decoder per raw topic as CricketTopology.build
    decoders.put(Topics.RAW_T20I.name(), new DecodeProcessor(RawDecoder::t20i));
    decoders.put(Topics.RAW_ODI_MATCHES.name(), new DecodeProcessor(RawDecoder::odiMatch));
    decoders.put(Topics.RAW_ODI_DELIVERIES.name(), new DecodeProcessor(RawDecoder::odiDelivery));
    decoders.put(Topics.RAW_TEST.name(), new DecodeProcessor(RawDecoder::test));
    decoders.values().forEach(d -> d.init(decodeContext));
    KeyValueStore<String, String> store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(Deduplicator.STORE), Serdes.String(), Serdes.String())
            .withLoggingDisabled()
            .build();
    store.init(dedupContext.getStateStoreContext(), store);
    dedupContext.addStateStore(store);
    deduplicator = new Deduplicator(dedupHorizon);
    deduplicator.init(dedupContext);
  }

  /** Whether records of this topic are processed (the raw topics). */
  public boolean reads(String topic) {
    return decoders.containsKey(topic);
  }

  /**
   * What the processor emits for one raw record, in order: clean events to write, and dead letters
   * ({@link CleanEvent.Kind#DEAD_LETTER}).
   */
  public List<CleanEvent> process(
      String topic,
      int partition,
      long offset,
      long timestamp,
      String key,
      byte[] value,
      Headers headers) {
    DecodeProcessor decoder = decoders.get(topic);
    if (decoder == null) {
      throw new IllegalArgumentException("not a raw topic: " + topic);
    }
    decodeContext.resetForwards();
    decodeContext.setRecordMetadata(topic, partition, offset);
    decoder.process(new Record<>(key, value, timestamp, headers));
    List<CleanEvent> emitted = new ArrayList<>();
    // the de-duplicator's clock: when the record arrived, as it was when the processor read it
    dedupContext.setCurrentSystemTimeMs(timestamp);
    for (var decoded : decodeContext.forwarded()) {
      dedupContext.resetForwards();
      deduplicator.process(
          new Record<>(decoded.record().key(), decoded.record().value(), timestamp));
      for (var fresh : dedupContext.forwarded()) {
        emitted.add(fresh.record().value());
      }
    }
    return emitted;
  }
}
