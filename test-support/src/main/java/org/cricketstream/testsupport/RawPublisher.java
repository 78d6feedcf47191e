package org.cricketstream.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.cricketstream.config.KafkaClientProperties;
import org.cricketstream.topics.RawMatchIds;

/**
 * Publishes raw records as their producers would: idempotently, keyed as given, each in the
 * partition of its match as the sources place them ({@link RawMatchIds}), every ack awaited.
 */
public final class RawPublisher implements AutoCloseable {
  /** Where a record goes. */
  public enum Placement {
    /** The partition of its match, as the sources place records. */
    BY_MATCH,
    /**
     * Where Kafka's default partitioner puts its key: as a source that does not place records by
     * match (Debezium without {@code ByMatchPartition}, records written before it).
     */
    BY_KEY
  }

  private final KafkaProducer<String, byte[]> producer;
  private final Placement placement;

  public RawPublisher(String bootstrapServers) {
    this(bootstrapServers, KafkaClientProperties.NONE, Placement.BY_MATCH);
  }

  public RawPublisher(String bootstrapServers, Placement placement) {
    this(bootstrapServers, KafkaClientProperties.NONE, placement);
  }

  /** A publisher to a cluster reached with {@code client}'s properties (TLS, SASL). */
  public RawPublisher(String bootstrapServers, KafkaClientProperties client) {
    this(bootstrapServers, client, Placement.BY_MATCH);
  }

  private RawPublisher(String bootstrapServers, KafkaClientProperties client, Placement placement) {
    this.placement = placement;
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
      Headers headers = record.kafkaHeaders();
      int partition =
          placement == Placement.BY_MATCH
              ? RawMatchIds.partition(record.topic(), record.key(), record.value(), headers)
              : -1;
      ProducerRecord<String, byte[]> sent =
          new ProducerRecord<>(
              record.topic(),
              partition < 0 ? null : partition,
              record.key(),
              record.value(),
              headers);
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
