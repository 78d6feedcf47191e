package org.cricketstream.bridge;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cricketstream.config.KafkaClientProperties;
import org.cricketstream.config.Setting;
import org.cricketstream.config.Shared;
import org.cricketstream.topics.SchemaRegistry;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/**
 * The bridge's configuration, declared in one place; every setting has an environment variable.
 * Against AWS set CRICKET_BRIDGE_QUEUE_URL and AWS_REGION (Terraform outputs both); credentials
 * come from the usual AWS chain.
 *
 * @param queueUrl CRICKET_BRIDGE_QUEUE_URL (required): the queue the bucket notifies
 * @param bootstrapServers KAFKA_BOOTSTRAP_SERVERS, default 127.0.0.1:9092
 * @param kafkaClient CRICKET_KAFKA_PROPERTIES: Kafka client properties (TLS, SASL), default none
 * @param region AWS_REGION, default us-east-1
 * @param endpoint AWS_ENDPOINT_URL: one endpoint for SQS and S3 (LocalStack); AWS_ENDPOINT_URL_SQS
 *     and AWS_ENDPOINT_URL_S3 set them apart (ElasticMQ and S3Proxy)
 * @param s3Endpoint see endpoint
 * @param waitTime CRICKET_BRIDGE_WAIT (ISO-8601), default PT20S: long polling
 * @param visibilityTimeout CRICKET_BRIDGE_VISIBILITY (ISO-8601): how long a received message stays
 *     hidden before another bridge may take it; default: the queue's own
 * @param maxObjectBytes CRICKET_BRIDGE_MAX_OBJECT_BYTES, default 1000000: larger objects are not
 *     published, a marker record goes to the topic instead (see {@link Bridge})
 * @param threads CRICKET_BRIDGE_THREADS, default 2: receive loops sharing one producer
 * @param bucket CRICKET_BRIDGE_BUCKET: the bucket to reconcile with raw.s3.tests (Terraform's
 *     output {@code bucket}); unset: no reconciliation
 * @param prefix CRICKET_BRIDGE_PREFIX, default tests/: the keys reconciled, as the notification's
 *     prefix filter (Terraform's {@code tests_prefix})
 * @param suffix CRICKET_BRIDGE_SUFFIX, default .yaml: as the notification's suffix filter
 * @param reconcileEvery CRICKET_BRIDGE_RECONCILE, default PT5M: reconciliation runs on start and
 *     then this often; 0s turns it off
 * @param reconcileGrace CRICKET_BRIDGE_RECONCILE_GRACE, default PT2M: objects younger than this are
 *     left to their notification, so reconciliation does not publish what is on its way anyway
 * @param hold CRICKET_BRIDGE_HOLD, default PT15M: how long Kafka may take to acknowledge a record
 *     (the producer's delivery.timeout.ms) while the bridge holds its message, extending its
 *     visibility; only then is the message released, counting a receive towards the dead-letter
 *     queue
 * @param redrive CRICKET_BRIDGE_REDRIVE, default start: on start, move every message of the
 *     dead-letter queue back to the queue; off: only {@code ./cricket bridge --redrive} does
 */
public record BridgeSettings(
    String queueUrl,
    String bootstrapServers,
    KafkaClientProperties kafkaClient,
    String region,
    Optional<URI> endpoint,
    Optional<URI> s3Endpoint,
    Duration waitTime,
    Optional<Duration> visibilityTimeout,
    int maxObjectBytes,
    int threads,
    Optional<AwsBasicCredentials> keys,
    Optional<String> bucket,
    String prefix,
    String suffix,
    Duration reconcileEvery,
    Duration reconcileGrace,
    Duration hold,
    Redrive redrive,
    Optional<SchemaRegistry.Login> schemaRegistry) {

  /** When the dead-letter queue is redriven besides {@code ./cricket bridge --redrive}. */
  public enum Redrive {
    /** Once, when the bridge starts. */
    START,
    /** Never by itself. */
    OFF
  }

  /** Below Kafka's default message.max.bytes (1048588) with room for headers and batch framing. */
  public static final int DEFAULT_MAX_OBJECT_BYTES = 1_000_000;

  public static final Setting<String> QUEUE_URL =
      Setting.text("CRICKET_BRIDGE_QUEUE_URL", null, "the SQS queue the bucket notifies");
  public static final Setting<Duration> WAIT =
      Setting.duration("CRICKET_BRIDGE_WAIT", "PT20S", "SQS long polling")
          .check(
              d -> d.toSeconds() <= 20 && !d.isNegative(),
              "a duration from 0 to 20 seconds (SQS's limit), such as PT20S or 5s");
  public static final Setting<Duration> VISIBILITY =
      Setting.duration(
              "CRICKET_BRIDGE_VISIBILITY",
              null,
              "how long a received message stays hidden (default: the queue's own)")
          .positive();
  public static final Setting<Integer> MAX_OBJECT_BYTES =
      Setting.integer(
              "CRICKET_BRIDGE_MAX_OBJECT_BYTES",
              DEFAULT_MAX_OBJECT_BYTES,
              "larger objects become a marker record instead")
          .between(1, Integer.MAX_VALUE);
  public static final Setting<Integer> THREADS =
      Setting.integer("CRICKET_BRIDGE_THREADS", 2, "receive loops sharing one producer")
          .between(1, 64);

  public static final Setting<String> BUCKET =
      Setting.text(
          "CRICKET_BRIDGE_BUCKET",
          null,
          "the bucket reconciled with raw.s3.tests (default: no reconciliation)");
  public static final Setting<String> PREFIX =
      Setting.text("CRICKET_BRIDGE_PREFIX", "tests/", "key prefix of the objects reconciled");
  public static final Setting<String> SUFFIX =
      Setting.text("CRICKET_BRIDGE_SUFFIX", ".yaml", "key suffix of the objects reconciled");
  public static final Setting<Duration> RECONCILE =
      Setting.duration(
              "CRICKET_BRIDGE_RECONCILE",
              "PT5M",
              "how often the bucket is compared with raw.s3.tests (also on start; 0s: never)")
          .check(
              d -> !d.isNegative() && (d.isZero() || d.toSeconds() >= 1),
              "0s (off) or a duration of at least one second, such as PT5M or 5m");
  public static final Setting<Duration> RECONCILE_GRACE =
      Setting.duration(
              "CRICKET_BRIDGE_RECONCILE_GRACE",
              "PT2M",
              "objects younger than this are left to their notification")
          .check(d -> !d.isNegative(), "a duration of 0 or more, such as PT2M or 2m");
  public static final Setting<Duration> HOLD =
      Setting.duration(
              "CRICKET_BRIDGE_HOLD",
              "PT15M",
              "how long a message is held (its visibility extended) while Kafka does not ack it")
          .check(
              d -> d.toSeconds() >= 60 && d.toHours() < 11,
              "a duration from one minute to 11 hours (SQS holds a message 12 hours at most)");
  public static final Setting<Redrive> REDRIVE =
      Setting.choice(
          "CRICKET_BRIDGE_REDRIVE",
          Redrive.class,
          Redrive.START,
          "start: move the dead-letter queue's messages back on start; off: only --redrive");

  /** Every setting of the bridge, in the order help shows them. */
  public static final List<Setting<?>> SETTINGS =
      List.of(
          QUEUE_URL,
          Shared.KAFKA_BOOTSTRAP_SERVERS,
          Shared.KAFKA_PROPERTIES,
          Shared.AWS_REGION,
          Shared.AWS_ENDPOINT_URL,
          Shared.AWS_ENDPOINT_URL_S3,
          Shared.AWS_ENDPOINT_URL_SQS,
          WAIT,
          VISIBILITY,
          MAX_OBJECT_BYTES,
          THREADS,
          BUCKET,
          PREFIX,
          SUFFIX,
          RECONCILE,
          RECONCILE_GRACE,
          HOLD,
          REDRIVE,
          Shared.SCHEMA_REGISTRY_URL,
          Shared.SCHEMA_REGISTRY_USER,
          Shared.SCHEMA_REGISTRY_PASSWORD);

  public static BridgeSettings fromEnvironment(Map<String, String> env) {
    Optional<String> endpoint = Shared.AWS_ENDPOINT_URL.find(env);
    return new BridgeSettings(
        QUEUE_URL.read(env),
        Shared.KAFKA_BOOTSTRAP_SERVERS.read(env),
        KafkaClientProperties.fromEnvironment(env),
        Shared.region(env),
        uri(Shared.AWS_ENDPOINT_URL_SQS.find(env).or(() -> endpoint)),
        uri(Shared.AWS_ENDPOINT_URL_S3.find(env).or(() -> endpoint)),
        WAIT.read(env),
        VISIBILITY.find(env),
        MAX_OBJECT_BYTES.read(env),
        THREADS.read(env),
        keys(env),
        BUCKET.find(env),
        PREFIX.read(env),
        SUFFIX.read(env),
        RECONCILE.read(env),
        RECONCILE_GRACE.read(env),
        HOLD.read(env),
        REDRIVE.read(env),
        SchemaRegistry.Login.fromEnvironment(env));
  }

  /** Whether the bucket is compared with the raw topic (a bucket is set, the period is not 0). */
  public boolean reconciles() {
    return bucket.isPresent() && !reconcileEvery.isZero();
  }

  /**
   * AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY of {@code env} when both are there (a local S3
   * checks them too), else none: the SDK's usual chain. Printed, they show the key id alone.
   */
  private static Optional<AwsBasicCredentials> keys(Map<String, String> env) {
    String id = env.get("AWS_ACCESS_KEY_ID");
    String secret = env.get("AWS_SECRET_ACCESS_KEY");
    return id == null || id.isEmpty() || secret == null || secret.isEmpty()
        ? Optional.empty()
        : Optional.of(AwsBasicCredentials.create(id, secret));
  }

  private static Optional<URI> uri(Optional<String> text) {
    return text.map(URI::create);
  }
}
