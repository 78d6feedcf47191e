package org.cricketstream.processor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.cricketstream.config.KafkaClientProperties;
import org.cricketstream.config.Setting;
import org.cricketstream.config.Shared;
import org.cricketstream.topics.Replication;
import org.cricketstream.topics.SchemaIdInterceptor;
import org.cricketstream.topics.SchemaRegistry;
import org.cricketstream.topics.Topics;

/**
 * The processor's configuration, declared in one place. Every setting has a default that runs
 * against the local stack and an environment variable to change it.
 *
 * @param bootstrapServers KAFKA_BOOTSTRAP_SERVERS, default 127.0.0.1:9092
 * @param kafkaClient CRICKET_KAFKA_PROPERTIES: Kafka client properties (TLS, SASL), default none
 * @param applicationId CRICKET_PROCESSOR_ID, default cricket-processor: instances sharing it share
 *     the work
 * @param stateDir CRICKET_PROCESSOR_STATE, default ./state/processor: local state, rebuilt from
 *     Kafka if lost
 * @param dedupHorizon CRICKET_DEDUP_HORIZON (P7D, 7d, PT12H...), default 7 days
 * @param threads CRICKET_PROCESSOR_THREADS, default 1
 * @param rocksDbMegabytes CRICKET_PROCESSOR_ROCKSDB_MB, default 64: the memory all of the
 *     instance's RocksDB stores share, outside the Java heap ({@link BoundedRocksDb})
 * @param commitInterval CRICKET_PROCESSOR_COMMIT_INTERVAL, default 50 ms (Kafka Streams' own under
 *     exactly-once is 100 ms): how often the processor commits its transaction. A record the
 *     processor writes is readable only once committed: a ball waits for the commit that follows it
 *     (two, the second a whole interval later, when its source did not place it in its match's
 *     partition and it goes through the repartition by match), so this is most of the processor's
 *     share of the latency; each commit costs the brokers a transaction marker per partition
 *     written (see the README's "Freshness").
 */
public record ProcessorSettings(
    String bootstrapServers,
    KafkaClientProperties kafkaClient,
    String applicationId,
    Path stateDir,
    Duration dedupHorizon,
    int threads,
    int rocksDbMegabytes,
    Duration commitInterval,
    Optional<SchemaRegistry.Login> schemaRegistry) {

  public static final Setting<String> APPLICATION_ID =
      Setting.text(
          "CRICKET_PROCESSOR_ID",
          "cricket-processor",
          "the Kafka Streams application id; instances sharing it share the work");
  public static final Setting<Path> STATE_DIR =
      Setting.path(
          "CRICKET_PROCESSOR_STATE", "state/processor", "local state, rebuilt from Kafka if lost");
  public static final Setting<Duration> DEDUP_HORIZON =
      Setting.duration(
              "CRICKET_DEDUP_HORIZON",
              "P7D",
              "how long a repeated event is still recognised and removed")
          .positive();
  public static final Setting<Integer> THREADS =
      Setting.integer("CRICKET_PROCESSOR_THREADS", 1, "stream threads of this instance")
          .between(1, 64);
  public static final Setting<Integer> ROCKSDB_MB =
      Setting.integer(
              "CRICKET_PROCESSOR_ROCKSDB_MB",
              64,
              "MiB that all of the instance's RocksDB stores share (block cache and memtables,"
                  + " outside the Java heap)")
          .between(8, 1 << 20);
  public static final Setting<Duration> COMMIT_INTERVAL =
      Setting.duration(
              "CRICKET_PROCESSOR_COMMIT_INTERVAL",
              "50ms",
              "how often the processor commits its exactly-once transaction: what it wrote is"
                  + " readable downstream only after that")
          .positive();

  /**
   * The largest record of the processor's internal topics: a raw record (its repartition topic
   * carries them whole) with room for the headers that say where it was read.
   */
  public static final int INTERNAL_MAX_MESSAGE_BYTES = Topics.RAW_MAX_MESSAGE_BYTES + 64 * 1024;

  /** The repartition topic of an application: raw records, keyed by match. */
  public String repartitionTopic() {
    return applicationId + "-" + CricketTopology.BY_MATCH + "-repartition";
  }

  /** Every setting of the processor, in the order help shows them. */
  public static final List<Setting<?>> SETTINGS =
      List.of(
          Shared.KAFKA_BOOTSTRAP_SERVERS,
          Shared.KAFKA_PROPERTIES,
          APPLICATION_ID,
          STATE_DIR,
          DEDUP_HORIZON,
          THREADS,
          ROCKSDB_MB,
          COMMIT_INTERVAL,
          Shared.SCHEMA_REGISTRY_URL,
          Shared.SCHEMA_REGISTRY_USER,
          Shared.SCHEMA_REGISTRY_PASSWORD);

  public static ProcessorSettings fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  public static ProcessorSettings fromEnvironment(Map<String, String> env) {
    return new ProcessorSettings(
        Shared.KAFKA_BOOTSTRAP_SERVERS.read(env),
        KafkaClientProperties.fromEnvironment(env),
        APPLICATION_ID.read(env),
        STATE_DIR.read(env),
        DEDUP_HORIZON.read(env),
        THREADS.read(env),
        ROCKSDB_MB.read(env),
        COMMIT_INTERVAL.read(env),
        SchemaRegistry.Login.fromEnvironment(env));
  }

  public ProcessorSettings withBootstrapServers(String servers) {
    return new ProcessorSettings(
        servers,
        kafkaClient,
        applicationId,
        stateDir,
        dedupHorizon,
        threads,
        rocksDbMegabytes,
        commitInterval,
        schemaRegistry);
  }

  public ProcessorSettings withStateDir(Path dir) {
    return new ProcessorSettings(
        bootstrapServers,
        kafkaClient,
        applicationId,
        dir,
        dedupHorizon,
        threads,
        rocksDbMegabytes,
        commitInterval,
        schemaRegistry);
  }

  public ProcessorSettings withApplicationId(String id) {
    return new ProcessorSettings(
        bootstrapServers,
        kafkaClient,
        id,
        stateDir,
        dedupHorizon,
        threads,
        rocksDbMegabytes,
        commitInterval,
        schemaRegistry);
  }

  /**
   * The de-duplication store's cache, for all its tasks: 2 MiB, not Kafka Streams' 10. It keeps the
   * entries an ODI ball rewrites (its innings', over's and count's) to reach RocksDB and the
   * changelog once per commit, a handful per match in play, dirty for a commit interval (50 ms) at
   * most. With 10 MiB it held about 86,000 entries, nearly all digests of records seen once, never
   * read again, with their record contexts: in {@code bench e2e} on the whole sample the
   * processor's live heap went from 121-127 MB to 57 (committed 222-246 to 113) and its peak from
   * 342-352 MB to 224, with no more CPU seconds.
   */
  static final long STORE_CACHE_BYTES = 2L << 20;

  /**
   * The largest batch the processor's producer sends to a partition: 64 KiB, not Kafka's 16. A
   * delivery's JSON is about 400 bytes, so a 16 KiB batch filled every 40 of them while a document
   * or a backlog is processed, and each full batch wakes the producer's sender and is one more
   * request for the broker: `bench processor` took 14.2-14.8 s for the sample with 64 KiB where it
   * took 16.1-17.1 s with 16 (13.7 with 128 KiB, not taken: the producer's pool keeps a buffer of
   * this size for every batch it has had open at once).
   */
  public static final int PRODUCER_BATCH_BYTES = 64 * 1024;

  /**
   * Kafka Streams properties: exactly-once, its internal topics (changelogs, repartitions)
   * replicated as {@code replication} says, and the client properties of CRICKET_KAFKA_PROPERTIES
   * (the processor's own settings win over them).
   */
  public Properties streamsProperties(Replication replication) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    // unprefixed, so Kafka Streams gives them to every client it makes (consumers, producers,
    // admin)
    kafkaClient.applyTo(props);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
    // A task processes what it has buffered without waiting for its other input partitions: only
    // each raw partition's own order matters (the decode step takes an ODI match's info row and
    // its balls in either order), and with waiting on (the default, 0) Kafka Streams 4.3 formats
    // a log text for every record while one of a task's five raw partitions is empty.
    props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, STORE_CACHE_BYTES);
    props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class);
    props.put(BoundedRocksDb.MEMORY_BYTES, (long) rocksDbMegabytes << 20);
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) replication.factor());
    props.put(
        StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG),
        replication.minInsyncReplicas());
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    // Kafka 5 turns this on by default; opting in now keeps behaviour the same across upgrades.
    props.put("processing.exception.handler.global.enabled", "true");
    // A Test match document explodes into thousands of records: batch them.
    props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
    props.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), PRODUCER_BATCH_BYTES);
    // The repartition topic carries raw records, as large as a raw topic takes them.
    props.put(
        StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
        INTERNAL_MAX_MESSAGE_BYTES);
    props.put(
        StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG),
        Integer.toString(INTERNAL_MAX_MESSAGE_BYTES));
    // with a schema registry, every record to a topic with a declared schema carries its id
    SchemaIdInterceptor.producerProperties(schemaRegistry)
        .forEach((key, value) -> props.put(StreamsConfig.producerPrefix(key), value));
    return props;
  }
}
