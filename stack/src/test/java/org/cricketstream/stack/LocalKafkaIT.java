package org.cricketstream.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.cricketstream.stack.KafkaTestClients.consumer;
import static org.cricketstream.stack.KafkaTestClients.producer;
import static org.cricketstream.stack.KafkaTestClients.readAll;
import static org.cricketstream.stack.KafkaTestClients.readToEnd;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LocalKafkaIT {
  private static final Logger LOG = LoggerFactory.getLogger(LocalKafkaIT.class);
  private static final String TOPIC = "it-deliveries";
  private static final String GROUP = "it-reader";
  private static final String TX_ID = "it-tx";

  @TempDir Path dir;

  @Test
  void transactionsAreExactAndSurviveARestart() throws Exception {
    List<String> committed = new ArrayList<>();
    List<TopicPartition> partitions;

    long startNanos = System.nanoTime();
    try (LocalKafka kafka = LocalKafka.start(dir)) {
      LOG.info("start on a new data dir: {} ms", millisSince(startNanos));
      assertBoundToLoopbackOnly(kafka);
      String bootstrap = kafka.bootstrapServers();
      kafka.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1)));

      try (KafkaProducer<String, String> idempotent = producer(bootstrap, Map.of())) {
        for (int i = 0; i < 3; i++) {
          idempotent.send(new ProducerRecord<>(TOPIC, "k" + i, "idempotent-" + i)).get();
          committed.add("idempotent-" + i);
        }
      }
      try (KafkaProducer<String, String> tx =
          producer(bootstrap, Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TX_ID))) {
        tx.initTransactions();
        tx.beginTransaction();
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (String value : List.of("committed-a", "committed-b", "committed-c")) {
          sends.add(tx.send(new ProducerRecord<>(TOPIC, value, value)));
          committed.add(value);
        }
        tx.commitTransaction();
        awaitAll(sends);
        tx.beginTransaction();
        for (String value : List.of("aborted-a", "aborted-b")) {
          sends.add(tx.send(new ProducerRecord<>(TOPIC, value, value)));
        }
        tx.flush();
        awaitAll(sends); // the aborted records are in the log, not just in the producer's buffer
        tx.abortTransaction();
      }

      // the aborted records were written: an uncommitted reader sees them
      assertThat(readAll(bootstrap, TOPIC, "read_uncommitted"))
          .containsAll(List.of("aborted-a", "aborted-b"))
          .hasSize(committed.size() + 2);

      // a read_committed group member gets exactly the committed records, and commits its offsets
      try (KafkaConsumer<String, String> reader =
          consumer(
              bootstrap,
              Map.of(
                  ConsumerConfig.GROUP_ID_CONFIG,
                  GROUP,
                  ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                  "read_committed"))) {
        partitions = topicPartitions(reader.partitionsFor(TOPIC).size());
        reader.subscribe(List.of(TOPIC));
        List<String> read = readToEnd(reader, partitions);
        reader.commitSync();
        assertThat(read).containsExactlyInAnyOrderElementsOf(committed);
      }
    }

    startNanos = System.nanoTime();
    try (LocalKafka kafka = LocalKafka.start(dir)) {
      LOG.info("restart on the same data dir: {} ms", millisSince(startNanos));
      String bootstrap = kafka.bootstrapServers();
      assertThat(readAll(bootstrap, TOPIC, "read_committed"))
          .containsExactlyInAnyOrderElementsOf(committed);

      try (Admin admin = kafka.admin()) {
        assertThat(admin.listTopics().names().get()).contains(TOPIC);
        Map<TopicPartition, OffsetAndMetadata> offsets =
            admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
        assertThat(offsets).containsOnlyKeys(partitions);
        long total = offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
        // each partition's committed offset is past its records and transaction markers
        assertThat(total).isGreaterThanOrEqualTo(committed.size());
      }

      // the transactional id is still known: a new producer with it fences and continues
      try (KafkaProducer<String, String> tx =
          producer(bootstrap, Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TX_ID))) {
        tx.initTransactions();
        tx.beginTransaction();
        Future<RecordMetadata> send =
            tx.send(new ProducerRecord<>(TOPIC, "after-restart", "after-restart"));
        tx.commitTransaction();
        send.get();
      }
      committed.add("after-restart");
      assertThat(readAll(bootstrap, TOPIC, "read_committed"))
          .containsExactlyInAnyOrderElementsOf(committed);
    }
  }

  @Test
  void theScramListenerServesItsUserOnlyWithANewPasswordOnEveryStart() throws Exception {
    Path file = dir.resolve("client/kafka.properties");
    String oldPassword;
    try (LocalKafka kafka = LocalKafka.startWithScram(dir.resolve("kafka"), 0, 0)) {
      String scram = kafka.scramBootstrapServers();
      int scramPort = Integer.parseInt(scram.substring(scram.lastIndexOf(':') + 1));
      if (Files.exists(Path.of("/proc/net/tcp"))) {
        assertThat(KafkaTestClients.listeningAddresses(scramPort))
            .isNotEmpty()
            .allMatch(KafkaTestClients::isLoopbackHex);
      }
      assertThat(kafka.writeScramClientProperties(file)).isEqualTo(file);
      assertThat(Files.getPosixFilePermissions(file))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      Map<String, Object> client = load(file);
      assertThat(client)
          .containsEntry("security.protocol", "SASL_PLAINTEXT")
          .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
      oldPassword = password(client);
      assertThat(Files.readString(kafka.dataDir().resolve("server.properties")))
          .doesNotContain(oldPassword);
      assertThat(kafka.toString()).doesNotContain(oldPassword);

      kafka.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1)));
      try (KafkaProducer<String, String> producer = producer(scram, client)) {
        producer.send(new ProducerRecord<>(TOPIC, "k", "over SCRAM")).get(30, TimeUnit.SECONDS);
      }
      try (Admin admin = admin(scram, client)) {
        // the SCRAM listener advertises itself: clients stay on it
        assertThat(admin.describeCluster().nodes().get())
            .extracting(Node::port)
            .containsExactly(scramPort);
      }
      assertThat(readAll(scram, TOPIC, "read_committed", client)).containsExactly("over SCRAM");

      Map<String, Object> wrong =
          new HashMap<>(LocalKafka.scramClientProperties(LocalKafka.SCRAM_USER, "not-it"));
      assertRefused(scram, wrong);
    }
    try (LocalKafka kafka = LocalKafka.startWithScram(dir.resolve("kafka"), 0, 0)) {
      assertRefused(kafka.scramBootstrapServers(), load(file));
      Map<String, Object> client = load(kafka.writeScramClientProperties(file));
      assertThat(password(client)).isNotEqualTo(oldPassword);
      try (Admin admin = admin(kafka.scramBootstrapServers(), client)) {
        assertThat(admin.listTopics().names().get()).contains(TOPIC);
      }
    }
  }

  private static void assertRefused(String bootstrap, Map<String, Object> client) {
    try (Admin admin = admin(bootstrap, client)) {
      assertThatThrownBy(() -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(SaslAuthenticationException.class)
          .hasMessageContaining("invalid credentials with SASL mechanism SCRAM-SHA-512");
    }
  }

  private static Admin admin(String bootstrap, Map<String, Object> client) {
    Map<String, Object> config = new HashMap<>(client);
    config.put("bootstrap.servers", bootstrap);
    return Admin.create(config);
  }

  private static Map<String, Object> load(Path file) throws IOException {
    Properties props = new Properties();
    try (var in = Files.newBufferedReader(file)) {
      props.load(in);
    }
    Map<String, Object> map = new HashMap<>();
    props.stringPropertyNames().forEach(k -> map.put(k, props.getProperty(k)));
    return map;
  }

  private static String password(Map<String, Object> client) {
    String jaas = (String) client.get("sasl.jaas.config");
    Matcher m = Pattern.compile("password=\"([^\"]+)\"").matcher(jaas);
    assertThat(m.find()).as("a password in %s", "sasl.jaas.config").isTrue();
    assertThat(m.group(1)).hasSizeGreaterThanOrEqualTo(32);
    return m.group(1);
  }

  @Test
  void topicsAreNotCreatedAutomatically() throws Exception {
    try (LocalKafka kafka = LocalKafka.start(dir);
        KafkaProducer<String, String> producer =
            producer(kafka.bootstrapServers(), Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000));
        Admin admin = kafka.admin()) {
      assertThatThrownBy(() -> producer.send(new ProducerRecord<>("undeclared", "v")).get())
          .hasMessageContaining("undeclared");
      assertThat(admin.listTopics().names().get()).doesNotContain("undeclared");
    }
  }

  /**
   * The broker's log cleaner runs with the small offset map {@link LocalKafka#config} gives it
   * (Kafka's default is 128 MiB): a compacted topic, as Kafka's own internal topics and Connect's
   * are, keeps only each key's last record once cleaned.
   */
  @Test
  void compactedTopicsAreCleanedWithTheSmallerOffsetMap() throws Exception {
    String topic = "it-compacted";
    int keys = 20_000;
    try (LocalKafka kafka = LocalKafka.start(dir);
        Admin admin = kafka.admin();
        KafkaProducer<String, String> producer = producer(kafka.bootstrapServers(), Map.of())) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(topic, 1, (short) 1)
                      .configs(
                          Map.of(
                              "cleanup.policy", "compact",
                              "segment.ms", "100",
                              "min.cleanable.dirty.ratio", "0.01",
                              "min.compaction.lag.ms", "0"))))
          .all()
          .get();
      for (int round = 1; round <= 3; round++) {
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
          sends.add(producer.send(new ProducerRecord<>(topic, "key-" + k, "round-" + round)));
        }
        awaitAll(sends);
        Thread.sleep(200); // the next round in a segment of its own
      }
      // one more record rolls the last round's segment, so it can be cleaned too
      producer.send(new ProducerRecord<>(topic, "key-0", "round-4")).get();
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofSeconds(2))
          .untilAsserted(
              () -> {
                List<String> values = readAll(kafka.bootstrapServers(), topic, "read_uncommitted");
                assertThat(values).hasSizeLessThanOrEqualTo(keys + 1);
                assertThat(values).doesNotContain("round-1", "round-2");
              });
    }
  }

  @Test
  void serverMainRunsAsItsOwnProcessAndStopsOnSigterm() throws Exception {
    int port = LocalKafka.freePort();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    // to a file, not a pipe: Process.destroy() closes the pipes, the last lines would be lost
    Path log = dir.resolve("kafka-process.log");
    ProcessBuilder builder =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                KafkaServerMain.class.getName(),
                "--data",
                dir.resolve("kafka").toString(),
                "--port",
                Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    long startNanos = System.nanoTime();
    Process process = builder.start();
    try {
      awaitLine(process, log, KafkaServerMain.READY + "127.0.0.1:" + port, Duration.ofSeconds(60));
      LOG.info("separate process ready after {} ms", millisSince(startNanos));

      String bootstrap = "127.0.0.1:" + port;
      try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
        admin.createTopics(List.of(new NewTopic("process-topic", 1, (short) 1))).all().get();
      }
      try (KafkaProducer<String, String> producer = producer(bootstrap, Map.of())) {
        producer.send(new ProducerRecord<>("process-topic", "k", "hello")).get();
      }
      assertThat(readAll(bootstrap, "process-topic", "read_committed")).containsExactly("hello");
      LOG.info("separate process RSS after produce/consume: {} MB", rssMegabytes(process.pid()));
    } finally {
      long stopNanos = System.nanoTime();
      process.destroy(); // SIGTERM
      boolean exited = process.waitFor(20, TimeUnit.SECONDS);
      if (!exited) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
      LOG.info("separate process exited {} ms after SIGTERM", millisSince(stopNanos));
      assertThat(exited).as("exited after SIGTERM, output:%n%s", Files.readString(log)).isTrue();
    }
    assertThat(Files.readAllLines(log))
        .as("clean shutdown, output:%n%s", Files.readString(log))
        .contains(KafkaServerMain.STOPPED);
    assertThat(process.exitValue()).isEqualTo(143); // 128 + SIGTERM, after the shutdown hook
  }

  private static void assertBoundToLoopbackOnly(LocalKafka kafka) throws Exception {
    try (Admin admin = kafka.admin()) {
      Collection<Node> nodes = admin.describeCluster().nodes().get();
      assertThat(nodes).extracting(Node::host).containsExactly("127.0.0.1");
      assertThat(nodes).extracting(Node::port).containsExactly(kafka.port());
    }
    for (int port : List.of(kafka.port(), kafka.controllerPort())) {
      if (Files.exists(Path.of("/proc/net/tcp"))) {
        assertThat(KafkaTestClients.listeningAddresses(port))
            .as("listening sockets on port %d", port)
            .isNotEmpty()
            .allMatch(KafkaTestClients::isLoopbackHex);
      }
      for (InetAddress address : KafkaTestClients.nonLoopbackAddresses()) {
        try (Socket socket = new Socket()) {
          assertThatThrownBy(() -> socket.connect(new InetSocketAddress(address, port), 1_000))
              .as("connect to %s:%d", address.getHostAddress(), port)
              .isInstanceOf(IOException.class);
        }
      }
    }
  }

  private static void awaitAll(List<Future<RecordMetadata>> sends) throws Exception {
    for (Future<RecordMetadata> send : sends) {
      send.get(30, TimeUnit.SECONDS);
    }
  }

  private static List<TopicPartition> topicPartitions(int count) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      partitions.add(new TopicPartition(TOPIC, i));
    }
    return partitions;
  }

  private static void awaitLine(Process process, Path log, String expected, Duration timeout)
      throws IOException {
    try {
      await()
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(50))
          .failFast("the process exited", () -> !process.isAlive())
          .until(() -> Files.readAllLines(log).contains(expected));
    } catch (ConditionTimeoutException | TerminalFailureException e) {
      throw new AssertionError(
          "no line '"
              + expected
              + "' (alive: "
              + process.isAlive()
              + "); output:\n"
              + Files.readString(log),
          e);
    }
  }

  private static String rssMegabytes(long pid) throws IOException {
    Path status = Path.of("/proc", Long.toString(pid), "status");
    if (!Files.exists(status)) {
      return "unknown";
    }
    return Files.readAllLines(status).stream()
        .filter(line -> line.startsWith("VmRSS:"))
        .map(line -> Long.toString(Long.parseLong(line.replaceAll("\\D", "")) / 1024))
        .collect(Collectors.joining());
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}
