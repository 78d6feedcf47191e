package org.cricketstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.cricketstream.stack.AwsDefinitions;
import org.cricketstream.stack.TerraformDefinitions;
import org.junit.jupiter.api.Test;

/** lambda-runner's settings: the function as terraform/ defines it, unless the environment says. */
class LambdaRunnerSettingsTest {
  private static final AwsDefinitions TF = AwsDefinitions.of(TerraformDefinitions.projectFolder());

  @Test
  void defaultsAreTheFunctionAsTerraformDefinesIt() {
    LambdaRunnerSettings settings = LambdaRunnerSettings.of(TF, Map.of());
    assertThat(settings.runtime()).isEqualTo(LambdaRunnerSettings.Where.AUTO);
    assertThat(settings.handler())
        .isEqualTo("org.cricketstream.lambda.YamlEmitterHandler::handleRequest");
    assertThat(settings.memoryMb()).isEqualTo(512);
    assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(settings.schedule().expression()).isEqualTo("rate(1 minute)");
  }

  @Test
  void theEnvironmentOverridesAndBadValuesSayWhichSetting() {
    LambdaRunnerSettings settings =
        LambdaRunnerSettings.of(
            TF,
            Map.of(
                "CRICKET_LAMBDA_RUNTIME", "Direct",
                "CRICKET_LAMBDA_TIMEOUT", "PT20S",
                "CRICKET_LAMBDA_MEMORY_MB", "256"));
    assertThat(settings.runtime()).isEqualTo(LambdaRunnerSettings.Where.DIRECT);
    assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(settings.memoryMb()).isEqualTo(256);
    assertThatThrownBy(
            () -> LambdaRunnerSettings.of(TF, Map.of("CRICKET_LAMBDA_RUNTIME", "docker")))
        .hasMessage("CRICKET_LAMBDA_RUNTIME=\"docker\": expected one of auto, emulator, direct");
    assertThatThrownBy(
            () -> LambdaRunnerSettings.of(TF, Map.of("CRICKET_LAMBDA_TIMEOUT", "PT1.5S")))
        .hasMessage(
            "CRICKET_LAMBDA_TIMEOUT=\"PT1.5S\": expected whole seconds from 1 s to 15 minutes"
                + " (Lambda's range), such as PT30S");
    assertThatThrownBy(() -> LambdaRunnerSettings.of(TF, Map.of("CRICKET_LAMBDA_MEMORY_MB", "64")))
        .hasMessage("CRICKET_LAMBDA_MEMORY_MB=\"64\": expected a whole number from 128 to 10240");
  }

  @Test
  void theFunctionGetsTerraformsLiteralsAndTheRunnersAwsAndEmitterVariablesOnly() {
    Map<String, String> env =
        LambdaRunnerSettings.functionEnvironment(
            TF,
            Map.of(
                "EMITTER_BUCKET", "local-bucket",
                "AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9000",
                "POSTGRES_PASSWORD", "secret",
                "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"));
    assertThat(env)
        .containsEntry("EMITTER_BUCKET", "local-bucket")
        .containsEntry("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9000")
        .containsEntry("EMITTER_STATE_KEY", "emitter/position.json")
        .containsKey("JAVA_TOOL_OPTIONS")
        .doesNotContainKeys("POSTGRES_PASSWORD", "KAFKA_BOOTSTRAP_SERVERS", "EMITTER_SOURCE");
  }
}
