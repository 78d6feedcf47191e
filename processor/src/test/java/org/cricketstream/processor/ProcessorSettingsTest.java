package org.cricketstream.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.cricketstream.topics.Replication;
import org.junit.jupiter.api.Test;

class ProcessorSettingsTest {
  @Test
  void theCommitIntervalIsHalfKafkaStreamsOwnExactlyOnceDefault() {
    var props =
        ProcessorSettings.fromEnvironment(Map.of()).streamsProperties(Replication.forBrokers(1));
    assertThat(props.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(50L);
    assertThat(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
        .isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
  }

  @Test
  void theCommitIntervalIsASettingInAnyDurationForm() {
    var props =
        ProcessorSettings.fromEnvironment(Map.of("CRICKET_PROCESSOR_COMMIT_INTERVAL", "25ms"))
            .streamsProperties(Replication.forBrokers(1));
    assertThat(props.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(25L);
  }

  @Test
  void aCommitIntervalOfZeroIsRefusedNamingTheSetting() {
    assertThatThrownBy(
            () ->
                ProcessorSettings.fromEnvironment(
                    Map.of("CRICKET_PROCESSOR_COMMIT_INTERVAL", "0s")))
        .hasMessageContaining("CRICKET_PROCESSOR_COMMIT_INTERVAL");
  }
}
