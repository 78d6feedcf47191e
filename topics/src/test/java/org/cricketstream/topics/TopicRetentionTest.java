package org.cricketstream.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/** Every catalogue topic keeps a bounded window; the windows are settings, checked on reading. */
class TopicRetentionTest {

  @Test
  void nothingIsKeptForeverByDefault() {
    TopicRetention retention = TopicRetention.defaults();
    for (Topic<String, ?> topic : Topics.all()) {
      if (Topics.indexes().contains(topic)) {
        continue; // below
      }
      Map<String, String> config = TopicAdmin.configOf(topic, retention);
      assertThat(Long.parseLong(config.get(TopicConfig.RETENTION_MS_CONFIG)))
          .as("retention.ms of %s", topic)
          .isEqualTo(Duration.ofDays(7).toMillis());
      assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG)).contains("delete");
      assertThat(Long.parseLong(config.get(TopicConfig.SEGMENT_MS_CONFIG)))
          .isEqualTo(Duration.ofDays(1).toMillis());
    }
  }

  @Test
  void indexesAreCompactedAndNeverDeletedByAge() {
    Map<String, String> config =
        TopicAdmin.configOf(Topics.S3_PUBLISHED, TopicRetention.defaults());
    assertThat(config)
        .containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, "compact")
        .containsEntry(TopicConfig.RETENTION_MS_CONFIG, "-1");
    assertThatThrownBy(() -> TopicRetention.defaults().of(Topics.S3_PUBLISHED))
        .hasMessageContaining("index");
  }

  @Test
  void cleanTopicsAreCompactedWithTombstoneRetention() {
    Map<String, String> config = TopicAdmin.configOf(Topics.DELIVERIES, TopicRetention.defaults());
    assertThat(config)
        .containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, "compact,delete")
        .containsEntry(
            TopicConfig.DELETE_RETENTION_MS_CONFIG, String.valueOf(Duration.ofDays(1).toMillis()));
    assertThat(TopicAdmin.configOf(Topics.RAW_T20I, TopicRetention.defaults()))
        .doesNotContainKey(TopicConfig.DELETE_RETENTION_MS_CONFIG);
  }

  @Test
  void eachKindHasItsOwnWindowAndShortWindowsRollSegmentsAsOften() {
    TopicRetention retention =
        TopicRetention.fromEnvironment(
            Map.of(
                "CRICKET_RAW_RETENTION", "PT5S",
                "CRICKET_DEAD_LETTER_RETENTION", "P30D",
                "CRICKET_CLEAN_RETENTION", "PT12H"));
    assertThat(retention.of(Topics.RAW_ODI_DELIVERIES)).isEqualTo(Duration.ofSeconds(5));
    assertThat(retention.of(Topics.DEAD_LETTERS)).isEqualTo(Duration.ofDays(30));
    assertThat(retention.of(Topics.CONNECT_DEAD_LETTERS)).isEqualTo(Duration.ofDays(30));
    assertThat(retention.of(Topics.MATCHES)).isEqualTo(Duration.ofHours(12));
    assertThat(retention.configOf(Topics.RAW_TEST))
        .containsEntry(TopicConfig.RETENTION_MS_CONFIG, "5000")
        .containsEntry(TopicConfig.SEGMENT_MS_CONFIG, "5000");
    assertThat(TopicRetention.fromEnvironment(retention.toEnvironment())).isEqualTo(retention);
  }

  @Test
  void anInvalidValueIsOneLineNamingItsVariable() {
    assertThatThrownBy(
            () -> TopicRetention.fromEnvironment(Map.of("CRICKET_RAW_RETENTION", "7 days")))
        .hasMessage(
            "CRICKET_RAW_RETENTION=\"7 days\": expected a duration of at least one second such as"
                + " P7D or PT12H (nothing is kept forever)");
    assertThatThrownBy(
            () -> TopicRetention.fromEnvironment(Map.of("CRICKET_CLEAN_RETENTION", "PT-1S")))
        .hasMessageStartingWith(
            "CRICKET_CLEAN_RETENTION=\"PT-1S\": expected a duration of at least one second");
    assertThatThrownBy(
            () -> TopicRetention.fromEnvironment(Map.of("CRICKET_TOMBSTONE_RETENTION", "PT0S")))
        .hasMessageStartingWith("CRICKET_TOMBSTONE_RETENTION=\"PT0S\"");
  }

  @Test
  void rawTopicsMustOutlastTheDeduplicationHorizon() {
    TopicRetention.checkHorizon(Duration.ofDays(3), Duration.ofDays(3), "declared");
    TopicRetention.checkHorizon(null, Duration.ofDays(3), "kept forever");
    assertThatThrownBy(
            () ->
                TopicRetention.checkHorizon(
                    Duration.ofDays(3), Duration.ofDays(7), "raw.cricket.t20i"))
        .hasMessage(
            "CRICKET_RAW_RETENTION PT72H (raw.cricket.t20i) is shorter than CRICKET_DEDUP_HORIZON"
                + " PT168H: raise the retention or lower the horizon");
  }
}
