package org.cricketstream.processor;

import java.time.Duration;
import java.util.Map;
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
 * raw.cricket.t20i ─────────────┐        in its match's partition (as the sources place them)
 * raw.public.odi_matches ───────┤ route ───────────────────────────────┐
 * raw.public.odi_deliveries ────┤   │                                  ├─▶ decode ─▶ deduplicate ─┬─▶ matches
 * raw.s3.tests ─────────────────┤   └─ elsewhere: keyed by match, ─────┘                          ├─▶ players
 * raw.public.cricket_heartbeat ─┘      bytes untouched, repartition                               ├─▶ innings
 *                                      by match                                                   ├─▶ deliveries
 *                                                                                                 ├─▶ heartbeats
 *                                                                                                 └─▶ dead-letters
 * </pre>
 *
 * <p>One sub-topology: task {@code p} reads partition {@code p} of every raw topic and of the
 * repartition topic, and keeps the store of the matches {@link MatchPartitioner} puts there.
 */
public final class CricketTopology {
  /**
   * The decoded events' JSON, as processors before {@link MatchRoute} wrote them to the repartition
   * topic ({@link DecodeProcessor} still reads them).
   */
  static final JsonSerde<CleanEvent> EVENT_SERDE = new JsonSerde<>(CleanEvent.class);

  /** The name of the repartition by match: {@code <application id>-by-match-repartition}. */
  static final String BY_MATCH = "by-match";

  private CricketTopology() {}

  public static Topology build(Duration dedupHorizon) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Deduplicator.STORE),
                Serdes.String(),
                Serdes.String())
            // An ODI ball rewrites its innings', over's and count's entries: cached, each reaches
            // RocksDB and the changelog once per commit instead of once per ball.
            .withCachingEnabled());

    KStream<String, MatchRoute.Routed> routed = null;
    for (RawSource source : RawSource.values()) {
      KStream<String, MatchRoute.Routed> stream = route(builder, source);
      routed = routed == null ? stream : routed.merge(stream);
    }
    Map<String, KStream<String, MatchRoute.Routed>> placed =
        routed
            .split(Named.as("raw-"))
            .branch((key, raw) -> raw.inPlace(), Branched.as("in-place"))
            .defaultBranch(Branched.as("elsewhere"));
    KStream<String, byte[]> inPlace =
        placed.get("raw-in-place").mapValues(MatchRoute.Routed::value, Named.as("in-place"));
    KStream<String, byte[]> moved =
        placed
            .get("raw-elsewhere")
            .mapValues(MatchRoute.Routed::value, Named.as("elsewhere"))
            .repartition(
                Repartitioned.<String, byte[]>as(BY_MATCH)
                    .withKeySerde(Serdes.String())
                    .withValueSerde(Serdes.ByteArray())
                    .withNumberOfPartitions(Topics.PARTITIONS)
                    .withStreamPartitioner(byMatch()));

    KStream<String, CleanEvent> fresh =
        inPlace
            .merge(moved, Named.as("by-match"))
            .process(DecodeProcessor::new, Named.as("decode"))
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

  private static KStream<String, MatchRoute.Routed> route(
      StreamsBuilder builder, RawSource source) {
    Topic<String, byte[]> raw = source.topic();
    return builder.stream(
            raw.name(),
            Consumed.with(raw.keySerde(), raw.valueSerde()).withName("read-" + source.shortName()))
        .process(MatchRoute::new, Named.as("route-" + source.shortName()));
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
