package org.cricketstream.sources.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cricketstream.topics.SchemaIdInterceptor;
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

  /**
   * With schema ids, each ODI topic's records get their own topic's id from Kafka Connect's own
   * transform and predicate, configured as the connector is; the oversize transform still runs.
   */
  @Test
  void schemaIdsAreStampedPerTopicByConnectsOwnTransforms() {
    Map<String, Integer> ids = new java.util.LinkedHashMap<>();
    List<org.cricketstream.topics.Topic<String, byte[]>> topics =
        Connectors.topicsOf(Connectors.ODI_POSTGRES);
    for (int i = 0; i < topics.size(); i++) {
      ids.put(topics.get(i).name(), 40 + i);
    }
    ObjectNode c =
        Connectors.withSchemaIds(Connectors.config(Connectors.ODI_POSTGRES, VALUES), ids);
    assertThat(c.get("transforms").asText()).startsWith("oversize,").contains("schemaId2");
    for (String transform : c.get("transforms").asText().split(",", -1)) {
      if (!transform.startsWith("schemaId")) {
        continue;
      }
      String t = "transforms." + transform + ".";
      String predicate = c.get(t + "predicate").asText();
      assertThat(Arrays.asList(c.get("predicates").asText().split(",", -1))).contains(predicate);
      try (org.apache.kafka.connect.transforms.InsertHeader<
                  org.apache.kafka.connect.source.SourceRecord>
              insert = new org.apache.kafka.connect.transforms.InsertHeader<>();
          org.apache.kafka.connect.transforms.predicates.TopicNameMatches<
                  org.apache.kafka.connect.source.SourceRecord>
              matches = new org.apache.kafka.connect.transforms.predicates.TopicNameMatches<>()) {
        insert.configure(
            Map.of(
                "header", c.get(t + "header").asText(),
                "value.literal", c.get(t + "value.literal").asText()));
        matches.configure(
            Map.of("pattern", c.get("predicates." + predicate + ".pattern").asText()));
        for (String topic : ids.keySet()) {
          org.apache.kafka.connect.source.SourceRecord record =
              new org.apache.kafka.connect.source.SourceRecord(
                  Map.of(), Map.of(), topic, null, null, null, "{}");
          boolean applies = matches.test(record);
          if (applies) {
            org.apache.kafka.connect.header.Header header =
                insert.apply(record).headers().lastWithName(SchemaIdInterceptor.HEADER);
            assertThat(Integer.parseInt(header.value().toString())).isEqualTo(ids.get(topic));
          }
          assertThat(applies)
              .as("%s on %s", transform, topic)
              .isEqualTo(c.get(t + "value.literal").asText().equals("" + ids.get(topic)));
        }
      }
    }
  }

  @Test
  void bothConnectorsPlaceRecordsByMatchUnlessOneAlreadyRunsWithoutIt() {
    for (String name : List.of(Connectors.T20I_MONGO, Connectors.ODI_POSTGRES)) {
      ObjectNode wanted = Connectors.config(name, VALUES);
      assertThat(Connectors.placesByMatch(wanted)).as(name).isTrue();
      assertThat(wanted.get("transforms.byMatch.type").asText())
          .isEqualTo(ByMatchPartition.class.getName());
      // a new connector, or one placing by match already: as given
      assertThat(Connectors.keepingPlacement(wanted, Optional.empty(), false)).isSameAs(wanted);
      assertThat(Connectors.keepingPlacement(wanted, Optional.of(wanted), false)).isSameAs(wanted);

      // one made before: it keeps placing records by key, everything else as given
      ObjectNode before = wanted.deepCopy();
      before.put("transforms", "oversize");
      before.remove("transforms.byMatch.type");
      ObjectNode kept = Connectors.keepingPlacement(wanted, Optional.of(before), false);
      assertThat(Connectors.placesByMatch(kept)).isFalse();
      assertThat(kept.get("transforms").asText()).isEqualTo("oversize");
      assertThat(kept.has("transforms.byMatch.type")).isFalse();
      assertThat(kept.get("transforms.oversize.type"))
          .isEqualTo(wanted.get("transforms.oversize.type"));
      assertThat(kept.size()).isEqualTo(wanted.size() - 1);
      // kept also with the registry's transforms after it
      ObjectNode stamped = Connectors.withSchemaIds(wanted, Map.of("raw.x", 7));
      assertThat(
              Connectors.keepingPlacement(stamped, Optional.of(before), false)
                  .get("transforms")
                  .asText())
          .isEqualTo("oversize,schemaId0");
      // until asked to switch
      assertThat(Connectors.keepingPlacement(wanted, Optional.of(before), true)).isSameAs(wanted);
    }
  }
}
