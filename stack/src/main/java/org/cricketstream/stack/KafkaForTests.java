package org.cricketstream.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * One real Kafka broker per test JVM, for integration tests of any module; plain Java, no test
 * framework needed.
 *
 * <p>The broker starts on first use (a few seconds, once per JVM) in a fresh temporary directory on
 * a free 127.0.0.1 port, and is closed, and its directory deleted, when the JVM exits. Tests share
 * it, so each should use its own topics (see {@link #uniqueName}) and consumer groups.
 *
 * <pre>{@code
 * String topic = KafkaForTests.uniqueName("deliveries");
 * KafkaForTests.createTopics(new NewTopic(topic, 3, (short) 1));
 * Map<String, Object> config = new HashMap<>(KafkaForTests.clientConfig());
 * config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
 * try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) { ... }
 * }</pre>
 */
public final class KafkaForTests {
  private static LocalKafka broker;
  private static String startFailure; // why the first start failed: later calls fail fast

  private KafkaForTests() {}

  /** The shared broker, started on first call. */
  public static synchronized LocalKafka broker() {
    if (startFailure != null) {
      throw new IllegalStateException("the shared test broker failed to start: " + startFailure);
    }
    if (broker == null) {
      Path dir;
      try {
        dir = Files.createTempDirectory("kafka-for-tests-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      try {
        broker = LocalKafka.start(dir);
      } catch (RuntimeException e) {
        startFailure = e.toString();
        deleteRecursively(dir);
        throw e;
      }
      LocalKafka started = broker;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    started.close();
                    deleteRecursively(dir);
                  },
                  "kafka-for-tests-shutdown"));
    }
    return broker;
  }

  /** {@code bootstrap.servers} of the shared broker, starting it if needed. */
  public static String bootstrapServers() {
    return broker().bootstrapServers();
  }

  /** {@code bootstrap.servers} as a client configuration map (immutable). */
  public static Map<String, Object> clientConfig() {
    return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
  }

  /**
   * Creates the topics that do not exist yet and waits until they have leaders; an existing topic
   * is left as it is.
   */
  public static void createTopics(Collection<NewTopic> topics) {
    broker().createTopics(topics);
  }

  /** As {@link #createTopics(Collection)}. */
  public static void createTopics(NewTopic... topics) {
    createTopics(List.of(topics));
  }

  /** Creates topics with one partition each (replication factor 1), if they do not exist yet. */
  public static void createTopics(String... names) {
    List<NewTopic> topics = new ArrayList<>();
    for (String name : names) {
      topics.add(new NewTopic(name, 1, (short) 1));
    }
    createTopics(topics);
  }

  /** {@code prefix} plus a random suffix: a topic or group name no other test uses. */
  public static String uniqueName(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
