package org.cricketstream.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.cricketstream.cricsheet.read.CricsheetData;
import org.cricketstream.cricsheet.read.MatchFiles;
import org.cricketstream.processor.ProcessorApp;
import org.cricketstream.processor.ProcessorSettings;
import org.cricketstream.stack.AwsClients;
import org.cricketstream.stack.AwsDefinitions;
import org.cricketstream.stack.AwsResources;
import org.cricketstream.stack.LocalKafka;
import org.cricketstream.stack.TerraformDefinitions;
import org.cricketstream.testsupport.ExpectedCleanTopics;
import org.cricketstream.testsupport.Fixtures;
import org.cricketstream.topics.MatchPartitioner;
import org.cricketstream.topics.RawFormats;
import org.cricketstream.topics.Topic;
import org.cricketstream.topics.TopicAdmin;
import org.cricketstream.topics.Topics;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole Test-match path on some AWS side (embedded or LocalStack): resources from terraform/,
 * Cricsheet YAML uploaded as the Lambda's source, the Lambda run on its schedule by the local
 * runner, notifications to SQS, a first bridge process killed between the Kafka ack and the SQS
 * delete, two bridges sharing the queue after it, the processor on a real broker. At the end the
 * raw topic has every file (some twice), the clean topics each match once, nothing dead-lettered,
 * both queues empty.
 */
final class PipelineScenario {
  static final Duration TIMEOUT = Duration.ofMinutes(3);

  /** The Lambda's cadence and schedule in tests: the same code, a faster clock. */
  static final String INTERVAL = "PT0.05S";

  static final String SCHEDULE = "rate(2 seconds)";

  /** How a test starts the Lambda runner against the side's S3. */
  interface Runner extends AutoCloseable {
    @Override
    void close();
  }

  @FunctionalInterface
  interface RunnerFactory {
    Runner start(Map<String, String> lambdaEnvironment) throws IOException;
  }

  final Path dir;
  final URI s3Endpoint;

  /** The keys the S3 server takes. */
  final AwsClients.Keys keys;

  final URI sqsEndpoint;
  final AwsDefinitions definitions = AwsDefinitions.of(TerraformDefinitions.projectFolder());
  final List<Path> files = matchFiles();

  PipelineScenario(Path dir, URI s3Endpoint, URI sqsEndpoint, AwsClients.Keys keys) {
    this.keys = keys;
    this.dir = dir;
    this.s3Endpoint = s3Endpoint;
    this.sqsEndpoint = sqsEndpoint;
  }

  /**
   * The matches: the first {@code cricket.it.matches} (default 12) of the real Test YAML sample
   * when present, else the fixture YAML.
   */
  static List<Path> matchFiles() {
    Path folder =
        CricsheetData.real()
            .map(p -> p.resolve(CricsheetData.TEST_YAML))
            .filter(Files::isDirectory)
            .orElse(Fixtures.folder().resolve("yaml"));
    try (Stream<Path> list = Files.list(folder)) {
      return list.filter(p -> p.toString().endsWith(".yaml"))
          .sorted()
          .limit(Integer.getInteger("cricket.it.matches", 12))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("try") // the runner emits for the whole block
  void run(AwsResources.Created created, RunnerFactory runners) throws Exception {
    long started = System.nanoTime();
    try (S3Client s3 = AwsClients.s3(s3Endpoint, keys);
        SqsClient sqs = AwsClients.sqs(sqsEndpoint);
        LocalKafka kafka = LocalKafka.start(dir.resolve("kafka"))) {
      TopicAdmin.ensure(kafka.bootstrapServers(), Topics.all());
      for (Path file : files) {
        s3.putObject(
            b -> b.bucket(created.bucket()).key(definitions.sourcePrefix() + file.getFileName()),
            RequestBody.fromFile(file));
      }
      ProcessorApp processor =
          ProcessorApp.start(
              ProcessorSettings.fromEnvironment(Map.of())
                  .withBootstrapServers(kafka.bootstrapServers())
                  .withApplicationId("bridge-it-processor")
                  .withStateDir(dir.resolve("processor")));
      Map<String, String> bridgeEnv = bridgeEnvironment(created, kafka);
      Path haltedKeys = dir.resolve("halted-keys.txt");
      Process killed = haltingBridge(bridgeEnv, haltedKeys);
      Bridge first = null;
      Bridge second = null;
      try (KafkaTopics topics = new KafkaTopics(kafka.bootstrapServers());
          Runner runner = runners.start(lambdaEnvironment(created))) {
        assertThat(killed.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
            .as("the first bridge halts after its first ack")
            .isTrue();
        assertThat(killed.exitValue()).isEqualTo(HaltingBridge.EXIT);
        List<String> unDeleted = Files.readAllLines(haltedKeys);
        assertThat(unDeleted).isNotEmpty();
        // two bridges share the queue from now on
        first = inProcessBridge(bridgeEnv);
        second = inProcessBridge(bridgeEnv);
        int expectedDeliveries = expected().get(Topics.DELIVERIES.name()).size();
        awaitDone(topics, sqs, created, expectedDeliveries);

        List<String> targetKeys =
            files.stream().map(f -> definitions.notificationPrefix() + f.getFileName()).toList();
        assertThat(topics.of(Topics.RAW_TEST).stream().map(KafkaTopics.Read::key).distinct())
            .containsExactlyInAnyOrderElementsOf(targetKeys);
        assertThat(topics.repeatedKeys(Topics.RAW_TEST))
            .as("the killed bridge's batch came again")
            .containsAll(unDeleted);
        for (KafkaTopics.Read raw : topics.of(Topics.RAW_TEST)) {
          Path file = files.get(targetKeys.indexOf(raw.key()));
          byte[] bytes = Files.readAllBytes(file);
          assertThat(raw.value()).as("bytes of %s", raw.key()).isEqualTo(bytes);
          // in its match's partition, where the processor decodes it without a repartition
          assertThat(raw.partition())
              .as("partition of %s", raw.key())
              .isEqualTo(
                  MatchPartitioner.partition(
                      MatchFiles.matchIdOf(file.getFileName().toString()), Topics.PARTITIONS));
          assertThat(raw.headers())
              .containsEntry(RawFormats.HEADER_BUCKET, created.bucket())
              .containsEntry(RawFormats.HEADER_KEY, raw.key())
              .containsEntry(RawFormats.HEADER_ETAG, "\"" + md5(bytes) + "\"")
              .containsKeys(RawFormats.HEADER_SEQUENCER, RawFormats.HEADER_EVENT_TIME);
        }
        Map<String, Map<String, Object>> expected = expected();
        for (Topic<String, ?> topic : Topics.clean()) {
          assertThat(topics.repeatedKeys(topic)).as("repeated keys in %s", topic).isEmpty();
          assertThat(topics.current(topic))
              .as("records of %s", topic)
              .isEqualTo(expected.get(topic.name()));
        }
        assertThat(topics.of(Topics.DEAD_LETTERS)).as("dead letters").isEmpty();
        assertThat(Redrive.waiting(sqs, created.queueUrl())).isZero();
        assertThat(Redrive.waiting(sqs, created.deadLetterQueueUrl())).isZero();
        System.out.printf(
            "pipeline: %d files, %d raw records (%d repeated keys), %d deliveries, %d s%n",
            files.size(),
            topics.of(Topics.RAW_TEST).size(),
            topics.repeatedKeys(Topics.RAW_TEST).size(),
            expectedDeliveries,
            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
      } finally {
        killed.destroyForcibly();
        if (first != null) {
          first.close();
        }
        if (second != null) {
          second.close();
        }
        processor.close();
      }
    }
  }

  /** The Lambda's environment as Terraform sets it, pointed at this side, on a test clock. */
  Map<String, String> lambdaEnvironment(AwsResources.Created created) {
    Map<String, String> env = new HashMap<>(definitions.lambdaEnvironment());
    env.put("EMITTER_BUCKET", created.bucket());
    env.put("EMITTER_SOURCE", "s3://" + created.bucket() + "/" + definitions.sourcePrefix());
    env.put("EMITTER_INTERVAL", INTERVAL);
    env.put("EMITTER_SCHEDULE", SCHEDULE);
    env.put("AWS_ENDPOINT_URL_S3", s3Endpoint.toString());
    env.putAll(keys.environment());
    env.put("AWS_REGION", AwsClients.REGION);
    env.remove("JAVA_TOOL_OPTIONS");
    return env;
  }

  private Map<String, String> bridgeEnvironment(AwsResources.Created created, LocalKafka kafka) {
    Map<String, String> env = new HashMap<>();
    env.put("CRICKET_BRIDGE_QUEUE_URL", created.queueUrl());
    env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    env.put("AWS_REGION", AwsClients.REGION);
    env.put("AWS_ENDPOINT_URL_SQS", sqsEndpoint.toString());
    env.put("AWS_ENDPOINT_URL_S3", s3Endpoint.toString());
    env.putAll(keys.environment());
    env.put("CRICKET_BRIDGE_WAIT", "PT1S");
    env.put("CRICKET_BRIDGE_VISIBILITY", "PT3S");
    env.put("CRICKET_BRIDGE_THREADS", "1");
    return env;
  }

  private Process haltingBridge(Map<String, String> env, Path keysFile) throws IOException {
    ProcessBuilder builder = javaProcess(HaltingBridge.class.getName());
    builder.environment().putAll(env);
    builder.environment().put("HALT_KEYS_FILE", keysFile.toString());
    builder.redirectErrorStream(true).redirectOutput(dir.resolve("halting-bridge.log").toFile());
    return builder.start();
  }

  static ProcessBuilder javaProcess(String mainClass, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }

  static Bridge inProcessBridge(Map<String, String> env) {
    BridgeSettings settings = BridgeSettings.fromEnvironment(env);
    return new Bridge(
            settings,
            BridgeMain.sqs(settings),
            BridgeMain.s3(settings),
            Bridge.producer(settings),
            messages -> {})
        .start();
  }

  /** Until every delivery is in the clean topics, both queues are empty and Kafka is quiet. */
  private void awaitDone(
      KafkaTopics topics, SqsClient sqs, AwsResources.Created created, int deliveries)
      throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    long quietSince = System.nanoTime();
    while (true) {
      if (topics.poll() > 0) {
        quietSince = System.nanoTime();
      }
      boolean quiet = System.nanoTime() - quietSince > Duration.ofSeconds(4).toNanos();
      if (quiet
          && topics.distinctKeys(Topics.DELIVERIES) >= deliveries
          && Redrive.waiting(sqs, created.queueUrl()) == 0) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "timed out: "
                + topics.distinctKeys(Topics.DELIVERIES)
                + " of "
                + deliveries
                + " deliveries, "
                + topics.of(Topics.RAW_TEST).size()
                + " raw records, "
                + Redrive.waiting(sqs, created.queueUrl())
                + " messages waiting");
      }
      Thread.sleep(100);
    }
  }

  /** Per clean topic, natural key to value, read straight from the files (not the processor). */
  Map<String, Map<String, Object>> expected() {
    ExpectedCleanTopics expected = new ExpectedCleanTopics();
    for (Path file : files) {
      expected.add(MatchFiles.readMatch(file));
    }
    return expected.byTopic();
  }

  static String md5(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
