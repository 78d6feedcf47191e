package org.cricketstream.sources.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.cricketstream.topics.Topics;
import org.junit.jupiter.api.Test;

/** The connectors write to the topics the catalogue declares, and name no topic themselves. */
class ConnectorsTest {
  private static final Map<String, String> VALUES =
      Map.of(
          "MONGO_URI", "mongodb://127.0.0.1:1",
          "PG_HOST", "127.0.0.1",
          "PG_PORT", "1",
          "PG_USER", "u",
          "PG_PASSWORD", "p",
          "PG_DATABASE", "cricket");

  @Test
  void theMongoConnectorWritesTheCataloguesT20iTopic() {
    ObjectNode c = Connectors.config(Connectors.T20I_MONGO, VALUES);
    // MongoDB's connector names its topic <topic.prefix>.<database>.<collection>
    String topic =
        c.get("topic.prefix").asText()
            + "."
            + c.get("database").asText()
            + "."
            + c.get("collection").asText();
    assertThat(topic).isEqualTo(Topics.RAW_T20I.name());
  }

  @Test
  void bothConnectorsFailTheirTaskRatherThanSkipARecord() {
    for (String name : List.of(Connectors.T20I_MONGO, Connectors.ODI_POSTGRES)) {
      ObjectNode c = Connectors.config(name, VALUES);
      assertThat(c.get("errors.tolerance").asText()).as(name).isEqualTo("none");
      // a record too large for Kafka becomes a marker instead of failing the task forever
      assertThat(c.get("transforms.oversize.type").asText())
          .as(name)
          .isEqualTo(OversizeRecords.class.getName());
    }
    ObjectNode mongo = Connectors.config(Connectors.T20I_MONGO, VALUES);
    // with "all", a lost resume token would restart the change stream from now: a silent gap
    assertThat(mongo.get("mongo.errors.tolerance").asText()).isEqualTo("none");
    ObjectNode debezium = Connectors.config(Connectors.ODI_POSTGRES, VALUES);
    assertThat(debezium.get("event.processing.failure.handling.mode").asText()).isEqualTo("fail");
    // a lost database fails the task, restarted from its offsets, not restarted inside the task
    assertThat(debezium.get("errors.max.retries").asText()).isEqualTo("0");
  }

  @Test
  void debeziumWritesTheCataloguesOdiTopics() {
    ObjectNode c = Connectors.config(Connectors.ODI_POSTGRES, VALUES);
    // Debezium names its topics <topic.prefix>.<schema>.<table>
    List<String> topics =
        Arrays.stream(c.get("table.include.list").asText().split(",", -1))
            .map(table -> c.get("topic.prefix").asText() + "." + table.strip())
            .toList();
    assertThat(topics)
        .containsExactlyInAnyOrder(
            Topics.RAW_ODI_MATCHES.name(),
            Topics.RAW_ODI_DELIVERIES.name(),
            Topics.RAW_ODI_HEARTBEAT.name());
    // and its own heartbeat records: <topic.heartbeat.prefix>.<topic.prefix>
    assertThat(c.get("topic.heartbeat.prefix").asText() + "." + c.get("topic.prefix").asText())
        .isEqualTo(Topics.CONNECT_HEARTBEATS.name());
  }

  @Test
  void noConfigurationNamesATopicOfTheCatalogueLiterally() throws Exception {
    for (String name : List.of(Connectors.T20I_MONGO, Connectors.ODI_POSTGRES)) {
      String text =
          new String(
              ConnectorsTest.class
                  .getClassLoader()
                  .getResourceAsStream("connect/" + name + ".json")
                  .readAllBytes(),
              java.nio.charset.StandardCharsets.UTF_8);
      for (var topic : Topics.all()) {
        assertThat(text).as(name).doesNotContain("\"" + topic.name() + "\"");
      }
    }
  }
}
