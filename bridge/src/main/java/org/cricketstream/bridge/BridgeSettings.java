package org.cricketstream.bridge;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cricketstream.config.KafkaClientProperties;
import org.cricketstream.config.Setting;
import org.cricketstream.config.Shared;
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
    Optional<AwsBasicCredentials> keys) {

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
          THREADS);

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
        keys(env));
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
