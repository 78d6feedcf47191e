package org.cricketstream.processor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.cricketstream.topics.JsonSerde;
import org.cricketstream.topics.Topic;
import org.cricketstream.topics.Topics;

/** Reads the clean topics as a consumer does (read_committed), keeping every record per key. */
public final class CleanTopics {
  /** topic, key, every value seen for the key in order. */
  public final Map<String, Map<String, List<Object>>> records = new HashMap<>();

  private final KafkaConsumer<String, byte[]> consumer;

  public CleanTopics(String bootstrapServers) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "clean-reader-" + UUID.randomUUID());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    List<String> names = new ArrayList<>();
    Topics.clean().forEach(t -> names.add(t.name()));
    names.add(Topics.DEAD_LETTERS.name());
    consumer.subscribe(names);
  }

  /**
   * Polls until {@code deliveries} distinct deliveries arrived and nothing more came for a while.
   */
  public CleanTopics readUntil(int deliveries, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long quietSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      if (poll() > 0) {
        quietSince = System.nanoTime();
      }
      boolean quiet = System.nanoTime() - quietSince > Duration.ofSeconds(5).toNanos();
      if (count(Topics.DELIVERIES.name()) >= deliveries && quiet) {
        return this;
      }
    }
    throw new AssertionError(
        "timed out: "
            + count(Topics.DELIVERIES.name())
            + " of "
            + deliveries
            + " deliveries arrived");
  }

  /** Polls until at least {@code deliveries} distinct deliveries arrived. */
  public CleanTopics readAtLeast(int deliveries, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (count(Topics.DELIVERIES.name()) < deliveries) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + deliveries + " deliveries");
      }
      poll();
    }
    return this;
  }

  private int poll() {
    int polled = 0;
    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
      polled++;
      records
          .computeIfAbsent(record.topic(), t -> new HashMap<>())
          .computeIfAbsent(record.key(), k -> new ArrayList<>())
          .add(decode(record.topic(), record.value()));
    }
    return polled;
  }

  public int count(String topic) {
    return records.getOrDefault(topic, Map.of()).size();
  }

  /** Keys that arrived more than once (with their values) in a topic. */
  public Map<String, List<Object>> repeated(String topic) {
    Map<String, List<Object>> repeated = new HashMap<>();
    records
        .getOrDefault(topic, Map.of())
        .forEach(
            (key, values) -> {
              if (values.size() > 1) {
                repeated.put(key, values);
              }
            });
    return repeated;
  }

  /** The last value per key of a topic. */
  public Map<String, Object> current(String topic) {
    Map<String, Object> current = new HashMap<>();
    records.getOrDefault(topic, Map.of()).forEach((k, v) -> current.put(k, v.get(v.size() - 1)));
    return current;
  }

  public void close() {
    consumer.close();
  }

  private static Object decode(String topic, byte[] value) {
    for (Topic<String, ?> t : Topics.clean()) {
      if (t.name().equals(topic)) {
        return ((JsonSerde<?>) t.valueSerde()).fromBytes(value);
      }
    }
    return ((JsonSerde<?>) Topics.DEAD_LETTERS.valueSerde()).fromBytes(value);
  }
}
