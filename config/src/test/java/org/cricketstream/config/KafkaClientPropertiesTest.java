package org.cricketstream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientPropertiesTest {
  private static final String JAAS =
      "org.apache.kafka.common.security.scram.ScramLoginModule required"
          + " username=\"cricket\" password=\"s3cret\";";

  @TempDir Path dir;

  @Test
  void unsetOrBlankIsNone() {
    assertThat(KafkaClientProperties.fromEnvironment(Map.of()))
        .isSameAs(KafkaClientProperties.NONE);
    assertThat(KafkaClientProperties.fromEnvironment(Map.of("CRICKET_KAFKA_PROPERTIES", "  ")))
        .isSameAs(KafkaClientProperties.NONE);
    assertThat(KafkaClientProperties.NONE.applyTo(new HashMap<String, Object>(), "producer."))
        .isEmpty();
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = dir.resolve("no-such.properties");
    assertThatThrownBy(
            () ->
                KafkaClientProperties.fromEnvironment(
                    Map.of("CRICKET_KAFKA_PROPERTIES", missing.toString())))
        .isInstanceOf(SettingException.class)
        .hasMessage(
            "CRICKET_KAFKA_PROPERTIES="
                + missing
                + ": no such file (expected Kafka client properties)");
  }

  @Test
  void anUnreadableFileIsNamed() {
    // a folder cannot be read as a file, whoever runs the test (root reads files of mode 000)
    assertThatThrownBy(() -> KafkaClientProperties.load(dir))
        .isInstanceOf(SettingException.class)
        .hasMessageStartingWith(
            "CRICKET_KAFKA_PROPERTIES=" + dir + ": cannot read it as a properties file (")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void theClusterAddressStaysInItsOwnSetting() throws IOException {
    Path file = write("bootstrap.servers=elsewhere:9092\nsecurity.protocol=SASL_SSL\n");
    assertThatThrownBy(() -> KafkaClientProperties.load(file))
        .isInstanceOf(SettingException.class)
        .hasMessage(
            "CRICKET_KAFKA_PROPERTIES="
                + file
                + ": sets bootstrap.servers; give the cluster's address in"
                + " KAFKA_BOOTSTRAP_SERVERS instead");
  }

  @Test
  void valuesAreAppliedPlainAndBehindEachPrefix() throws IOException {
    Path file =
        write(
            "# Confluent Cloud\n"
                + "security.protocol = SASL_SSL\n"
                + "sasl.mechanism=SCRAM-SHA-512\n"
                + "sasl.jaas.config="
                + JAAS.replace("\"", "\\\"")
                + "\n");
    KafkaClientProperties client =
        KafkaClientProperties.fromEnvironment(Map.of("CRICKET_KAFKA_PROPERTIES", file.toString()));
    assertThat(client.file()).contains(file);
    assertThat(client.values())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "sasl.jaas.config", JAAS,
                "sasl.mechanism", "SCRAM-SHA-512",
                "security.protocol", "SASL_SSL"));

    Properties streams = new Properties();
    streams.put("bootstrap.servers", "broker:9096");
    streams.put("security.protocol", "PLAINTEXT");
    client.applyTo(streams);
    assertThat(streams)
        .containsEntry("bootstrap.servers", "broker:9096")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.jaas.config", JAAS)
        .hasSize(4);

    Map<String, String> worker = client.applyTo(new HashMap<>(), "producer.", "admin.");
    assertThat(worker)
        .hasSize(9)
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("producer.sasl.jaas.config", JAAS)
        .containsEntry("admin.security.protocol", "SASL_SSL");
  }

  @Test
  void itsTextNamesTheFileAndKeysButNoValue() throws IOException {
    Path file = write("sasl.jaas.config=" + JAAS + "\n");
    assertThat(KafkaClientProperties.load(file).toString())
        .isEqualTo(file + " [sasl.jaas.config]")
        .doesNotContain("s3cret");
  }

  private Path write(String text) throws IOException {
    return Files.writeString(dir.resolve("client.properties"), text);
  }
}
