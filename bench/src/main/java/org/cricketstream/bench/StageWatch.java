package org.cricketstream.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.cricketstream.config.KafkaClientProperties;
import org.cricketstream.config.Shared;
import org.cricketstream.topics.Topics;

/**
 * Where the commit-to-warehouse time goes: a read-committed consumer beside the pipeline that notes
 * when each measured ODI ball becomes readable in each Kafka topic on its way, so the benchmark can
 * say how much of the latency each hop takes. Within a match, balls keep their order in every topic
 * (one partition per match), so the k-th record of a match in a topic is its k-th ball.
 */
final class StageWatch implements AutoCloseable {
  /** The topics a ball passes through before the sink, in order. */
  enum Stage {
    /** Debezium's change event, in the raw topic. */
    RAW("the raw topic"),
    /** The clean delivery, committed by the processor. */
    CLEAN("the clean deliveries topic");

    /** Where the ball is readable, as the benchmark prints it. */
    final String where;

    Stage(String where) {
      this.where = where;
    }
  }

  private static final Pattern MATCH_ID = Pattern.compile("\"match_id\"\\s*:\\s*\"([^\"]+)\"");

  private final Map<String, long[]> committedAt;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<Stage, Map<String, Integer>> seen = new EnumMap<>(Stage.class);
  private final Map<Stage, List<Double>> millis = new EnumMap<>(Stage.class);
  private final Thread thread;

  /**
   * @param committedAt each measured match's ball commit times ({@link System#nanoTime()}), filled
   *     in as they are committed
   */
  StageWatch(Map<String, String> stackEnvironment, Map<String, long[]> committedAt) {
    this.committedAt = committedAt;
    Properties props = new Properties();
    props.put(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        Shared.KAFKA_BOOTSTRAP_SERVERS.read(stackEnvironment));
    KafkaClientProperties.fromEnvironment(stackEnvironment).applyTo(props);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
    consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(Topics.RAW_ODI_DELIVERIES.name(), Topics.DELIVERIES.name())) {
      consumer
          .partitionsFor(topic, Duration.ofSeconds(10))
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    for (Stage stage : Stage.values()) {
      seen.put(stage, new HashMap<>());
      millis.put(stage, Collections.synchronizedList(new ArrayList<>()));
    }
    thread = new Thread(this::run, "e2e-stage-watch");
    thread.start();
  }

  private void run() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          long now = System.nanoTime();
          Stage stage = stageOf(record);
          String matchId = stage == null ? null : matchOf(stage, record);
          long[] times = matchId == null ? null : committedAt.get(matchId);
          if (times == null) {
            continue;
          }
          int k = seen.get(stage).merge(matchId, 1, Integer::sum) - 1;
          if (k < times.length && times[k] > 0) {
            millis.get(stage).add((now - times[k]) / 1e6);
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close();
    }
  }

  private static Stage stageOf(ConsumerRecord<byte[], byte[]> record) {
    return record.topic().equals(Topics.DELIVERIES.name()) ? Stage.CLEAN : Stage.RAW;
  }

  private static String matchOf(Stage stage, ConsumerRecord<byte[], byte[]> record) {
    if (stage == Stage.RAW) {
      if (record.value() == null) {
        return null;
      }
      Matcher m = MATCH_ID.matcher(new String(record.value(), StandardCharsets.UTF_8));
      return m.find() ? m.group(1) : null;
    }
    if (record.key() == null) {
      return null;
    }
    String key = new String(record.key(), StandardCharsets.UTF_8);
    int slash = key.indexOf('/');
    return slash < 0 ? key : key.substring(0, slash);
  }

  /** Each stage's commit-to-readable times in milliseconds, sorted, for the balls it saw. */
  Map<Stage, double[]> latencies() {
    Map<Stage, double[]> result = new EnumMap<>(Stage.class);
    millis.forEach((stage, values) -> result.put(stage, EndToEndBench.sorted(values)));
    return result;
  }

  @Override
  public void close() {
    consumer.wakeup();
    try {
      thread.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
