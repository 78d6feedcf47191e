package org.cricketstream.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.cricketstream.stack.LocalKafka;
import org.cricketstream.stack.LocalS3;
import org.cricketstream.stack.LocalSqs;
import org.cricketstream.stack.S3Notifications;
import org.cricketstream.topics.S3Published;
import org.cricketstream.topics.TopicAdmin;
import org.cricketstream.topics.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * No Test match depends on a notification surviving, on real S3Proxy, ElasticMQ and Kafka: the
 * bridge holds messages (visibility heartbeat) through a Kafka outage longer than the visibility
 * timeout instead of letting them reach the dead-letter queue; a redrive returns dead-lettered
 * notifications and they are published; reconciliation publishes objects whose notifications were
 * lost and leaves those already published alone.
 */
class DurableNotificationsIT {
  private static final String BUCKET = "durable-tests";

  @TempDir Path dir;

  /** A queue with a short visibility timeout and its dead-letter queue. */
  private record Queues(String url, String arn, String deadLetterUrl, String deadLetterArn) {}

  @Test
  @Timeout(240)
  void heldMessagesStayOffTheDeadLetterQueueWhileKafkaIsDown() throws Exception {
    int kafkaPort = LocalKafka.freePort();
    LocalKafka kafka = LocalKafka.start(dir.resolve("kafka"), kafkaPort);
    try (LocalSqs sqsServer = LocalSqs.start();
        SqsClient sqs = sqsServer.client()) {
      TopicAdmin.ensure(kafka.bootstrapServers(), Topics.all());
      S3Notifications notifications = new S3Notifications(sqs);
      try (LocalS3 s3Server = LocalS3.start(dir.resolve("s3"), 0, notifications);
          S3Client s3 = s3Server.client()) {
        // maxReceiveCount 2 and a 2 s visibility timeout: unheld, a message is dead-lettered in 4 s
        Queues queues = queues(sqs, "held", 2, 2);
        s3.createBucket(b -> b.bucket(BUCKET));
        notifyTo(notifications, queues.arn());
        Map<String, String> env = env(kafka, sqsServer, s3Server, queues.url());
        try (Bridge bridge = PipelineScenario.inProcessBridge(env)) {
          put(s3, "tests/before.yaml", "before");
          try (KafkaTopics topics = new KafkaTopics(kafka.bootstrapServers())) {
            await("before.yaml published", () -> keys(topics).contains("tests/before.yaml"));
          }
          kafka.close();
          put(s3, "tests/held.yaml", "held through the outage");
          Thread.sleep(15_000); // more than 7 visibility timeouts with Kafka down
          assertThat(Redrive.waiting(sqs, queues.deadLetterUrl()))
              .as("dead-lettered while Kafka was down")
              .isZero();
          assertThat(bridge.extended()).as("visibility extensions").isPositive();

          kafka = LocalKafka.start(dir.resolve("kafka"), kafkaPort);
          try (KafkaTopics topics = new KafkaTopics(kafka.bootstrapServers())) {
            await("held.yaml published", () -> keys(topics).contains("tests/held.yaml"));
          }
          await("the queue drained", () -> Redrive.waiting(sqs, queues.url()) == 0);
          assertThat(Redrive.waiting(sqs, queues.deadLetterUrl())).isZero();
        }
      }
    } finally {
      kafka.close();
    }
  }

  @Test
  @Timeout(180)
  @SuppressWarnings("try") // each bridge runs for its whole block
  void redriveReturnsDeadLetteredNotificationsAndTheyArePublished() throws Exception {
    try (LocalKafka kafka = LocalKafka.start(dir.resolve("kafka"));
        LocalSqs sqsServer = LocalSqs.start();
        SqsClient sqs = sqsServer.client()) {
      TopicAdmin.ensure(kafka.bootstrapServers(), Topics.all());
      S3Notifications notifications = new S3Notifications(sqs);
      try (LocalS3 s3Server = LocalS3.start(dir.resolve("s3"), 0, notifications);
          S3Client s3 = s3Server.client();
          KafkaTopics topics = new KafkaTopics(kafka.bootstrapServers())) {
        Queues queues = queues(sqs, "redriven", 2, 2);
        s3.createBucket(b -> b.bucket(BUCKET));
        // the bucket notifies the dead-letter queue itself: what a Kafka outage would have left
        notifyTo(notifications, queues.deadLetterArn());
        for (int i = 1; i <= 3; i++) {
          put(s3, "tests/parked-" + i + ".yaml", "parked " + i);
        }
        assertThat(Redrive.waiting(sqs, queues.deadLetterUrl())).isEqualTo(4); // + test

        Redrive.Result result = Redrive.redrive(sqs, queues.url());
        assertThat(result.moved()).isEqualTo(4);
        assertThat(result.failed()).isZero();
        assertThat(result.deadLetterQueueUrl()).isEqualTo(queues.deadLetterUrl());
        assertThat(result.toString()).contains("moved 4 message(s)");
        assertThat(Redrive.waiting(sqs, queues.deadLetterUrl())).isZero();
        assertThat(Redrive.waiting(sqs, queues.url())).isEqualTo(4);

        Map<String, String> env = env(kafka, sqsServer, s3Server, queues.url());
        env.put("CRICKET_BRIDGE_REDRIVE", "off");
        try (Bridge bridge = PipelineScenario.inProcessBridge(env)) {
          await(
              "the redriven notifications published",
              () ->
                  keys(topics)
                      .containsAll(
                          List.of(
                              "tests/parked-1.yaml",
                              "tests/parked-2.yaml",
                              "tests/parked-3.yaml")));
        }

        // and on start: the bridge redrives by itself
        put(s3, "tests/parked-4.yaml", "parked 4");
        await("parked-4 dead-lettered", () -> Redrive.waiting(sqs, queues.deadLetterUrl()) == 1);
        env.put("CRICKET_BRIDGE_REDRIVE", "start");
        try (Bridge bridge = PipelineScenario.inProcessBridge(env)) {
          await("parked-4 published", () -> keys(topics).contains("tests/parked-4.yaml"));
        }
        assertThat(Redrive.waiting(sqs, queues.deadLetterUrl())).isZero();
        assertThat(topics.repeatedKeys(Topics.RAW_TEST)).isEmpty();
      }
    }
  }

  @Test
  @Timeout(180)
  @SuppressWarnings("try") // the first bridge runs for its whole block
  void reconciliationPublishesObjectsWhoseNotificationsWereLostAndNothingTwice() throws Exception {
    try (LocalKafka kafka = LocalKafka.start(dir.resolve("kafka"));
        LocalSqs sqsServer = LocalSqs.start();
        SqsClient sqs = sqsServer.client()) {
      TopicAdmin.ensure(kafka.bootstrapServers(), Topics.all());
      S3Notifications notifications = new S3Notifications(sqs);
      try (LocalS3 s3Server = LocalS3.start(dir.resolve("s3"), 0, notifications);
          S3Client s3 = s3Server.client();
          KafkaTopics topics = new KafkaTopics(kafka.bootstrapServers())) {
        Queues queues = queues(sqs, "reconciled", 30, 5);
        s3.createBucket(b -> b.bucket(BUCKET));
        // stored before the bucket notified anything
        put(s3, "tests/unnotified-1.yaml", "one");
        put(s3, "tests/unnotified-2.yaml", "two");
        put(s3, "source/not-a-test.yaml", "outside the prefix");
        put(s3, "tests/not-yaml.txt", "outside the suffix");
        notifyTo(notifications, queues.arn());
        put(s3, "tests/notified.yaml", "notified");
        Map<String, String> env = env(kafka, sqsServer, s3Server, queues.url());
        try (Bridge bridge = PipelineScenario.inProcessBridge(env)) {
          await("notified.yaml published", () -> keys(topics).contains("tests/notified.yaml"));
          await("the queue drained", () -> Redrive.waiting(sqs, queues.url()) == 0);
        }
        // notified, and the notification lost (a queue that lost its messages)
        put(s3, "tests/purged.yaml", "purged");
        sqs.purgeQueue(b -> b.queueUrl(queues.url()));
        // a rewritten object: its new content is missing, though its key was published
        put(s3, "tests/notified.yaml", "notified, then rewritten");
        sqs.purgeQueue(b -> b.queueUrl(queues.url()));

        env.put("CRICKET_BRIDGE_BUCKET", BUCKET);
        env.put("CRICKET_BRIDGE_RECONCILE_GRACE", "0s");
        env.put("CRICKET_BRIDGE_RECONCILE", "1h");
        BridgeSettings settings = BridgeSettings.fromEnvironment(env);
        try (S3Client bridgeS3 = BridgeMain.s3(settings)) {
          assertThat(new Reconciler(settings, bridgeS3).missing())
              .extracting(Reconciler.Missing::key)
              .containsExactlyInAnyOrder(
                  "tests/unnotified-1.yaml",
                  "tests/unnotified-2.yaml",
                  "tests/purged.yaml",
                  "tests/notified.yaml");
        }
        try (Bridge bridge = PipelineScenario.inProcessBridge(env)) {
          await("the reconciliation on start", () -> bridge.reconciled() == 4);
          assertThat(bridge.missing()).isEmpty();
          assertThat(bridge.reconcile()).as("a second reconciliation").isZero();
        }
        await(
            "the reconciled objects read back",
            () -> keys(topics).size() == 4 && topics.of(Topics.RAW_TEST).size() >= 5);
        assertThat(topics.of(Topics.RAW_TEST)).as("raw records").hasSize(5);
        assertThat(keys(topics))
            .containsExactlyInAnyOrder(
                "tests/unnotified-1.yaml",
                "tests/unnotified-2.yaml",
                "tests/purged.yaml",
                "tests/notified.yaml");
        assertThat(topics.of(Topics.RAW_TEST))
            .filteredOn(r -> r.key().equals("tests/notified.yaml"))
            .extracting(r -> new String(r.value(), java.nio.charset.StandardCharsets.UTF_8))
            .containsExactly("notified", "notified, then rewritten");
        assertThat(topics.of(Topics.RAW_TEST))
            .filteredOn(r -> r.key().equals("tests/purged.yaml"))
            .singleElement()
            .satisfies(
                r ->
                    assertThat(r.headers())
                        .containsEntry("s3.bucket", BUCKET)
                        .containsKey("s3.etag"));
        Map<String, Object> index = topics.current(Topics.S3_PUBLISHED);
        assertThat(index).containsOnlyKeys(keys(topics));
        assertThat(((S3Published) index.get("tests/notified.yaml")).eTags()).hasSize(2);
      }
    }
  }

  private static Queues queues(SqsClient sqs, String name, int visibility, int maxReceive) {
    String dlq = sqs.createQueue(b -> b.queueName(name + "-dlq")).queueUrl();
    String dlqArn = arn(sqs, dlq);
    String url =
        sqs.createQueue(
                b ->
                    b.queueName(name)
                        .attributes(
                            Map.of(
                                QueueAttributeName.VISIBILITY_TIMEOUT,
                                Integer.toString(visibility),
                                QueueAttributeName.REDRIVE_POLICY,
                                "{\"deadLetterTargetArn\":\""
                                    + dlqArn
                                    + "\",\"maxReceiveCount\":"
                                    + maxReceive
                                    + "}")))
            .queueUrl();
    return new Queues(url, arn(sqs, url), dlq, dlqArn);
  }

  private static String arn(SqsClient sqs, String url) {
    return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes()
        .get(QueueAttributeName.QUEUE_ARN);
  }

  private static void notifyTo(S3Notifications notifications, String queueArn) {
    notifications.configure(
        BUCKET,
        List.of(
            new S3Notifications.QueueTarget(
                "durable", queueArn, List.of("s3:ObjectCreated:*"), "tests/", ".yaml")));
  }

  private static Map<String, String> env(
      LocalKafka kafka, LocalSqs sqsServer, LocalS3 s3Server, String queueUrl) {
    Map<String, String> env = new HashMap<>();
    env.put("CRICKET_BRIDGE_QUEUE_URL", queueUrl);
    env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    env.put("AWS_ENDPOINT_URL_SQS", sqsServer.endpoint().toString());
    env.put("AWS_ENDPOINT_URL_S3", s3Server.endpoint().toString());
    env.putAll(s3Server.keys().environment());
    env.put("CRICKET_BRIDGE_WAIT", "PT1S");
    env.put("CRICKET_BRIDGE_THREADS", "1");
    return env;
  }

  private static void put(S3Client s3, String key, String text) {
    s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString(text));
  }

  private static java.util.Set<String> keys(KafkaTopics topics) {
    topics.poll();
    java.util.Set<String> keys = new java.util.TreeSet<>();
    topics.of(Topics.RAW_TEST).forEach(r -> keys.add(r.key()));
    return keys;
  }

  private static void await(String what, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what + " in time").isLessThan(deadline);
      Thread.sleep(200);
    }
  }
}
