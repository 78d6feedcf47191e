package org.cricketstream.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScheduleExpressionTest {
  @Test
  void rateExpressionsGiveTheirPeriod() {
    assertThat(ScheduleExpression.parse("rate(1 minute)").period())
        .isEqualTo(Duration.ofMinutes(1));
    assertThat(ScheduleExpression.parse("rate(5 minutes)").period())
        .isEqualTo(Duration.ofMinutes(5));
    assertThat(ScheduleExpression.parse("rate(2 hours)").period()).isEqualTo(Duration.ofHours(2));
    assertThat(ScheduleExpression.parse("rate(3 seconds)").period())
        .isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void cronAndNonsenseAreRefusedWithTheExpression() {
    assertThatThrownBy(() -> ScheduleExpression.parse("cron(0 * * * ? *)"))
        .hasMessageContaining("cron(0 * * * ? *)");
    assertThatThrownBy(() -> ScheduleExpression.parse("rate(0 minutes)"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void settingsComeFromTheEnvironmentTerraformSets() {
    EmitterSettings settings =
        EmitterSettings.fromEnvironment(
            java.util.Map.of(
                "EMITTER_BUCKET", "b",
                "EMITTER_SOURCE", "s3://b/source/",
                "EMITTER_INTERVAL", "PT5S",
                "EMITTER_SCHEDULE", "rate(1 minute)",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:4566"));
    assertThat(settings.bucket()).isEqualTo("b");
    assertThat(settings.targetPrefix()).isEqualTo("tests/");
    assertThat(settings.interval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.endpoint())
        .hasValueSatisfying(u -> assertThat(u.getPort()).isEqualTo(4566));
    assertThatThrownBy(() -> EmitterSettings.fromEnvironment(java.util.Map.of()))
        .hasMessageContaining("EMITTER_BUCKET");
  }
}
