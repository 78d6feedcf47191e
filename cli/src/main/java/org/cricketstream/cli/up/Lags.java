package org.cricketstream.cli.up;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.cricketstream.config.KafkaClientProperties;
import org.cricketstream.config.Shared;
import org.cricketstream.processor.ProcessorSettings;
import org.cricketstream.warehouse.WarehouseSettings;

/**
 * Consumer lag, measured the way Kafka's own tools do: per partition, the log end offset minus the
 * group's committed offset (a partition the group never committed counts from 0).
 */
public final class Lags implements AutoCloseable {
  private static final long TIMEOUT_SECONDS = 15;

  private final Admin admin;
  private final String processorGroup;
  private final String sinkGroup;

  /**
   * Lags of the processor and the sink whose settings are in {@code env}: the groups are their
   * settings' (CRICKET_PROCESSOR_ID, CRICKET_WAREHOUSE_GROUP), never a name repeated here.
   */
  public Lags(Map<String, String> env) {
    this(
        Shared.KAFKA_BOOTSTRAP_SERVERS.read(env),
        KafkaClientProperties.fromEnvironment(env),
        ProcessorSettings.APPLICATION_ID.read(env),
        WarehouseSettings.GROUP.read(env));
  }

  /** Lags of the named groups on the cluster at {@code bootstrapServers}. */
  public Lags(
      String bootstrapServers,
      KafkaClientProperties client,
      String processorGroup,
      String sinkGroup) {
    this.processorGroup = processorGroup;
    this.sinkGroup = sinkGroup;
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    client.applyTo(props);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
    this.admin = Admin.create(props);
  }

  /** The raw topics' names: what the processor reads and Kafka Connect and the bridge write. */
  public static final List<String> RAW =
      org.cricketstream.topics.Topics.raw().stream().map(t -> t.name()).toList();

  /** Lag per topic of the processor's group: the raw topics and its own repartition topics. */
  public Map<String, Long> processor() {
    return lagByTopic(processorGroup, topics(RAW, processorGroup + "-"));
  }

  public String processorGroup() {
    return processorGroup;
  }

  public String sinkGroup() {
    return sinkGroup;
  }

  /** Lag per topic of the warehouse sink's group, over every topic the sink reads. */
  public Map<String, Long> sink() {
    return lagByTopic(
        sinkGroup, topics(org.cricketstream.warehouse.sink.WarehouseSink.topics(), null));
  }

  /** Topics that exist, among {@code names}, plus the internal topics whose name starts so. */
  public List<String> topics(List<String> names, String internalPrefix) {
    List<String> found = new ArrayList<>();
    for (String topic : get(admin.listTopics().names())) {
      if (names.contains(topic)
          || (internalPrefix != null
              && topic.startsWith(internalPrefix)
              && topic.endsWith("-repartition"))) {
        found.add(topic);
      }
    }
    found.sort(null);
    return found;
  }

  /** Log end offsets of every partition of {@code topics}. */
  public Map<TopicPartition, Long> endOffsets(List<String> topics) {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (TopicDescription d : get(admin.describeTopics(topics).allTopicNames()).values()) {
      for (TopicPartitionInfo p : d.partitions()) {
        request.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest());
      }
    }
    Map<TopicPartition, Long> ends = new HashMap<>();
    for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e :
        get(admin.listOffsets(request).all()).entrySet()) {
      ends.put(e.getKey(), e.getValue().offset());
    }
    return ends;
  }

  /** Lag of {@code group} per topic, over every partition of {@code topics}. */
  public Map<String, Long> lagByTopic(String group, List<String> topics) {
    Map<TopicPartition, OffsetAndMetadata> committed =
        get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
    Map<String, Long> lag = new TreeMap<>();
    endOffsets(topics)
        .forEach(
            (tp, end) -> {
              OffsetAndMetadata at = committed.get(tp);
              long behind = Math.max(0, end - (at == null ? 0 : at.offset()));
              lag.merge(tp.topic(), behind, Long::sum);
            });
    return lag;
  }

  private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
    try {
      return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted while asking Kafka", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new StackException("Kafka did not answer: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    admin.close(java.time.Duration.ofSeconds(5));
  }
}
