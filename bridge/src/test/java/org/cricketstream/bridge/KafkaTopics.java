package org.cricketstream.bridge;

import java.nio.charset.StandardCharsets;
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
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.cricketstream.topics.JsonSerde;
import org.cricketstream.topics.Topic;
import org.cricketstream.topics.Topics;

/**
 * Reads the raw Test topic, the clean topics and dead letters as a consumer does (read_committed).
 */
final class KafkaTopics implements AutoCloseable {
  /** A record as read: key, value, headers as text. */
  @SuppressWarnings("ArrayRecordComponent")
  record Read(String topic, int partition, String key, byte[] value, Map<String, String> headers) {}

  final Map<String, List<Read>> records = new HashMap<>();
  private final KafkaConsumer<String, byte[]> consumer;

  KafkaTopics(String bootstrapServers) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "bridge-it-" + UUID.randomUUID());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    List<String> names = new ArrayList<>();
    names.add(Topics.RAW_TEST.name());
    Topics.clean().forEach(t -> names.add(t.name()));
    names.add(Topics.DEAD_LETTERS.name());
    names.add(Topics.S3_PUBLISHED.name());
    consumer.subscribe(names);
  }

  int poll() {
    int n = 0;
    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
      Map<String, String> headers = new HashMap<>();
      for (Header h : r.headers()) {
        headers.put(
            h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
      }
      records
          .computeIfAbsent(r.topic(), t -> new ArrayList<>())
          .add(new Read(r.topic(), r.partition(), r.key(), r.value(), headers));
      n++;
    }
    return n;
  }

  List<Read> of(Topic<?, ?> topic) {
    return records.getOrDefault(topic.name(), List.of());
  }

  /** Distinct keys of a topic. */
  long distinctKeys(Topic<?, ?> topic) {
    return of(topic).stream().map(Read::key).distinct().count();
  }

  /** Keys that arrived more than once. */
  List<String> repeatedKeys(Topic<?, ?> topic) {
    Map<String, Integer> counts = new HashMap<>();
    of(topic).forEach(r -> counts.merge(r.key(), 1, Integer::sum));
    return counts.entrySet().stream()
        .filter(e -> e.getValue() > 1)
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  /** The last value per key, decoded with the topic's serde. */
  Map<String, Object> current(Topic<String, ?> topic) {
    Map<String, Object> current = new HashMap<>();
    JsonSerde<?> serde = (JsonSerde<?>) topic.valueSerde();
    for (Read r : of(topic)) {
      current.put(r.key(), serde.fromBytes(r.value()));
    }
    return current;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
