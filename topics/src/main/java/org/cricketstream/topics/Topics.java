package org.cricketstream.topics;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.cricketstream.cricsheet.model.Delivery;
import org.cricketstream.cricsheet.model.Innings;
import org.cricketstream.cricsheet.model.MatchInfo;
import org.cricketstream.cricsheet.model.PlayerAppearance;
import org.cricketstream.cricsheet.read.MatchText;

/**
 * Every topic of the system, declared once.
 *
 * <p>Raw topics hold what the sources' producers write, byte for byte, for a bounded window. Events
 * cannot be replayed from the sources, so the warehouse's landing layer ({@code raw_events}) is
 * their record; Kafka is the buffer in front of it. Their names are the ones the connectors produce
 * by their own naming rules (see {@link RawFormats}).
 *
 * <p>Clean topics hold one current record per natural key (compacted, and deleted after a window
 * too), partitioned by match ({@link MatchPartitioner}) so a match stays in order. Their values
 * follow the versioned JSON schemas under {@code schemas/<topic>/v<N>.json}.
 *
 * <p>How long each topic keeps records is its {@link Keeping}, here; the windows themselves are
 * settings ({@link TopicRetention}), applied by {@link TopicAdmin}.
 */
public final class Topics {
  private Topics() {}

  /** Partitions of raw and clean topics: room for several processor instances. */
  public static final int PARTITIONS = 4;

  /** How long a topic keeps records; each window is a {@link TopicRetention} setting. */
  public enum Keeping {
    /** Every record, for CRICKET_RAW_RETENTION. */
    RAW_WINDOW,
    /** Every record, for CRICKET_DEAD_LETTER_RETENTION. */
    DEAD_LETTER_WINDOW,
    /** The latest record per key (compacted), for CRICKET_CLEAN_RETENTION. */
    LATEST_PER_KEY_WINDOW,
    /**
     * The latest record per key (compacted), never deleted by age: an index, one small record per
     * thing it indexes, whose loss would make its reader redo work (see {@link #S3_PUBLISHED}).
     */
    LATEST_PER_KEY
  }

  /** Raw and dead-letter topics: every record, deleted when its window has passed. */
  private static final Map<String, String> EVERY_RECORD =
      Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);

  private static final Map<String, String> ONE_RECORD_PER_KEY =
      Map.of(
          TopicConfig.CLEANUP_POLICY_CONFIG,
          TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
          TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG,
          "60000");

  // ---- raw: exactly what the producers write ----

  /** T20I match documents, as the MongoDB Kafka source connector publishes full documents. */
  public static final Topic<String, byte[]> RAW_T20I = raw(RawFormats.MONGO_TOPIC, 1);

  /** ODI info, one row per match, as Debezium's PostgreSQL connector publishes change events. */
  public static final Topic<String, byte[]> RAW_ODI_MATCHES = raw(RawFormats.ODI_MATCHES_TOPIC, 1);

  /** ODI ball rows, one per transaction, as Debezium publishes change events. */
  public static final Topic<String, byte[]> RAW_ODI_DELIVERIES =
      raw(RawFormats.ODI_DELIVERIES_TOPIC, 1);

  /**
   * Test match YAML files, as the S3 bridge publishes them (key: object key; S3 facts in headers).
   * YAML, not JSON: no JSON Schema describes it, so it has none (version 0).
   */
  public static final Topic<String, byte[]> RAW_TEST = raw(RawFormats.S3_TOPIC, 0);

  // ---- indexes: what a producer has published, one record per key ----

  /**
   * What the S3 bridge has published to {@link #RAW_TEST}: one record per object key with the ETags
   * published, written by the bridge once the raw record is acknowledged. Reconciliation compares
   * the bucket with it, not with the raw topic, which keeps only a window. Compacted and kept: a
   * few hundred bytes per object in the bucket.
   */
  public static final Topic<String, S3Published> S3_PUBLISHED =
      new Topic<>(
          "raw.s3.tests.published",
          1,
          Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT),
          Serdes.String(),
          new JsonSerde<>(S3Published.class),
          1);

  // ---- clean: one current record per natural key ----

  /** v2 adds the competition (v1 consumers read v2 records: the change is additive). */
  public static final Topic<String, MatchInfo> MATCHES = clean("matches", MatchInfo.class, 2);

  public static final Topic<String, PlayerAppearance> PLAYERS =
      clean("players", PlayerAppearance.class, 1);

  /**
   * Innings headers: everything about an innings but its deliveries, which have their own topic.
   */
  public static final Topic<String, Innings> INNINGS = clean("innings", Innings.class, 1);

  public static final Topic<String, Delivery> DELIVERIES = clean("deliveries", Delivery.class, 1);

  /**
   * Raw records that could not be processed, with the reason; the warehouse keeps them for
   * inspection. v2: a large payload is referred to by its coordinates instead of repeated.
   */
  public static final Topic<String, DeadLetter> DEAD_LETTERS =
      new Topic<>(
          "dead-letters", 1, EVERY_RECORD, Serdes.String(), new JsonSerde<>(DeadLetter.class), 2);

  /**
   * Records a source connector could not convert (the MongoDB connector's own dead-letter topic);
   * landed in the warehouse like the processor's, so a connector error is kept where it can be
   * inspected, never lost in a log.
   */
  public static final Topic<String, byte[]> CONNECT_DEAD_LETTERS =
      new Topic<>("dead-letters.connect", 1, EVERY_RECORD, Serdes.String(), Serdes.ByteArray(), 0);

  // ---- heartbeats: how far the warehouse is behind its sources ----

  /**
   * The ODI database's heartbeat row, as Debezium captures it every second; the processor passes it
   * on to {@link #HEARTBEATS}. Not landed: a heartbeat is not data, and only the latest matters.
   */
  public static final Topic<String, byte[]> RAW_ODI_HEARTBEAT =
      new Topic<>(
          RawFormats.ODI_HEARTBEAT_TOPIC,
          1,
          ONE_RECORD_PER_KEY,
          Serdes.String(),
          Serdes.ByteArray(),
          1);

  /**
   * Debezium's own heartbeat records (the source offsets it has reached), written with each run of
   * its {@code heartbeat.action.query}; declared so that it exists (topics are never auto-created).
   */
  public static final Topic<String, byte[]> CONNECT_HEARTBEATS =
      new Topic<>(
          RawFormats.CONNECT_HEARTBEAT_TOPIC,
          1,
          ONE_RECORD_PER_KEY,
          Serdes.String(),
          Serdes.ByteArray(),
          0);

  /** The latest heartbeat per source that passed the processor: the sink loads it. */
  public static final Topic<String, Heartbeat> HEARTBEATS =
      new Topic<>(
          "heartbeats",
          1,
          ONE_RECORD_PER_KEY,
          Serdes.String(),
          new JsonSerde<>(Heartbeat.class),
          1);

  // the lists below are asked for per record (the sink): made once, after the topics above
  private static final List<Topic<String, byte[]>> RAW =
      List.of(RAW_T20I, RAW_ODI_MATCHES, RAW_ODI_DELIVERIES, RAW_TEST);
  private static final List<Topic<String, ?>> DEAD = List.of(DEAD_LETTERS, CONNECT_DEAD_LETTERS);
  private static final List<Topic<String, ?>> CLEAN =
      List.of(MATCHES, PLAYERS, INNINGS, DELIVERIES);
  private static final List<Topic<String, ?>> ALL =
      List.of(
          RAW_T20I,
          RAW_ODI_MATCHES,
          RAW_ODI_DELIVERIES,
          RAW_TEST,
          MATCHES,
          PLAYERS,
          INNINGS,
          DELIVERIES,
          DEAD_LETTERS,
          CONNECT_DEAD_LETTERS,
          S3_PUBLISHED,
          RAW_ODI_HEARTBEAT,
          CONNECT_HEARTBEATS,
          HEARTBEATS);

  public static List<Topic<String, byte[]>> raw() {
    return RAW;
  }

  /** The dead-letter topics: the processor's and Kafka Connect's. */
  public static List<Topic<String, ?>> deadLetters() {
    return DEAD;
  }

  public static List<Topic<String, ?>> clean() {
    return CLEAN;
  }

  /**
   * How many copies a topic of the catalogue keeps on a cluster of {@code brokers} brokers: every
   * topic the same rule ({@link Replication#forBrokers}), raw topics above all, since events cannot
   * be replayed from the sources.
   */
  public static Replication replicationOf(Topic<?, ?> topic, int brokers) {
    return Replication.forBrokers(brokers);
  }

  /** The heartbeat topics: the latest record per key, for CRICKET_CLEAN_RETENTION. */
  public static List<Topic<String, ?>> heartbeats() {
    return List.of(RAW_ODI_HEARTBEAT, CONNECT_HEARTBEATS, HEARTBEATS);
  }

  /** The index topics: compacted, never deleted by age. */
  public static List<Topic<String, ?>> indexes() {
    return List.of(S3_PUBLISHED);
  }

  /** How long a topic of the catalogue keeps records. */
  public static Keeping keepingOf(Topic<?, ?> topic) {
    if (indexes().contains(topic)) {
      return Keeping.LATEST_PER_KEY;
    }
    if (raw().contains(topic)) {
      return Keeping.RAW_WINDOW;
    }
    if (deadLetters().contains(topic)) {
      return Keeping.DEAD_LETTER_WINDOW;
    }
    if (clean().contains(topic) || heartbeats().contains(topic)) {
      return Keeping.LATEST_PER_KEY_WINDOW;
    }
    throw new IllegalArgumentException(topic.name() + " is not in the topic catalogue");
  }

  public static List<Topic<String, ?>> all() {
    return ALL;
  }

  /**
   * The largest raw record a raw topic takes: a whole match document (up to the readers' limit,
   * {@link MatchText#MAX_BYTES}) with room for its envelope and headers. A larger one is refused by
   * the broker, never truncated.
   */
  public static final int RAW_MAX_MESSAGE_BYTES = MatchText.MAX_BYTES + 1024 * 1024;

  /**
   * A raw topic; {@code schemaVersion} of the JSON Schema that describes what its producer writes
   * (the connectors' formats, {@link RawFormats}), or 0 when its values are not JSON.
   */
  private static Topic<String, byte[]> raw(String name, int schemaVersion) {
    Map<String, String> config = new java.util.HashMap<>(EVERY_RECORD);
    config.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(RAW_MAX_MESSAGE_BYTES));
    return new Topic<>(
        name, PARTITIONS, config, Serdes.String(), Serdes.ByteArray(), schemaVersion);
  }

  private static <V> Topic<String, V> clean(String name, Class<V> type, int schemaVersion) {
    Serde<V> serde = new JsonSerde<>(type);
    return new Topic<>(name, PARTITIONS, ONE_RECORD_PER_KEY, Serdes.String(), serde, schemaVersion);
  }
}
