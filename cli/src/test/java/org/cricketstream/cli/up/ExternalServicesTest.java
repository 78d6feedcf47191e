package org.cricketstream.cli.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What up starts itself and what it takes from the environment, decided in one place. */
class ExternalServicesTest {
  @Test
  void withNothingGivenEveryServerStartsHere() {
    ExternalServices none = new ExternalServices(Map.of());
    assertThat(none.serversStarted(Stack.Aws.EMBEDDED, true))
        .containsExactly(
            "kafka",
            "registry",
            "registry-management",
            "postgres",
            "mongo",
            "s3",
            "sqs",
            "connect",
            "superset");
    assertThat(none.kafka()).isEmpty();
  }

  @Test
  void aGivenAddressReplacesItsServerAndABlankOneDoesNot() {
    ExternalServices some =
        new ExternalServices(
            Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "broker:9092",
                "POSTGRES_URL", "  ",
                "MONGO_URI", "mongodb://db:27017",
                "SCHEMA_REGISTRY_URL", "https://registry:8081"));
    assertThat(some.registry()).contains("https://registry:8081");
    assertThat(some.kafka()).contains("broker:9092");
    assertThat(some.postgres()).isEmpty();
    assertThat(some.serversStarted(Stack.Aws.LOCALSTACK, false))
        .containsExactly("postgres", "localstack", "connect");
    assertThat(some.serversStarted(Stack.Aws.EXTERNAL, false))
        .containsExactly("postgres", "connect");
  }

  @Test
  void externalAwsNeedsTheQueueAndTheBucket() {
    assertThatThrownBy(
            () -> new ExternalServices(Map.of("CRICKET_BRIDGE_QUEUE_URL", "https://sqs/q")).aws())
        .hasMessage(
            "--aws external needs CRICKET_BRIDGE_QUEUE_URL and EMITTER_BUCKET in the environment");
    assertThat(
            new ExternalServices(
                    Map.of(
                        "CRICKET_BRIDGE_QUEUE_URL", "https://sqs/q",
                        "EMITTER_BUCKET", "matches",
                        "AWS_ENDPOINT_URL", "http://127.0.0.1:4566",
                        "UNRELATED", "x"))
                .aws())
        .containsOnly(
            Map.entry("CRICKET_BRIDGE_QUEUE_URL", "https://sqs/q"),
            Map.entry("EMITTER_BUCKET", "matches"),
            Map.entry("AWS_ENDPOINT_URL", "http://127.0.0.1:4566"));
  }
}
