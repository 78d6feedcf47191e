package org.cricketstream.sources;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.cricketstream.config.KafkaClientProperties;
import org.cricketstream.topics.Json;
import org.cricketstream.topics.Topics;

/** Reads the raw topics the connectors write, as JSON trees, keeping everything seen. */
final class RawTopics implements AutoCloseable {
  final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
  private final KafkaConsumer<String, byte[]> consumer;

  RawTopics(String bootstrapServers) {
    this(bootstrapServers, KafkaClientProperties.NONE);
  }

  RawTopics(String bootstrapServers, KafkaClientProperties client) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    client.applyTo(props);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "raw-reader-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(
        List.of(
            Topics.RAW_T20I.name(),
            Topics.RAW_ODI_MATCHES.name(),
            Topics.RAW_ODI_DELIVERIES.name(),
            Topics.RAW_ODI_HEARTBEAT.name(),
            Topics.CONNECT_DEAD_LETTERS.name()));
  }

  /** Polls until {@code done} holds for what has arrived, or fails after the timeout. */
  RawTopics readUntil(Predicate<RawTopics> done, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.test(this)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what + "; have " + summary());
      }
      consumer.poll(Duration.ofMillis(250)).forEach(records::add);
    }
    return this;
  }

  List<JsonNode> values(String topic) {
    List<JsonNode> values = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      if (record.topic().equals(topic) && record.value() != null) {
        try {
          values.add(Json.MAPPER.readTree(record.value()));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return values;
  }

  /** The {@code after} rows of Debezium change events on a topic. */
  List<JsonNode> rows(String topic) {
    return values(topic).stream().map(v -> v.path("after")).toList();
  }

  String summary() {
    return Topics.RAW_T20I.name()
        + "="
        + values(Topics.RAW_T20I.name()).size()
        + ", "
        + Topics.RAW_ODI_MATCHES.name()
        + "="
        + values(Topics.RAW_ODI_MATCHES.name()).size()
        + ", "
        + Topics.RAW_ODI_DELIVERIES.name()
        + "="
        + values(Topics.RAW_ODI_DELIVERIES.name()).size();
  }

  @Override
  public void close() {
    consumer.close();
  }
}
