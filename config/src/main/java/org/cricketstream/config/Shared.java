package org.cricketstream.config;

/** Settings more than one component reads, declared once. */
public final class Shared {
  private Shared() {}

  public static final Setting<String> KAFKA_BOOTSTRAP_SERVERS =
      Setting.text(
          "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092", "the Kafka cluster, as host:port,...");

  /**
   * A Java properties file of Kafka client properties (security.protocol, sasl.*, ssl.*...) every
   * Kafka client applies after bootstrap.servers; see {@link KafkaClientProperties}.
   */
  public static final Setting<java.nio.file.Path> KAFKA_PROPERTIES =
      Setting.path(
          "CRICKET_KAFKA_PROPERTIES",
          null,
          "a properties file of Kafka client settings (security.protocol, sasl.*, ssl.*) every"
              + " Kafka client uses; unset: none (PLAINTEXT)");

  /**
   * The schema registry's Confluent-compatible API (Apicurio's {@code .../apis/ccompat/v7}, or a
   * Confluent Schema Registry's root); unset: {@code up} runs one, and components run alone use
   * none.
   */
  public static final Setting<String> SCHEMA_REGISTRY_URL =
      Setting.text(
              "SCHEMA_REGISTRY_URL",
              null,
              "the schema registry (Confluent-compatible API); unset: up runs Apicurio Registry")
          .check(
              u -> u.startsWith("http://") || u.startsWith("https://"),
              "an http:// or https:// URL");

  public static final Setting<String> SCHEMA_REGISTRY_USER =
      Setting.text("SCHEMA_REGISTRY_USER", null, "the registry's user (HTTP basic auth), if any");

  public static final Setting<String> SCHEMA_REGISTRY_PASSWORD =
      Setting.text("SCHEMA_REGISTRY_PASSWORD", null, "its password").secret();

  public static final Setting<String> AWS_REGION =
      Setting.text("AWS_REGION", null, "the AWS region (else AWS_DEFAULT_REGION, else us-east-1)");

  public static final Setting<String> AWS_DEFAULT_REGION =
      Setting.text("AWS_DEFAULT_REGION", "us-east-1", "the AWS region when AWS_REGION is unset");

  public static final Setting<String> AWS_ENDPOINT_URL =
      Setting.text("AWS_ENDPOINT_URL", null, "one endpoint for every AWS service (LocalStack)");

  public static final Setting<String> AWS_ENDPOINT_URL_S3 =
      Setting.text("AWS_ENDPOINT_URL_S3", null, "the S3 endpoint, over AWS_ENDPOINT_URL");

  public static final Setting<String> AWS_ENDPOINT_URL_SQS =
      Setting.text("AWS_ENDPOINT_URL_SQS", null, "the SQS endpoint, over AWS_ENDPOINT_URL");

  /** The AWS region: AWS_REGION, else AWS_DEFAULT_REGION, else us-east-1. */
  public static String region(java.util.Map<String, String> env) {
    return AWS_REGION.find(env).orElseGet(() -> AWS_DEFAULT_REGION.read(env));
  }
}
