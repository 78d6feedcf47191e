package org.cricketstream.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
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
}
