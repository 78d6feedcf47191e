package org.cricketstream.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cricketstream.processor.ProcessorApp;
import org.cricketstream.processor.ProcessorSettings;
import org.cricketstream.stack.AwsDefinitions;
import org.cricketstream.stack.AwsResources;
import org.cricketstream.stack.LocalKafka;
import org.cricketstream.stack.LocalS3;
import org.cricketstream.stack.LocalSqs;
import org.cricketstream.stack.S3Notifications;
import org.cricketstream.stack.TerraformDefinitions;
import org.cricketstream.topics.DeadLetter;
import org.cricketstream.topics.JsonSerde;
import org.cricketstream.topics.RawFormats;
import org.cricketstream.topics.TopicAdmin;
import org.cricketstream.topics.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Objects that are not a match (not YAML, truncated YAML, larger than Kafka takes) reach the
 * dead-letter topic with their S3 key while the good file beside them reaches the clean topics;
 * notifications that keep failing (an object gone before it was fetched, a body that is no S3
 * event) reach the SQS dead-letter queue through the redrive policy. The bridge keeps going.
 */
class BadObjectsIT {
  @TempDir Path dir;

  @Test
  @Timeout(240)
  @SuppressWarnings("try") // the processor runs for the whole block
  void badObjectsAreDeadLetteredWithTheirKeyAndFailingMessagesRedriven() throws Exception {
    AwsDefinitions definitions = AwsDefinitions.of(TerraformDefinitions.projectFolder());
    String prefix = definitions.notificationPrefix();
    Path good = PipelineScenario.matchFiles().get(0);
    byte[] goodBytes = Files.readAllBytes(good);
    byte[] huge = new byte[3 * 1024 * 1024];
    Arrays.fill(huge, (byte) '#');
    Map<String, byte[]> bad = new HashMap<>();
    bad.put(prefix + "900201.yaml", "\u0000\u0001 {[ not: yaml".getBytes(StandardCharsets.UTF_8));
    bad.put(prefix + "900202.yaml", Arrays.copyOf(goodBytes, goodBytes.length / 3));
    bad.put(prefix + "900203.yaml", huge);

    try (LocalSqs sqsServer = LocalSqs.start();
        SqsClient sqs = sqsServer.client();
        LocalKafka kafka = LocalKafka.start(dir.resolve("kafka"))) {
      TopicAdmin.ensure(kafka.bootstrapServers(), Topics.all());
      S3Notifications notifications = new S3Notifications(sqs);
      try (LocalS3 s3Server = LocalS3.start(dir.resolve("s3"), 0, notifications);
          S3Client s3 = s3Server.client();
          ProcessorApp processor =
              ProcessorApp.start(
                  ProcessorSettings.fromEnvironment(Map.of())
                      .withBootstrapServers(kafka.bootstrapServers())
                      .withApplicationId("bad-objects-it")
                      .withStateDir(dir.resolve("processor")));
          KafkaTopics topics = new KafkaTopics(kafka.bootstrapServers())) {
        AwsResources.Created created = AwsResources.provision(definitions, s3, sqs, notifications);
        bad.forEach(
            (key, bytes) ->
                s3.putObject(
                    b -> b.bucket(created.bucket()).key(key), RequestBody.fromBytes(bytes)));
        s3.putObject(
            b -> b.bucket(created.bucket()).key(prefix + good.getFileName()),
            RequestBody.fromBytes(goodBytes));
        // notified, then gone before any bridge fetched it; and a body that is no S3 event
        s3.putObject(
            b -> b.bucket(created.bucket()).key(prefix + "gone.yaml"), RequestBody.fromString("x"));
        s3.deleteObject(b -> b.bucket(created.bucket()).key(prefix + "gone.yaml"));
        sqs.sendMessage(b -> b.queueUrl(created.queueUrl()).messageBody("not an S3 event"));

        Map<String, String> env = new HashMap<>();
        env.put("CRICKET_BRIDGE_QUEUE_URL", created.queueUrl());
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("AWS_ENDPOINT_URL_SQS", sqsServer.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_S3", s3Server.endpoint().toString());
        env.putAll(s3Server.keys().environment());
        env.put("CRICKET_BRIDGE_WAIT", "PT1S");
        env.put("CRICKET_BRIDGE_VISIBILITY", "PT1S");
        try (Bridge bridge = PipelineScenario.inProcessBridge(env)) {
          long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
          while (topics.of(Topics.DEAD_LETTERS).size() < bad.size()
              || topics.distinctKeys(Topics.MATCHES) < 1
              || Redrive.waiting(sqs, created.queueUrl()) > 0) {
            assertThat(System.nanoTime()).as("bad objects handled in time").isLessThan(deadline);
            topics.poll();
          }
          assertThat(bridge.failed())
              .as("failed receives")
              .isGreaterThanOrEqualTo(2L * definitions.maxReceiveCount());
        }
        topics.poll();

        JsonSerde<?> serde = (JsonSerde<?>) Topics.DEAD_LETTERS.valueSerde();
        Map<String, DeadLetter> letters = new HashMap<>();
        for (KafkaTopics.Read read : topics.of(Topics.DEAD_LETTERS)) {
          letters.put(read.key(), (DeadLetter) serde.fromBytes(read.value()));
        }
        assertThat(letters).containsOnlyKeys(bad.keySet());
        letters.forEach(
            (key, letter) -> {
              assertThat(letter.sourceTopic()).isEqualTo(RawFormats.S3_TOPIC);
              assertThat(letter.headers()).containsEntry(RawFormats.HEADER_KEY, key);
              assertThat(letter.origin())
                  .as("origin of %s", key)
                  .contains("s3://" + created.bucket() + "/" + key);
              assertThat(letter.error()).isNotBlank();
            });
        assertThat(letters.get(prefix + "900203.yaml").headers())
            .containsEntry(Bridge.HEADER_SIZE, Integer.toString(huge.length))
            .containsKey(Bridge.HEADER_REJECTED);
        assertThat(topics.of(Topics.RAW_TEST))
            .filteredOn(r -> r.key().equals(prefix + "900203.yaml"))
            .allSatisfy(r -> assertThat(r.value().length).isLessThan(1000));
        assertThat(topics.distinctKeys(Topics.MATCHES)).isEqualTo(1);

        List<Message> redriven = drain(sqs, created.deadLetterQueueUrl(), 2);
        assertThat(redriven).extracting(Message::body).contains("not an S3 event");
        assertThat(redriven)
            .extracting(Message::body)
            .anySatisfy(
                body -> assertThat(body).contains("gone.yaml").contains("ObjectCreated:Put"));
      }
    }
  }

  private static List<Message> drain(SqsClient sqs, String url, int count) {
    List<Message> all = new java.util.ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (all.size() < count && System.nanoTime() < deadline) {
      all.addAll(
          sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
              .messages());
    }
    return all;
  }
}
