package org.cricketstream.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigOp.OpType;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.cricketstream.config.KafkaClientProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the declared topics on a cluster with their configuration and retention, and brings the
 * retention of existing ones to what is declared (a topic created when everything was kept forever
 * gets its window); partitions of existing topics are left as they are.
 */
public final class TopicAdmin {
  private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);

  private TopicAdmin() {}

  /** A topic's full configuration: what the catalogue declares, plus its retention window. */
  public static Map<String, String> configOf(Topic<?, ?> topic, TopicRetention retention) {
    Map<String, String> config = new HashMap<>(topic.config());
    if (Topics.all().contains(topic)) {
      config.putAll(retention.configOf(topic));
    }
    return config;
  }

  /** As {@link #configOf(Topic, TopicRetention)}, with its replication on {@code brokers}. */
  static Map<String, String> configOf(Topic<?, ?> topic, TopicRetention retention, int brokers) {
    Map<String, String> config = configOf(topic, retention);
    config.putAll(Topics.replicationOf(topic, brokers).topicConfig());
    return config;
  }

  /**
   * The replication of the cluster behind {@code bootstrapServers}, by its number of brokers: what
   * the processor and Kafka Connect give their internal topics.
   */
  public static Replication replication(String bootstrapServers, KafkaClientProperties client) {
    return ask(
        bootstrapServers,
        client,
        "describe the cluster",
        admin -> Replication.forBrokers(brokers(admin)));
  }

  private static int brokers(Admin admin)
      throws InterruptedException, ExecutionException, TimeoutException {
    return admin.describeCluster().nodes().get(60, TimeUnit.SECONDS).size();
  }

  /**
   * Warns about existing topics with fewer copies than the cluster's size calls for (a cluster that
   * grew under them): adding replicas moves data, an operator's decision ({@code
   * kafka-reassign-partitions}), so it is said, not done.
   */
  private static void warnUnderReplicated(Admin admin, List<Topic<?, ?>> topics, int brokers)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (topics.isEmpty()) {
      return;
    }
    for (org.apache.kafka.clients.admin.TopicDescription d :
        admin
            .describeTopics(topics.stream().map(Topic::name).toList())
            .allTopicNames()
            .get(60, TimeUnit.SECONDS)
            .values()) {
      int copies = d.partitions().get(0).replicas().size();
      short wanted = Replication.forBrokers(brokers).factor();
      if (copies < wanted) {
        LOG.warn(
            "topic {} has {} copies of each partition where {} brokers call for {}: reassign its"
                + " partitions (kafka-reassign-partitions) to replicate it fully",
            d.name(),
            copies,
            brokers,
            wanted);
      }
    }
  }

  /**
   * Waits until every partition of the new topics answers at its leader. Right after creation a
   * broker may not host a partition yet: a producer's first batches then fail with
   * NOT_LEADER_OR_FOLLOWER, and an idempotent producer's retries can end in an
   * OUT_OF_ORDER_SEQUENCE_NUMBER loop until its delivery timeout (seen on a fresh broker).
   */
  private static void awaitWritable(Admin admin, List<NewTopic> created)
      throws InterruptedException, TimeoutException {
    List<String> names = created.stream().map(NewTopic::name).toList();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec>
            request = new java.util.HashMap<>();
        for (org.apache.kafka.clients.admin.TopicDescription d :
            admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS).values()) {
          for (org.apache.kafka.common.TopicPartitionInfo p : d.partitions()) {
            if (p.leader() == null) {
              throw new IllegalStateException(d.name() + "-" + p.partition() + " has no leader");
            }
            request.put(
                new org.apache.kafka.common.TopicPartition(d.name(), p.partition()),
                org.apache.kafka.clients.admin.OffsetSpec.latest());
          }
        }
        admin.listOffsets(request).all().get(10, TimeUnit.SECONDS);
        return;
      } catch (ExecutionException | IllegalStateException e) {
        last = e;
        Thread.sleep(100);
      }
    }
    throw new TimeoutException("new topics not writable after 60 s: " + last);
  }

  /**
   * The retention window each of {@code topics} has on the broker (null: kept forever), as the
   * broker reports it: what a component checks itself against.
   */
  public static Map<String, Duration> retention(
      String bootstrapServers,
      KafkaClientProperties client,
      Collection<? extends Topic<?, ?>> topics) {
    return ask(
        bootstrapServers,
        client,
        "read topic retention",
        admin -> {
          List<ConfigResource> resources = new ArrayList<>();
          for (Topic<?, ?> topic : topics) {
            resources.add(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()));
          }
          Map<String, Duration> windows = new TreeMap<>();
          admin
              .describeConfigs(resources)
              .all()
              .get(60, TimeUnit.SECONDS)
              .forEach(
                  (resource, config) -> {
                    long ms = Long.parseLong(config.get(TopicConfig.RETENTION_MS_CONFIG).value());
                    windows.put(resource.name(), ms < 0 ? null : Duration.ofMillis(ms));
                  });
          return windows;
        });
  }

  /** What a call asks of Kafka's admin client, waiting on its futures. */
  @FunctionalInterface
  interface AdminCall<T> {
    T on(Admin admin) throws ExecutionException, TimeoutException, InterruptedException;
  }

  /**
   * The answer to {@code call} on an admin client of {@code bootstrapServers}, closed after it; an
   * error that says it could not {@code what} on that cluster, and why, if Kafka gave none.
   */
  static <T> T ask(
      String bootstrapServers, KafkaClientProperties client, String what, AdminCall<T> call) {
    return ask(bootstrapServers, client, Duration.ofSeconds(60), what, call);
  }

  /**
   * As {@link #ask(String, KafkaClientProperties, String, AdminCall)}, each call given {@code
   * apiTimeout}.
   */
  static <T> T ask(
      String bootstrapServers,
      KafkaClientProperties client,
      Duration apiTimeout,
      String what,
      AdminCall<T> call) {
    try (Admin admin = admin(bootstrapServers, client, apiTimeout)) {
      return call.on(admin);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "cannot " + what + " on " + bootstrapServers + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while trying to " + what, e);
    }
  }

  /**
   * An admin client of {@code bootstrapServers} with {@code client}'s properties, each call given
   * {@code apiTimeout} (at least the 30 s of a request).
   */
  static Admin admin(String bootstrapServers, KafkaClientProperties client, Duration apiTimeout) {
    Map<String, Object> config = new HashMap<>();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    client.applyTo(config);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) apiTimeout.toMillis());
    return Admin.create(config);
  }

  /** Sets, on existing topics, every declared configuration value they do not have. */
  private static void align(
      Admin admin, List<Topic<?, ?>> topics, TopicRetention retention, int brokers)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<String, Map<String, String>> wanted = new HashMap<>();
    for (Topic<?, ?> topic : topics) {
      wanted.put(topic.name(), configOf(topic, retention, brokers));
    }
    setWhereDifferent(admin, wanted);
  }

  /** Sets, on existing topics (by name), each wanted configuration value they do not have. */
  private static void setWhereDifferent(Admin admin, Map<String, Map<String, String>> wanted)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (wanted.isEmpty()) {
      return;
    }
    Map<ConfigResource, Map<String, String>> resources = new HashMap<>();
    wanted.forEach(
        (topic, config) ->
            resources.put(new ConfigResource(ConfigResource.Type.TOPIC, topic), config));
    Map<ConfigResource, Config> current =
        admin.describeConfigs(resources.keySet()).all().get(60, TimeUnit.SECONDS);
    Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
    resources.forEach(
        (resource, config) -> {
          List<AlterConfigOp> ops = new ArrayList<>();
          config.forEach(
              (key, value) -> {
                ConfigEntry entry = current.get(resource).get(key);
                String now = entry == null ? null : entry.value();
                if (!value.equals(now)) {
                  LOG.info("topic {}: {} {} -> {}", resource.name(), key, now, value);
                  ops.add(new AlterConfigOp(new ConfigEntry(key, value), OpType.SET));
                }
              });
          if (!ops.isEmpty()) {
            changes.put(resource, ops);
          }
        });
    if (!changes.isEmpty()) {
      admin.incrementalAlterConfigs(changes).all().get(60, TimeUnit.SECONDS);
    }
  }

  /**
   * Sets one configuration value on a topic the cluster has (an internal topic a Kafka Streams
   * application made with other settings before); a missing topic is left to whoever creates it.
   */
  public static void setIfPresent(
      String bootstrapServers,
      KafkaClientProperties client,
      String topic,
      String key,
      String value) {
    ask(
        bootstrapServers,
        client,
        "set " + key + " of " + topic,
        admin -> {
          if (admin.listTopics().names().get(60, TimeUnit.SECONDS).contains(topic)) {
            setWhereDifferent(admin, Map.of(topic, Map.of(key, value)));
          }
          return null;
        });
  }

  /**
   * As {@link #ensure(String, KafkaClientProperties, Collection, TopicRetention)} with no client
   * properties (a PLAINTEXT listener such as the local broker's) and the environment's retention.
   */
  public static Replication ensure(
      String bootstrapServers, Collection<? extends Topic<?, ?>> topics) {
    return ensure(bootstrapServers, topics, TopicRetention.fromEnvironment());
  }

  /**
   * As {@link #ensure(String, KafkaClientProperties, Collection, TopicRetention)} with no client
   * properties (a PLAINTEXT listener such as the local broker's).
   */
  public static Replication ensure(
      String bootstrapServers, Collection<? extends Topic<?, ?>> topics, TopicRetention retention) {
    return ensure(bootstrapServers, KafkaClientProperties.NONE, topics, retention);
  }

  /**
   * Creates every topic in {@code topics} that the cluster does not have yet, and sets the declared
   * configuration on those it has where it differs; {@code client} is how to reach the cluster
   * (CRICKET_KAFKA_PROPERTIES). New topics are replicated by the cluster's size ({@link
   * Replication}); returns that replication, for the caller's internal topics.
   */
  public static Replication ensure(
      String bootstrapServers,
      KafkaClientProperties client,
      Collection<? extends Topic<?, ?>> topics,
      TopicRetention retention) {
    return ask(
        bootstrapServers,
        client,
        "create topics",
        admin -> {
          int brokers = brokers(admin);
          Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
          List<NewTopic> missing = new ArrayList<>();
          List<Topic<?, ?>> present = new ArrayList<>();
          for (Topic<?, ?> topic : topics) {
            if (!existing.contains(topic.name())) {
              missing.add(
                  new NewTopic(
                          topic.name(),
                          Optional.of(topic.partitions()),
                          Optional.of(Topics.replicationOf(topic, brokers).factor()))
                      .configs(configOf(topic, retention, brokers)));
            } else {
              present.add(topic);
            }
          }
          align(admin, present, retention, brokers);
          warnUnderReplicated(admin, present, brokers);
          Replication replication = Replication.forBrokers(brokers);
          if (missing.isEmpty()) {
            return replication;
          }
          try {
            admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
          } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
              throw e;
            }
          }
          awaitWritable(admin, missing);
          return replication;
        });
  }
}
