package org.cricketstream.bridge;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The bridge's configuration, declared in one place; every setting has an environment variable.
 * Against AWS set CRICKET_BRIDGE_QUEUE_URL and AWS_REGION (Terraform outputs both); credentials
 * come from the usual AWS chain.
 *
 * @param queueUrl CRICKET_BRIDGE_QUEUE_URL (required): the queue the bucket notifies
 * @param bootstrapServers KAFKA_BOOTSTRAP_SERVERS, default 127.0.0.1:9092
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
    String region,
    Optional<URI> endpoint,
    Optional<URI> s3Endpoint,
    Duration waitTime,
    Optional<Duration> visibilityTimeout,
    int maxObjectBytes,
    int threads) {

  /** Below Kafka's default message.max.bytes (1048588) with room for headers and batch framing. */
  public static final int DEFAULT_MAX_OBJECT_BYTES = 1_000_000;

  public BridgeSettings {
    if (queueUrl == null || queueUrl.isBlank()) {
      throw new IllegalArgumentException("CRICKET_BRIDGE_QUEUE_URL is required");
    }
  }

  public static BridgeSettings fromEnvironment(Map<String, String> env) {
    String visibility = env.get("CRICKET_BRIDGE_VISIBILITY");
    return new BridgeSettings(
        env.get("CRICKET_BRIDGE_QUEUE_URL"),
        env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
        env.getOrDefault("AWS_REGION", env.getOrDefault("AWS_DEFAULT_REGION", "us-east-1")),
        uri(env.getOrDefault("AWS_ENDPOINT_URL_SQS", env.get("AWS_ENDPOINT_URL"))),
        uri(env.getOrDefault("AWS_ENDPOINT_URL_S3", env.get("AWS_ENDPOINT_URL"))),
        Duration.parse(env.getOrDefault("CRICKET_BRIDGE_WAIT", "PT20S")),
        visibility == null ? Optional.empty() : Optional.of(Duration.parse(visibility)),
        Integer.parseInt(
            env.getOrDefault(
                "CRICKET_BRIDGE_MAX_OBJECT_BYTES", Integer.toString(DEFAULT_MAX_OBJECT_BYTES))),
        Integer.parseInt(env.getOrDefault("CRICKET_BRIDGE_THREADS", "2")));
  }

  private static Optional<URI> uri(String text) {
    return text == null || text.isBlank() ? Optional.empty() : Optional.of(URI.create(text));
  }
}
