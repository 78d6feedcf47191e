package org.cricketstream.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.cricketstream.config.SettingException;
import org.junit.jupiter.api.Test;

class BridgeSettingsTest {
  private static final String QUEUE = "http://127.0.0.1:9324/000000000000/q";

  @Test
  void theKeysComeFromTheGivenEnvironmentAndAreNeverPrinted() {
    BridgeSettings settings =
        BridgeSettings.fromEnvironment(
            Map.of(
                "CRICKET_BRIDGE_QUEUE_URL", QUEUE,
                "AWS_ACCESS_KEY_ID", "AKIAEXAMPLE",
                "AWS_SECRET_ACCESS_KEY", "very-secret-key"));
    assertThat(settings.keys()).isPresent();
    assertThat(settings.keys().get().accessKeyId()).isEqualTo("AKIAEXAMPLE");
    assertThat(settings.keys().get().secretAccessKey()).isEqualTo("very-secret-key");
    assertThat(settings.toString()).contains("AKIAEXAMPLE").doesNotContain("very-secret-key");
    assertThat(BridgeSettings.fromEnvironment(Map.of("CRICKET_BRIDGE_QUEUE_URL", QUEUE)).keys())
        .isEmpty();
  }

  @Test
  void reconciliationAndRedriveHaveSafeDefaults() {
    BridgeSettings settings =
        BridgeSettings.fromEnvironment(Map.of("CRICKET_BRIDGE_QUEUE_URL", QUEUE));
    assertThat(settings.bucket()).isEmpty();
    assertThat(settings.reconciles()).as("no bucket, no reconciliation").isFalse();
    assertThat(settings.prefix()).isEqualTo("tests/");
    assertThat(settings.suffix()).isEqualTo(".yaml");
    assertThat(settings.reconcileEvery()).isEqualTo(Duration.ofMinutes(5));
    assertThat(settings.reconcileGrace()).isEqualTo(Duration.ofMinutes(2));
    assertThat(settings.redrive()).isEqualTo(BridgeSettings.Redrive.START);
    assertThat(settings.hold()).isEqualTo(Duration.ofMinutes(15));
    // Kafka refuses a delivery timeout under linger.ms + request.timeout.ms when the producer
    // starts
    try (var producer = Bridge.producer(settings)) {
      assertThat(producer.metrics()).isNotEmpty();
    }

    BridgeSettings set =
        BridgeSettings.fromEnvironment(
            Map.of(
                "CRICKET_BRIDGE_QUEUE_URL", QUEUE,
                "CRICKET_BRIDGE_BUCKET", "b",
                "CRICKET_BRIDGE_RECONCILE", "30s",
                "CRICKET_BRIDGE_REDRIVE", "OFF"));
    assertThat(set.reconciles()).isTrue();
    assertThat(set.reconcileEvery()).isEqualTo(Duration.ofSeconds(30));
    assertThat(set.redrive()).isEqualTo(BridgeSettings.Redrive.OFF);
    assertThat(
            BridgeSettings.fromEnvironment(
                    Map.of(
                        "CRICKET_BRIDGE_QUEUE_URL", QUEUE,
                        "CRICKET_BRIDGE_BUCKET", "b",
                        "CRICKET_BRIDGE_RECONCILE", "0s"))
                .reconciles())
        .as("0s turns it off")
        .isFalse();
  }

  @Test
  void badValuesAreRefusedNamingTheVariable() {
    assertThatThrownBy(
            () ->
                BridgeSettings.fromEnvironment(
                    Map.of("CRICKET_BRIDGE_QUEUE_URL", QUEUE, "CRICKET_BRIDGE_RECONCILE", "500ms")))
        .isInstanceOf(SettingException.class)
        .hasMessageContaining("CRICKET_BRIDGE_RECONCILE")
        .hasMessageContaining("500ms");
    assertThatThrownBy(
            () ->
                BridgeSettings.fromEnvironment(
                    Map.of("CRICKET_BRIDGE_QUEUE_URL", QUEUE, "CRICKET_BRIDGE_REDRIVE", "always")))
        .isInstanceOf(SettingException.class)
        .hasMessageContaining("CRICKET_BRIDGE_REDRIVE")
        .hasMessageContaining("start, off");
    assertThatThrownBy(
            () ->
                BridgeSettings.fromEnvironment(
                    Map.of(
                        "CRICKET_BRIDGE_QUEUE_URL",
                        QUEUE,
                        "CRICKET_BRIDGE_RECONCILE_GRACE",
                        "-1m")))
        .isInstanceOf(SettingException.class)
        .hasMessageContaining("CRICKET_BRIDGE_RECONCILE_GRACE");
  }
}
