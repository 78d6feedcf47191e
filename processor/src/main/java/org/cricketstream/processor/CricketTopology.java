package org.cricketstream.processor;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.Stores;
import org.cricketstream.topics.JsonSerde;
import org.cricketstream.topics.MatchPartitioner;
import org.cricketstream.topics.Topic;
import org.cricketstream.topics.Topics;

/**
 * The stream processor, built by a pure function: raw topics in, clean topics and dead letters out.
 *
 * <pre>
 * raw.cricket.t20i ──decode──┐
 * raw.public.odi_matches ──decode──┤
 * raw.public.odi_deliveries ──decode──┼─▶ repartition by match ─▶ deduplicate ─┬─▶ matches
 * raw.s3.tests ──decode──┤                                       ├─▶ players
 * raw.public.cricket_heartbeat ──decode──┘                       ├─▶ innings
 *                                                               ├─▶ deliveries
 *                                                               ├─▶ heartbeats
 *                                                               └─▶ dead-letters
 * </pre>
 */
public final class CricketTopology {
  static final JsonSerde<CleanEvent> EVENT_SERDE = new JsonSerde<>(CleanEvent.class);

  private CricketTopology() {}

  public static Topology build(Duration dedupHorizon) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(Deduplicator.STORE), Serdes.String(), Serdes.String()));

    KStream<String, CleanEvent> decoded = null;
    for (RawSource source : RawSource.values()) {
      KStream<String, CleanEvent> stream = decode(builder, source);
      decoded = decoded == null ? stream : decoded.merge(stream);
    }

    KStream<String, CleanEvent> fresh =
        decoded
            .repartition(
                Repartitioned.<String, CleanEvent>as("by-match")
                    .withKeySerde(Serdes.String())
                    .withValueSerde(EVENT_SERDE)
                    .withNumberOfPartitions(Topics.PARTITIONS)
                    .withStreamPartitioner(byMatch()))
            .process(
                () -> new Deduplicator(dedupHorizon), Named.as("deduplicate"), Deduplicator.STORE);

    fresh
        .split(Named.as("to-"))
        .branch(kind(CleanEvent.Kind.MATCH), sink(Topics.MATCHES, CleanEvent::match))
        .branch(kind(CleanEvent.Kind.PLAYER), sink(Topics.PLAYERS, CleanEvent::player))
        .branch(kind(CleanEvent.Kind.INNINGS), sink(Topics.INNINGS, CleanEvent::innings))
        .branch(kind(CleanEvent.Kind.DELIVERY), sink(Topics.DELIVERIES, CleanEvent::delivery))
        .branch(kind(CleanEvent.Kind.HEARTBEAT), sink(Topics.HEARTBEATS, CleanEvent::heartbeat))
        .defaultBranch(sink(Topics.DEAD_LETTERS, CleanEvent::deadLetter));
    return builder.build();
  }

  private static KStream<String, CleanEvent> decode(StreamsBuilder builder, RawSource source) {
    Topic<String, byte[]> raw = source.topic();
    return builder.stream(
            raw.name(),
            Consumed.with(raw.keySerde(), raw.valueSerde()).withName("read-" + source.shortName()))
        .process(
            () -> new DecodeProcessor(source.decoder()), Named.as("decode-" + source.shortName()));
  }

  private static org.apache.kafka.streams.kstream.Predicate<String, CleanEvent> kind(
      CleanEvent.Kind kind) {
    return (key, event) -> event.kind() == kind;
  }

  private static <V> Branched<String, CleanEvent> sink(
      Topic<String, V> topic, Function<CleanEvent, V> value) {
    return Branched.withConsumer(
        stream ->
            stream
                .mapValues(value::apply, Named.as("unwrap-" + topic.name()))
                .to(
                    topic.name(),
                    Produced.with(topic.keySerde(), topic.valueSerde())
                        .withName("write-" + topic.name())
                        .withStreamPartitioner(byMatch())),
        topic.name());
  }

  /** Every record of a match goes to the partition of its match id. */
  static <V> StreamPartitioner<String, V> byMatch() {
    return new StreamPartitioner<>() {
      @Override
      public Optional<Set<Integer>> partitions(
          String topic, String key, V value, int numPartitions) {
        return Optional.of(Set.of(MatchPartitioner.partition(key, numPartitions)));
      }
    };
  }
}
