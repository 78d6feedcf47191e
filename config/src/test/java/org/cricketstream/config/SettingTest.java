package org.cricketstream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingTest {
  private static final Setting<Duration> HORIZON =
      Setting.duration("CRICKET_DEDUP_HORIZON", "P7D", "how long a repeat is recognised")
          .positive();
  private static final Setting<Integer> THREADS =
      Setting.integer("CRICKET_PROCESSOR_THREADS", 1, "stream threads").between(1, 64);
  private static final Setting<String> QUEUE =
      Setting.text("CRICKET_BRIDGE_QUEUE_URL", null, "the SQS queue the bridge reads");

  @Test
  void missingNamesTheVariableAndWhatItIsFor() {
    assertThatThrownBy(() -> QUEUE.read(Map.of()))
        .isInstanceOf(SettingException.class)
        .hasMessage(
            "CRICKET_BRIDGE_QUEUE_URL is not set: expected a non-empty text"
                + " (the SQS queue the bridge reads)");
  }

  @Test
  void malformedNamesTheVariableTheValueAndTheForm() {
    assertThatThrownBy(() -> HORIZON.read(Map.of("CRICKET_DEDUP_HORIZON", "seven days")))
        .isInstanceOf(SettingException.class)
        .hasMessage(
            "CRICKET_DEDUP_HORIZON=\"seven days\": expected a duration such as P7D, PT30S, 7d, 30s"
                + " or 500ms, more than zero");
    assertThatThrownBy(() -> THREADS.read(Map.of("CRICKET_PROCESSOR_THREADS", "two")))
        .hasMessage("CRICKET_PROCESSOR_THREADS=\"two\": expected a whole number from 1 to 64");
  }

  @Test
  void outOfRangeNamesTheRange() {
    assertThatThrownBy(() -> THREADS.read(Map.of("CRICKET_PROCESSOR_THREADS", "0")))
        .hasMessage("CRICKET_PROCESSOR_THREADS=\"0\": expected a whole number from 1 to 64");
    assertThatThrownBy(() -> HORIZON.read(Map.of("CRICKET_DEDUP_HORIZON", "PT0S")))
        .hasMessageStartingWith("CRICKET_DEDUP_HORIZON=\"PT0S\": expected a duration");
  }

  @Test
  void everyMessageIsOneLine() {
    for (Runnable bad :
        new Runnable[] {
          () -> QUEUE.read(Map.of()),
          () -> HORIZON.read(Map.of("CRICKET_DEDUP_HORIZON", "x\ny")),
          () -> THREADS.read(Map.of("CRICKET_PROCESSOR_THREADS", "-1"))
        }) {
      assertThatThrownBy(bad::run).satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
  }

  @Test
  void durationsInIsoAndShortForm() {
    assertThat(HORIZON.read(Map.of())).isEqualTo(Duration.ofDays(7));
    assertThat(HORIZON.read(Map.of("CRICKET_DEDUP_HORIZON", "7d"))).isEqualTo(Duration.ofDays(7));
    assertThat(HORIZON.read(Map.of("CRICKET_DEDUP_HORIZON", "pt30s")))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(HORIZON.read(Map.of("CRICKET_DEDUP_HORIZON", "500ms")))
        .isEqualTo(Duration.ofMillis(500));
    assertThat(HORIZON.read(Map.of("CRICKET_DEDUP_HORIZON", " 2h ")))
        .isEqualTo(Duration.ofHours(2));
  }

  @Test
  void blankIsUnsetAndSecretsAreNeverShown() {
    assertThat(THREADS.read(Map.of("CRICKET_PROCESSOR_THREADS", " "))).isEqualTo(1);
    Setting<Integer> secret = Setting.integer("SOME_PIN", 1, "a pin").secret();
    assertThatThrownBy(() -> secret.read(Map.of("SOME_PIN", "hunter2")))
        .hasMessage("SOME_PIN=(hidden): expected a whole number")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
  }

  @Test
  void aDefaultThatDoesNotParseFailsWhereItIsDeclared() {
    assertThatThrownBy(() -> Setting.duration("SOME_WAIT", "soon", "a wait"))
        .isInstanceOf(SettingException.class)
        .hasMessageStartingWith("SOME_WAIT=\"soon\"");
  }
}
