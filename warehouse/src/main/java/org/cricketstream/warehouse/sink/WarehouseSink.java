package org.cricketstream.warehouse.sink;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.cricketstream.topics.Topic;
import org.cricketstream.topics.TopicAdmin;
import org.cricketstream.topics.TopicRetention;
import org.cricketstream.topics.Topics;
import org.cricketstream.warehouse.Warehouse;
import org.cricketstream.warehouse.Warehouse.StoredOffset;
import org.cricketstream.warehouse.WarehouseSettings;
import org.cricketstream.warehouse.load.Batch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exactly-once sink: reads the raw topics (into the landing layer) and the clean topics (into
 * the analytics model) and writes each batch in one database transaction together with the offsets
 * it read up to. On start it resumes from the offsets stored in the warehouse, never from Kafka's:
 * whatever moment it is killed at, a batch is either wholly in the warehouse with its offsets, or
 * not at all and read again. After each database commit the offsets are also committed to Kafka
 * (consumer group {@code groupId}), only so that lag shows in Kafka's tools.
 *
 * <p>Two threads: this one polls and decodes records into the next batch while a writer thread
 * commits the batch before it (at most one batch in flight, its offsets taken when it was cut), so
 * the database's work overlaps the decoding instead of waiting for it.
 *
 * <p>It reads its partitions itself (no group rebalancing): every partition when it is the
 * warehouse's one sink, or its {@link SinkShare} when several sinks share a PostgreSQL warehouse.
 */
public final class WarehouseSink implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(WarehouseSink.class);
  private static final Duration POLL = Duration.ofMillis(200);

  /** How long a poll waits while a batch is being written. */
  private static final Duration IN_FLIGHT_POLL = Duration.ofMillis(5);

  /** How often the sink measures how far behind the retention window it is. */
  private static final Duration WATCH_INTERVAL = Duration.ofSeconds(60);

  /**
   * What one committed batch did.
   *
   * @param nanos from the batch's cut to its database commit
   * @param committedAt {@link System#nanoTime} when the database committed it (it is reported after
   *     that, once the sink has read on)
   */
  public record Commit(int records, long rows, long nanos, long committedAt) {}

  private final WarehouseSettings settings;
  private final TopicRetention retention;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Consumer<Commit> onCommit;
  private final SinkShare share;
  private final SchemaIds schemaIds;

  public WarehouseSink(WarehouseSettings settings, Consumer<Commit> onCommit) {
    this(settings, TopicRetention.fromEnvironment(), onCommit);
  }

  /** A sink that creates missing topics, and aligns existing ones, with {@code retention}. */
  public WarehouseSink(
      WarehouseSettings settings, TopicRetention retention, Consumer<Commit> onCommit) {
    this(settings, retention, SinkShare.ALL, onCommit);
  }

  /**
   * A sink that loads {@code share} of the partitions.
   *
   * @throws IllegalArgumentException when a DuckDB warehouse, which has one writer, is shared
   */
  public WarehouseSink(
      WarehouseSettings settings,
      TopicRetention retention,
      SinkShare share,
      Consumer<Commit> onCommit) {
    if (settings.duckDb() && share.of() > 1) {
      throw new IllegalArgumentException(
          "a DuckDB warehouse has one writer, so one sink: sink share "
              + share
              + " needs a PostgreSQL warehouse");
    }
    this.settings = settings;
    this.retention = retention;
    this.share = share;
    this.onCommit = onCommit;
    this.schemaIds = new SchemaIds(settings.schemaRegistry());
  }

  /**
   * The topics the sink reads: raw and dead-letter topics (landed as they are, so dead letters can
   * be counted and inspected in the warehouse), clean topics (the model) and the heartbeats ({@code
   * pipeline_heartbeats}).
   */
  public static List<String> topics() {
    List<String> names = new ArrayList<>();
    for (Topic<String, ?> topic : Topics.raw()) {
      names.add(topic.name());
    }
    for (Topic<String, ?> topic : Topics.deadLetters()) {
      names.add(topic.name());
    }
    for (Topic<String, ?> topic : Topics.clean()) {
      names.add(topic.name());
    }
    names.add(Topics.HEARTBEATS.name());
    return names;
  }

  /** Asks the loop to stop after the batch in hand; {@link #run} then returns. */
  public void stop() {
    running.set(false);
  }

  /**
   * Loads until {@link #stop}. Throws {@link Resume.GapException} when it cannot go on without
   * losing data (records expired unread, a topic that lost records), and an IllegalStateException
   * when a topic is created again under it (a restart then resumes by {@link Resume}'s rule).
   */
  @Override
  public void run() {
    TopicAdmin.ensure(settings.bootstrapServers(), settings.kafkaClient(), Topics.all(), retention);
    try (Warehouse warehouse = Warehouse.open(settings);
        KafkaConsumer<byte[], byte[]> consumer = consumer();
        TopicLogs logs = new TopicLogs(settings.bootstrapServers(), settings.kafkaClient())) {
      Map<TopicPartition, Resume.Live> live = logs.live(topics());
      List<TopicPartition> partitions = share.of(new ArrayList<>(live.keySet()));
      consumer.assign(partitions);
      Map<TopicPartition, StoredOffset> stored = warehouse.storedOffsets();
      Map<TopicPartition, Resume.Position> reading = new HashMap<>();
      Map<TopicPartition, OffsetAndMetadata> resumedAt = new HashMap<>();
      int resumed = 0;
      int recreated = 0;
      for (TopicPartition tp : partitions) {
        StoredOffset at = stored.get(tp);
        Resume.Position position = Resume.of(tp, at, live.get(tp));
        if (at != null && position.offsetBase() != at.offsetBase()) {
          recreated++;
          LOG.warn(
              "{} was created again (topic id {} -> {}): reading the new topic from offset 0,"
                  + " landing its records from warehouse offset {}",
              tp,
              at.topicId(),
              position.topicId(),
              position.offsetBase());
        } else if (at != null) {
          resumed++;
        }
        consumer.seek(tp, position.nextOffset());
        reading.put(tp, position);
        if (at != null) {
          resumedAt.put(tp, new OffsetAndMetadata(position.nextOffset()));
        }
      }
      LOG.info(
          "sink {} into {} from {}: {} partitions resumed from the warehouse's offsets, {} topics"
              + " created again read from their start, {} new",
          share,
          warehouse.dialect().name(),
          settings.bootstrapServers(),
          resumed,
          recreated,
          partitions.size() - resumed - recreated);
      commitToKafka(consumer, resumedAt);
      loop(warehouse, consumer, logs, reading, new HashMap<>(stored));
    } catch (SQLException e) {
      throw new IllegalStateException("warehouse " + settings.url() + ": " + e.getMessage(), e);
    }
  }

  private void loop(
      Warehouse warehouse,
      KafkaConsumer<byte[], byte[]> consumer,
      TopicLogs logs,
      Map<TopicPartition, Resume.Position> reading,
      Map<TopicPartition, StoredOffset> committed)
      throws SQLException {
    ExecutorService writer = Executors.newSingleThreadExecutor(r -> new Thread(r, "sink-write"));
    Writing writing = null;
    boolean ended = false;
    try {
      Batch batch = new Batch();
      List<ConsumerRecord<byte[], byte[]>> pending = new ArrayList<>();
      long firstAt = 0;
      long watchedAt = 0;
      while (running.get()) {
        // a batch in flight: look again soon, so its end is seen when it comes
        ConsumerRecords<byte[], byte[]> records =
            poll(consumer, logs, reading, writing == null ? POLL : IN_FLIGHT_POLL);
        for (ConsumerRecord<byte[], byte[]> record : records) {
          if (batch.records() == 0) {
            firstAt = System.nanoTime();
          }
          TopicPartition tp = new TopicPartition(record.topic(), record.partition());
          read(batch, record, reading.get(tp).offsetBase());
          pending.add(record);
        }
        if (writing != null && (writing.done() || (records.isEmpty() && batch.records() == 0))) {
          // the write is over, or there is nothing else to do: settle it before looking at what
          // is stored
          finish(writing, consumer, committed);
          writing = null;
        }
        boolean full =
            batch.records() >= settings.batchRecords() || batch.bytes() >= settings.batchBytes();
        // caught up: nothing more to wait for, so commit now, or as soon as the batch in flight
        // is written (the records that arrive meanwhile join this batch: batches grow by
        // themselves when commits take longer); behind: let the batch fill, up to the linger
        boolean waited =
            batch.records() > 0
                && (records.isEmpty()
                    || caughtUp(consumer, reading.keySet())
                    || System.nanoTime() - firstAt >= settings.batchLinger().toNanos());
        if (full
            || (waited && writing == null)
            || (records.isEmpty() && writing == null && moved(consumer, reading, committed))) {
          if (writing != null) {
            finish(writing, consumer, committed);
          }
          writing = write(writer, warehouse, consumer, logs, reading, committed, batch, pending);
          batch = new Batch();
          pending = new ArrayList<>();
        } else if (records.isEmpty() && writing == null) {
          warehouse.idle();
        }
        if (System.nanoTime() - watchedAt > WATCH_INTERVAL.toNanos()) {
          watch(logs, committed);
          watchedAt = System.nanoTime();
        }
      }
      if (writing != null) {
        finish(writing, consumer, committed);
        writing = null;
      }
      ended = true;
    } finally {
      if (!ended && writing != null) {
        // failing here: the write in flight must end before the warehouse closes (what it did is
        // in the warehouse with its offsets, or not at all)
        writing.awaitQuietly();
      }
      writer.shutdownNow();
    }
  }

  /**
   * Polls; a position out of range stops the sink: in a topic created again (the topic id says so)
   * or below the log start offset (records expired unread).
   */
  private static ConsumerRecords<byte[], byte[]> poll(
      KafkaConsumer<byte[], byte[]> consumer,
      TopicLogs logs,
      Map<TopicPartition, Resume.Position> reading,
      Duration timeout) {
    try {
      return consumer.poll(timeout);
    } catch (OffsetOutOfRangeException e) {
      checkSameTopics(logs, reading, 0);
      Map<TopicPartition, Long> starts =
          consumer.beginningOffsets(e.offsetOutOfRangePartitions().keySet());
      StringBuilder message = new StringBuilder();
      e.offsetOutOfRangePartitions()
          .forEach(
              (tp, next) ->
                  message
                      .append(message.isEmpty() ? "" : "; ")
                      .append(
                          next < starts.get(tp)
                              ? Resume.behind(tp, next, starts.get(tp))
                              : tp + ": offset " + next + " is beyond the end of the topic"));
      throw new Resume.GapException(message.toString());
    }
  }

  /** Warns, per partition, when the oldest record not yet loaded has used much of its window. */
  private static void watch(TopicLogs logs, Map<TopicPartition, StoredOffset> committed) {
    Map<TopicPartition, Long> next = new HashMap<>();
    committed.forEach((tp, at) -> next.put(tp, at.nextOffset()));
    try {
      for (TopicLogs.Behind b : logs.behind(next)) {
        if (!b.state().equals("ok")) {
          LOG.warn(
              "{} is {} records behind; its oldest unloaded record is {} s old of a {} s"
                  + " retention window: it expires in {} s unless the sink catches up",
              b.partition(),
              b.records(),
              b.oldestUnreadAgeMillis() / 1000,
              b.retentionMillis() / 1000,
              b.expiresInMillis() / 1000);
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("could not measure how far the sink is behind: {}", e.toString());
    }
  }

  /**
   * Copies offsets the warehouse stored to the consumer group, for lag monitoring. The warehouse
   * holds the truth; a failed copy is caught up by the next commit, and a start copies them all (a
   * sink killed between its warehouse commit and this copy leaves the group behind, and a partition
   * that receives nothing more would stay so).
   */
  private static void commitToKafka(
      KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, OffsetAndMetadata> offsets) {
    if (offsets.isEmpty()) {
      return;
    }
    try {
      consumer.commitSync(offsets);
    } catch (KafkaException e) {
      LOG.warn("committing offsets to Kafka failed (the warehouse has them): {}", e.toString());
    }
  }

  /** Whether the sink has read every partition up to what it can read now (lag 0 everywhere). */
  private static boolean caughtUp(
      KafkaConsumer<byte[], byte[]> consumer, Set<TopicPartition> partitions) {
    for (TopicPartition tp : partitions) {
      OptionalLong lag = consumer.currentLag(tp);
      if (lag.isEmpty() || lag.getAsLong() > 0) {
        return false;
      }
    }
    return true;
  }

  /** Whether a position or a topic id moved past what is stored (transaction markers move it). */
  private static boolean moved(
      KafkaConsumer<byte[], byte[]> consumer,
      Map<TopicPartition, Resume.Position> reading,
      Map<TopicPartition, StoredOffset> committed) {
    for (Map.Entry<TopicPartition, Resume.Position> e : reading.entrySet()) {
      StoredOffset at = committed.get(e.getKey());
      if (at == null
          || consumer.position(e.getKey()) != at.nextOffset()
          || !e.getValue().topicId().equals(at.topicId())) {
        return true;
      }
    }
    return false;
  }

  /**
   * A batch being written on the sink's writer thread while this one reads the next: at most one at
   * a time, so reading and decoding the next batch overlap the database's work on this one.
   */
  private record Writing(
      Batch batch,
      Map<TopicPartition, StoredOffset> positions,
      long startedAt,
      Future<Written> result) {
    boolean done() {
      return result.isDone();
    }

    void awaitQuietly() {
      try {
        result.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException e) {
        // the failure that stops the sink is already on its way
      }
    }
  }

  /** What the writer thread did with a batch: rows written, and where the commit's time went. */
  private record Written(long rows, Warehouse.CommitTimes times, long endedAt) {}

  /**
   * Starts writing the batch with the offsets it reads up to (taken now, on the consumer's thread)
   * in one transaction, on the writer thread.
   */
  private Writing write(
      ExecutorService writer,
      Warehouse warehouse,
      KafkaConsumer<byte[], byte[]> consumer,
      TopicLogs logs,
      Map<TopicPartition, Resume.Position> reading,
      Map<TopicPartition, StoredOffset> committed,
      Batch batch,
      List<ConsumerRecord<byte[], byte[]>> records) {
    long start = System.nanoTime();
    checkSameTopics(logs, reading, batch.records());
    long now = System.currentTimeMillis();
    Map<TopicPartition, StoredOffset> positions = new HashMap<>();
    reading.forEach(
        (tp, read) -> {
          StoredOffset at =
              new StoredOffset(consumer.position(tp), read.topicId(), read.offsetBase());
          if (!at.equals(committed.get(tp))) {
            positions.put(tp, at);
            batch.offset(
                tp.topic(), tp.partition(), at.nextOffset(), now, at.topicId(), at.offsetBase());
          }
        });
    Map<TopicPartition, Resume.Position> read = Map.copyOf(reading);
    Future<Written> result =
        writer.submit(() -> write(warehouse, read, batch, records, positions, now));
    return new Writing(batch, positions, start, result);
  }

  /** On the writer thread: the batch and its offsets in one transaction. */
  private Written write(
      Warehouse warehouse,
      Map<TopicPartition, Resume.Position> reading,
      Batch batch,
      List<ConsumerRecord<byte[], byte[]>> records,
      Map<TopicPartition, StoredOffset> positions,
      long now)
      throws SQLException {
    try {
      long rows = commit(warehouse, batch);
      return new Written(rows, warehouse.lastCommitTimes(), System.nanoTime());
    } catch (SQLException | RuntimeException e) {
      if (!Refusal.isRefusal(e, warehouse.connection())) {
        throw e;
      }
      LOG.warn(
          "the warehouse refused a batch of {} records ({}): committing them one at a time to"
              + " keep the ones it refuses in rejected_records",
          records.size(),
          e.getMessage());
      long rows = oneAtATime(warehouse, reading, records, now);
      Batch offsets = new Batch();
      positions.forEach(
          (tp, at) ->
              offsets.offset(
                  tp.topic(), tp.partition(), at.nextOffset(), now, at.topicId(), at.offsetBase()));
      rows += commit(warehouse, offsets);
      return new Written(rows, null, System.nanoTime());
    }
  }

  /**
   * Back on the consumer's thread once the write ended: its offsets noted as stored and copied to
   * Kafka, the commit reported; its failure, rethrown as it was.
   */
  private void finish(
      Writing writing,
      KafkaConsumer<byte[], byte[]> consumer,
      Map<TopicPartition, StoredOffset> committed)
      throws SQLException {
    Written written;
    try {
      written = writing.result().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the warehouse committed a batch", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SQLException sql) {
        throw sql;
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    }
    committed.putAll(writing.positions());
    Map<TopicPartition, OffsetAndMetadata> kafkaOffsets = new HashMap<>();
    writing
        .positions()
        .forEach((tp, at) -> kafkaOffsets.put(tp, new OffsetAndMetadata(at.nextOffset())));
    commitToKafka(consumer, kafkaOffsets);
    Commit commit =
        new Commit(
            writing.batch().records(),
            written.rows(),
            written.endedAt() - writing.startedAt(),
            written.endedAt());
    LOG.info(
        "committed {} records as {} rows in {} ms{}",
        commit.records(),
        commit.rows(),
        commit.nanos() / 1_000_000,
        written.times() == null ? " (one at a time)" : " (" + written.times() + ")");
    onCommit.accept(commit);
  }

  /**
   * Commits each record on its own with its partition's offset after it, so each is in the
   * warehouse exactly once whatever happens; a record the warehouse refuses is committed to {@code
   * rejected_records} instead, with the error. Only a refusal is kept there: a lost connection or a
   * full disk stops the sink, and a restart reads the records again.
   */
  private long oneAtATime(
      Warehouse warehouse,
      Map<TopicPartition, Resume.Position> reading,
      List<ConsumerRecord<byte[], byte[]>> records,
      long now)
      throws SQLException {
    long rows = 0;
    for (ConsumerRecord<byte[], byte[]> record : records) {
      Resume.Position read = reading.get(new TopicPartition(record.topic(), record.partition()));
      Batch one = upTo(record, read, now);
      read(one, record, read.offsetBase());
      try {
        rows += commit(warehouse, one);
      } catch (SQLException | RuntimeException e) {
        if (!Refusal.isRefusal(e, warehouse.connection())) {
          throw e;
        }
        Batch rejected = upTo(record, read, now);
        rejected.reject(record, read.offsetBase(), e.getMessage());
        rows += commit(warehouse, rejected);
      }
    }
    return rows;
  }

  /**
   * Adds a record to the batch, or its refusal when it carries another topic's schema id ({@link
   * SchemaIds}).
   */
  private void read(Batch batch, ConsumerRecord<byte[], byte[]> record, long offsetBase) {
    Optional<String> refusal = schemaIds.refusal(record);
    if (refusal.isPresent()) {
      batch.reject(record, offsetBase, refusal.get());
    } else {
      batch.add(record, offsetBase);
    }
  }

  /** Commits a batch with the subjects and versions of the schema ids it read. */
  private long commit(Warehouse warehouse, Batch batch) throws SQLException {
    schemaIds.describe(batch);
    return warehouse.commit(batch);
  }

  /** A batch that stores {@code record}'s partition as read up to and including it. */
  private static Batch upTo(ConsumerRecord<byte[], byte[]> record, Resume.Position read, long now) {
    Batch batch = new Batch();
    batch.offset(
        record.topic(),
        record.partition(),
        record.offset() + 1,
        now,
        read.topicId(),
        read.offsetBase());
    return batch;
  }

  /**
   * Refuses to commit a batch if a topic was created again since the sink started reading it (a
   * fresh cluster behind the same address): the consumer would go on at its old offsets in the new
   * topic, skipping its first records and landing the rest under the old topic's identity.
   */
  private static void checkSameTopics(
      TopicLogs logs, Map<TopicPartition, Resume.Position> reading, int uncommitted) {
    Map<String, String> ids =
        logs.ids(reading.keySet().stream().map(TopicPartition::topic).distinct().toList());
    reading.forEach(
        (tp, read) -> {
          if (!read.topicId().equals(ids.get(tp.topic()))) {
            throw new IllegalStateException(
                tp
                    + " was created again while the sink read it (topic id "
                    + read.topicId()
                    + " -> "
                    + ids.get(tp.topic())
                    + "): "
                    + uncommitted
                    + " records read are not committed; start the sink again to read the new topic"
                    + " from its start");
          }
        });
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    settings.kafkaClient().applyTo(props);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // positions are always set from the warehouse: an invalid one is an error, never a reset
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    // the processor writes clean topics in transactions: only committed ones are facts
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    // a fetch of 16 MB keeps a commit of 5,000 records fed (a record larger than these still
    // comes, alone); 64 MB fetches held the sink's heap at 328 MB, 185 with these
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 2 * 1024 * 1024);
    props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 16 * 1024 * 1024);
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
