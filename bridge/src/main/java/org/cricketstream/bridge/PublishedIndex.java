package org.cricketstream.bridge;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.cricketstream.topics.RawFormats;
import org.cricketstream.topics.S3Published;
import org.cricketstream.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's view of {@link Topics#S3_PUBLISHED}: which ETags of which keys reached {@code
 * raw.s3.tests}. The bridge writes a record once Kafka acknowledged the raw one; reconciliation
 * reads the whole topic (compacted: one record per key) before it compares, so what other bridges
 * published counts too. The first time the index is empty (a deployment from before it), it is
 * filled once from the raw topic's headers, so what the raw topic still holds is not published
 * again.
 */
final class PublishedIndex {
  private static final Logger LOG = LoggerFactory.getLogger(PublishedIndex.class);

  /** The longest a full read of a topic may take before the reconciliation round gives up. */
  private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

  private final BridgeSettings settings;
  private final Map<String, S3Published> known = new ConcurrentHashMap<>();

  PublishedIndex(BridgeSettings settings) {
    this.settings = settings;
  }

  /** The index record saying {@code eTag} of {@code bucket}/{@code key} was published. */
  ProducerRecord<String, byte[]> record(String bucket, String key, String eTag) {
    long now = System.currentTimeMillis();
    S3Published next =
        known.compute(
            key,
            (k, old) ->
                (old == null || !bucket.equals(old.bucket())
                        ? new S3Published(bucket, key, List.of(), now)
                        : old)
                    .with(eTag, now));
    return new ProducerRecord<>(
        Topics.S3_PUBLISHED.name(),
        key,
        Topics.S3_PUBLISHED.valueSerde().serializer().serialize(Topics.S3_PUBLISHED.name(), next));
  }

  /** Whether {@code eTag} of the object was published, as far as the last {@link #read} knows. */
  boolean has(String bucket, String key, String eTag) {
    S3Published p = known.get(key);
    return p != null && bucket.equals(p.bucket()) && p.has(eTag);
  }

  /**
   * Reads the whole index topic into this view; returns the records the raw topic's headers add
   * when the index was empty (to be written to the index), else none.
   */
  List<ProducerRecord<String, byte[]>> read() {
    Map<String, S3Published> read = new HashMap<>();
    int[] bad = {0};
    readAll(
        Topics.S3_PUBLISHED.name(),
        r -> {
          if (r.value() == null) {
            read.remove(r.key());
            return;
          }
          try {
            read.put(
                r.key(),
                Topics.S3_PUBLISHED
                    .valueSerde()
                    .deserializer()
                    .deserialize(Topics.S3_PUBLISHED.name(), r.value()));
          } catch (RuntimeException e) {
            bad[0]++;
            LOG.warn(
                "{} record {} at {}-{}@{} is unreadable, ignored: {}",
                Topics.S3_PUBLISHED,
                r.key(),
                r.topic(),
                r.partition(),
                r.offset(),
                e.toString());
          }
        });
    read.forEach((key, p) -> known.merge(key, p, PublishedIndex::merge));
    if (!read.isEmpty() || bad[0] > 0) {
      return List.of();
    }
    // empty: the first reconciliation on a deployment from before the index
    List<ProducerRecord<String, byte[]>> seeds = new ArrayList<>();
    readAll(
        Topics.RAW_TEST.name(),
        r -> {
          String bucket = RawFormats.header(r.headers(), RawFormats.HEADER_BUCKET);
          String key = RawFormats.header(r.headers(), RawFormats.HEADER_KEY);
          String eTag = RawFormats.header(r.headers(), RawFormats.HEADER_ETAG);
          if (bucket != null && key != null && eTag != null) {
            seeds.add(record(bucket, key, eTag));
          }
        });
    if (!seeds.isEmpty()) {
      LOG.info(
          "{} was empty: {} record(s) from the headers of {} fill it",
          Topics.S3_PUBLISHED,
          seeds.size(),
          Topics.RAW_TEST);
    }
    return seeds;
  }

  private static S3Published merge(S3Published mine, S3Published read) {
    if (!mine.bucket().equals(read.bucket())) {
      return read.publishedAt() >= mine.publishedAt() ? read : mine;
    }
    S3Published merged = read;
    for (String tag : mine.eTags()) {
      if (!merged.has(tag)) {
        merged = merged.with(tag, Math.max(mine.publishedAt(), read.publishedAt()));
      }
    }
    return merged;
  }

  /**
   * Reads {@code topic} from its beginning to its end as they are now; a missing topic is empty.
   */
  private void readAll(String topic, Consumer<ConsumerRecord<String, byte[]>> each) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    settings.kafkaClient().applyTo(props);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "cricket-s3-bridge-reconcile");
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
        partitions.add(new TopicPartition(topic, p.partition()));
      }
      if (partitions.isEmpty()) {
        return;
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "reading " + topic + " to its end took longer than " + READ_TIMEOUT);
        }
        consumer.poll(Duration.ofMillis(500)).forEach(each);
      }
    }
  }
}
