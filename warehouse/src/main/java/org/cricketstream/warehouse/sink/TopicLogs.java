package org.cricketstream.warehouse.sink;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.cricketstream.config.KafkaClientProperties;
import org.cricketstream.topics.Topic;
import org.cricketstream.topics.TopicAdmin;
import org.cricketstream.topics.Topics;

/**
 * What Kafka holds of the topics the sink reads: each partition's topic id, log start and end
 * offsets, and how far a reader at given offsets is behind in time, against the topic's retention.
 */
public final class TopicLogs implements AutoCloseable {
  /** A reader whose oldest unread record is older than this part of the window is warned. */
  public static final double WARN_FRACTION = 0.5;

  private static final long TIMEOUT_SECONDS = 30;

  private final String bootstrapServers;
  private final KafkaClientProperties client;
  private final Admin admin;

  /**
   * How far a reader is behind in one partition.
   *
   * @param oldestUnreadAgeMillis age of the first record not read yet (0: nothing to read)
   * @param retentionMillis the topic's window on the broker (-1: kept forever)
   * @param state {@code ok}, {@code warning} (the oldest unread record has used more than {@link
   *     #WARN_FRACTION} of the window) or {@code expired} (the reader's next offset is below the
   *     log start offset: records were deleted unread)
   */
  public record Behind(
      TopicPartition partition,
      long next,
      long logStart,
      long logEnd,
      long oldestUnreadAgeMillis,
      long retentionMillis,
      String state) {

    public long records() {
      return Math.max(0, logEnd - next);
    }

    /** How long until the oldest unread record expires (-1: never). */
    public long expiresInMillis() {
      return retentionMillis < 0 ? -1 : Math.max(0, retentionMillis - oldestUnreadAgeMillis);
    }
  }

  /** Logs of the cluster at {@code bootstrapServers}, reached with {@code client}'s properties. */
  public TopicLogs(String bootstrapServers, KafkaClientProperties client) {
    this.bootstrapServers = bootstrapServers;
    this.client = client;
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    client.applyTo(props);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    this.admin = Admin.create(props);
  }

  /** Every partition of {@code topics} as Kafka has it now: topic id, log start and end. */
  public Map<TopicPartition, Resume.Live> live(Collection<String> topics) {
    Map<TopicPartition, String> ids = new HashMap<>();
    for (TopicDescription d : get(admin.describeTopics(topics).allTopicNames(), topics).values()) {
      for (TopicPartitionInfo p : d.partitions()) {
        ids.put(new TopicPartition(d.name(), p.partition()), d.topicId().toString());
      }
    }
    Map<TopicPartition, Long> starts = offsets(ids.keySet(), OffsetSpec.earliest());
    Map<TopicPartition, Long> ends = offsets(ids.keySet(), OffsetSpec.latest());
    Map<TopicPartition, Resume.Live> live = new HashMap<>();
    ids.forEach((tp, id) -> live.put(tp, new Resume.Live(id, starts.get(tp), ends.get(tp))));
    return live;
  }

  /** The topic id of each of {@code topics}. */
  public Map<String, String> ids(Collection<String> topics) {
    Map<String, String> ids = new HashMap<>();
    get(admin.describeTopics(topics).allTopicNames(), topics)
        .forEach((name, d) -> ids.put(name, d.topicId().toString()));
    return ids;
  }

  /** How far a reader at {@code next} (per partition) is behind, in records and in time. */
  public List<Behind> behind(Map<TopicPartition, Long> next) {
    List<String> names = next.keySet().stream().map(TopicPartition::topic).distinct().toList();
    List<Topic<?, ?>> declared = new ArrayList<>();
    for (Topic<?, ?> topic : Topics.all()) {
      if (names.contains(topic.name())) {
        declared.add(topic);
      }
    }
    Map<String, Duration> windows = TopicAdmin.retention(bootstrapServers, client, declared);
    Map<TopicPartition, Long> starts = offsets(next.keySet(), OffsetSpec.earliest());
    Map<TopicPartition, Long> ends = offsets(next.keySet(), OffsetSpec.latest());
    Map<TopicPartition, Long> firstUnread = new HashMap<>();
    next.forEach(
        (tp, at) -> {
          if (at < ends.get(tp)) {
            firstUnread.put(tp, Math.max(at, starts.get(tp)));
          }
        });
    Map<TopicPartition, Long> stamps = timestamps(firstUnread);
    long now = System.currentTimeMillis();
    List<Behind> behind = new ArrayList<>();
    next.forEach(
        (tp, at) -> {
          Duration window = windows.get(tp.topic());
          long retention = window == null ? -1 : window.toMillis();
          Long stamp = stamps.get(tp);
          long age = stamp == null ? 0 : Math.max(0, now - stamp);
          String state =
              at < starts.get(tp)
                  ? "expired"
                  : retention >= 0 && age > retention * WARN_FRACTION ? "warning" : "ok";
          behind.add(new Behind(tp, at, starts.get(tp), ends.get(tp), age, retention, state));
        });
    behind.sort((a, b) -> a.partition().toString().compareTo(b.partition().toString()));
    return behind;
  }

  /** The timestamp of the first record at or after each given offset (read, up to 10 s). */
  private Map<TopicPartition, Long> timestamps(Map<TopicPartition, Long> at) {
    Map<TopicPartition, Long> stamps = new HashMap<>();
    if (at.isEmpty()) {
      return stamps;
    }
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    client.applyTo(props);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 * 1024);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(at.keySet());
      at.forEach(consumer::seek);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (stamps.size() < at.size() && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          stamps.putIfAbsent(
              new TopicPartition(record.topic(), record.partition()), record.timestamp());
        }
        consumer.pause(stamps.keySet());
      }
    }
    return stamps;
  }

  private Map<TopicPartition, Long> offsets(
      Collection<TopicPartition> partitions, OffsetSpec spec) {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (TopicPartition tp : partitions) {
      request.put(tp, spec);
    }
    List<String> topics = partitions.stream().map(TopicPartition::topic).distinct().toList();
    Map<TopicPartition, Long> offsets = new HashMap<>();
    for (Map.Entry<TopicPartition, ListOffsetsResultInfo> e :
        get(admin.listOffsets(request).all(), topics).entrySet()) {
      offsets.put(e.getKey(), e.getValue().offset());
    }
    return offsets;
  }

  /** Which of {@code topics} Kafka no longer lists (none, if it cannot tell). */
  private List<String> gone(Collection<String> topics) {
    try {
      java.util.Set<String> listed = admin.listTopics().names().get(5, TimeUnit.SECONDS);
      return topics.stream().distinct().sorted().filter(t -> !listed.contains(t)).toList();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    } catch (ExecutionException | TimeoutException e) {
      return List.of();
    }
  }

  /**
   * The answer of an Admin call about {@code topics}; a topic gone from Kafka (deleted under the
   * sink) is said by name, so the sink stops naming it; started again, it finds the topic created
   * again and reads it from its start. A call about a topic being deleted can also end without an
   * answer in time (seen in CI), so any failure asks which of the topics Kafka still lists (a Kafka
   * that does not answer that either is named as such, 5 s later).
   */
  private <T> T get(KafkaFuture<T> future, Collection<String> topics) {
    try {
      return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking Kafka", e);
    } catch (ExecutionException | TimeoutException e) {
      throw failed(e, topics);
    }
  }

  /** The error of a failed Admin call about {@code topics}, naming those Kafka no longer has. */
  private IllegalStateException failed(Exception failure, Collection<String> topics) {
    Throwable cause = failure instanceof ExecutionException ? failure.getCause() : failure;
    String why =
        cause instanceof TimeoutException
            ? "no answer in " + TIMEOUT_SECONDS + " s"
            : String.valueOf(cause.getMessage());
    List<String> gone = gone(topics);
    if (gone.isEmpty() && cause instanceof UnknownTopicOrPartitionException) {
      gone = topics.stream().distinct().sorted().toList(); // the broker knows it no more
    }
    if (!gone.isEmpty()) {
      return new IllegalStateException(
          "topic "
              + String.join(", ", gone)
              + " is gone from Kafka on "
              + bootstrapServers
              + " (deleted while the sink read it?): "
              + why,
          failure);
    }
    return new IllegalStateException(
        "Kafka on " + bootstrapServers + " did not answer: " + why, failure);
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
