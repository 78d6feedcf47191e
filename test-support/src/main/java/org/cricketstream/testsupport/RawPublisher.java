package org.cricketstream.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.cricketstream.config.KafkaClientProperties;

/**
 * Publishes raw records as their producers would: idempotently, keyed as given, every ack awaited.
 */
public final class RawPublisher implements AutoCloseable {
  private final KafkaProducer<String, byte[]> producer;

  public RawPublisher(String bootstrapServers) {
    this(bootstrapServers, KafkaClientProperties.NONE);
  }

  /** A publisher to a cluster reached with {@code client}'s properties (TLS, SASL). */
  public RawPublisher(String bootstrapServers, KafkaClientProperties client) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    client.applyTo(props);
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024);
    producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  /** Sends every record and returns once all are acknowledged. */
  public void publish(List<RawRecord> records) {
    List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
    for (RawRecord record : records) {
      ProducerRecord<String, byte[]> sent =
          new ProducerRecord<>(record.topic(), record.key(), record.value());
      record.headers().forEach((k, v) -> sent.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
      acks.add(producer.send(sent));
    }
    try {
      for (Future<RecordMetadata> ack : acks) {
        ack.get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("publishing raw records failed: " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing", e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
