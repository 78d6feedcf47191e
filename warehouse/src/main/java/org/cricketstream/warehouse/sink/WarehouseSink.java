package org.cricketstream.warehouse.sink;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.cricketstream.topics.Topic;
import org.cricketstream.topics.TopicAdmin;
import org.cricketstream.topics.Topics;
import org.cricketstream.warehouse.Warehouse;
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
 * <p>It reads every partition itself (no group rebalancing): a warehouse has one sink.
 */
public final class WarehouseSink implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(WarehouseSink.class);
  private static final Duration POLL = Duration.ofMillis(200);

  /** What one committed batch did. */
  public record Commit(int records, long rows, long nanos) {}

  private final WarehouseSettings settings;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Consumer<Commit> onCommit;

  public WarehouseSink(WarehouseSettings settings, Consumer<Commit> onCommit) {
    this.settings = settings;
    this.onCommit = onCommit;
  }

  /**
   * The topics the sink reads: raw and dead-letter topics (landed as they are, so dead letters can
   * be counted and inspected in the warehouse) and clean topics (the model).
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
    return names;
  }

  /** Asks the loop to stop after the batch in hand; {@link #run} then returns. */
  public void stop() {
    running.set(false);
  }

  @Override
  public void run() {
    TopicAdmin.ensure(settings.bootstrapServers(), Topics.all());
    try (Warehouse warehouse = Warehouse.open(settings);
        KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics()) {
        for (PartitionInfo p : consumer.partitionsFor(topic)) {
          partitions.add(new TopicPartition(topic, p.partition()));
        }
      }
      consumer.assign(partitions);
      Map<TopicPartition, Long> stored = warehouse.storedOffsets();
      List<TopicPartition> fresh = new ArrayList<>();
      for (TopicPartition tp : partitions) {
        Long next = stored.get(tp);
        if (next == null) {
          fresh.add(tp);
        } else {
          consumer.seek(tp, next);
        }
      }
      consumer.seekToBeginning(fresh);
      LOG.info(
          "sink into {} from {}: resuming {} partitions from the warehouse's offsets, {} from the"
              + " beginning",
          warehouse.dialect().name(),
          settings.bootstrapServers(),
          partitions.size() - fresh.size(),
          fresh.size());
      loop(warehouse, consumer, partitions, new HashMap<>(stored));
    } catch (SQLException e) {
      throw new IllegalStateException("warehouse " + settings.url() + ": " + e.getMessage(), e);
    }
  }

  private void loop(
      Warehouse warehouse,
      KafkaConsumer<byte[], byte[]> consumer,
      List<TopicPartition> partitions,
      Map<TopicPartition, Long> committed)
      throws SQLException {
    Batch batch = new Batch();
    long firstAt = 0;
    while (running.get()) {
      ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
      for (ConsumerRecord<byte[], byte[]> record : records) {
        if (batch.records() == 0) {
          firstAt = System.nanoTime();
        }
        batch.add(record);
      }
      boolean full =
          batch.records() >= settings.batchRecords() || batch.bytes() >= settings.batchBytes();
      boolean waited =
          batch.records() > 0
              && (records.isEmpty()
                  || System.nanoTime() - firstAt >= settings.batchLinger().toNanos());
      if (full || waited || (records.isEmpty() && moved(consumer, partitions, committed))) {
        commit(warehouse, consumer, partitions, committed, batch);
        batch = new Batch();
      } else if (records.isEmpty()) {
        warehouse.idle();
      }
    }
  }

  /** Whether a position moved past what is stored (transaction markers move it, too). */
  private static boolean moved(
      KafkaConsumer<byte[], byte[]> consumer,
      List<TopicPartition> partitions,
      Map<TopicPartition, Long> committed) {
    for (TopicPartition tp : partitions) {
      if (!Long.valueOf(consumer.position(tp)).equals(committed.get(tp))) {
        return true;
      }
    }
    return false;
  }

  private void commit(
      Warehouse warehouse,
      KafkaConsumer<byte[], byte[]> consumer,
      List<TopicPartition> partitions,
      Map<TopicPartition, Long> committed,
      Batch batch)
      throws SQLException {
    long start = System.nanoTime();
    long now = System.currentTimeMillis();
    Map<TopicPartition, Long> positions = new HashMap<>();
    for (TopicPartition tp : partitions) {
      long position = consumer.position(tp);
      if (!Long.valueOf(position).equals(committed.get(tp))) {
        positions.put(tp, position);
        batch.offset(tp.topic(), tp.partition(), position, now);
      }
    }
    long rows = warehouse.commit(batch);
    committed.putAll(positions);
    Map<TopicPartition, OffsetAndMetadata> kafkaOffsets = new HashMap<>();
    positions.forEach((tp, offset) -> kafkaOffsets.put(tp, new OffsetAndMetadata(offset)));
    try {
      consumer.commitSync(kafkaOffsets);
    } catch (KafkaException e) {
      // The warehouse holds the truth; Kafka's copy is for lag monitoring and catches up next time.
      LOG.warn("committing offsets to Kafka failed (the warehouse has them): {}", e.toString());
    }
    Commit commit = new Commit(batch.records(), rows, System.nanoTime() - start);
    LOG.info(
        "committed {} records as {} rows in {} ms",
        commit.records(),
        commit.rows(),
        commit.nanos() / 1_000_000);
    onCommit.accept(commit);
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // the processor writes clean topics in transactions: only committed ones are facts
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
    props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
