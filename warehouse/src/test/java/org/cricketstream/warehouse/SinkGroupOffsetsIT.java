package org.cricketstream.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.cricketstream.cricsheet.model.Delivery;
import org.cricketstream.cricsheet.read.MatchFiles;
import org.cricketstream.stack.LocalKafka;
import org.cricketstream.testsupport.Fixtures;
import org.cricketstream.testsupport.RawPublisher;
import org.cricketstream.testsupport.RawRecord;
import org.cricketstream.topics.JsonSerde;
import org.cricketstream.topics.TopicAdmin;
import org.cricketstream.topics.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sink's consumer group, which lag monitors read, follows the offsets the warehouse stored. A
 * sink killed between its warehouse commit and its copy to Kafka leaves the group behind; on a
 * partition that receives nothing more, only the next start can put it right.
 */
class SinkGroupOffsetsIT {
  private static Path dir;
  private static LocalKafka kafka;

  @BeforeAll
  static void publish() throws Exception {
    dir = Files.createTempDirectory("sink-group-offsets-it-");
    kafka = LocalKafka.start(dir.resolve("kafka"));
    TopicAdmin.ensure(kafka.bootstrapServers(), Topics.all());
    @SuppressWarnings("unchecked")
    JsonSerde<Delivery> serde = (JsonSerde<Delivery>) Topics.DELIVERIES.valueSerde();
    List<Delivery> deliveries =
        MatchFiles.readMatch(Fixtures.folder().resolve("json/900001.json"))
            .deliveries()
            .subList(0, 6);
    try (RawPublisher publisher = new RawPublisher(kafka.bootstrapServers())) {
      publisher.publish(
          deliveries.stream()
              .map(
                  d -> new RawRecord(Topics.DELIVERIES.name(), d.key(), serde.toBytes(d), Map.of()))
              .toList());
    }
  }

  @AfterAll
  static void stop() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void aStartingSinkCopiesTheWarehousesOffsetsToItsGroup() throws Exception {
    WarehouseSettings settings =
        WarehouseSettings.fromEnvironment(Map.of())
            .withUrl("jdbc:duckdb:" + dir.resolve("duckdb/cricket.duckdb"))
            .withBootstrapServers(kafka.bootstrapServers())
            .withGroupId("group-offsets");
    SinkOffsets.loadAll(settings);
    Map<TopicPartition, Long> stored;
    try (Warehouse warehouse = Warehouse.open(settings)) {
      stored = SinkOffsets.stored(warehouse.connection());
    }
    Map<TopicPartition, Long> loaded = new HashMap<>(stored);
    loaded.values().removeIf(next -> next == 0);
    assertThat(loaded).isNotEmpty();
    try (Admin admin = admin()) {
      assertThat(committed(admin, settings.groupId())).containsAllEntriesOf(loaded);
      // what a sink killed after its warehouse commit leaves: the group where it was before
      Map<TopicPartition, Long> behind = new HashMap<>();
      loaded.keySet().forEach(tp -> behind.put(tp, 0L));
      Map<TopicPartition, OffsetAndMetadata> alter = new HashMap<>();
      behind.forEach((tp, next) -> alter.put(tp, new OffsetAndMetadata(next)));
      admin.alterConsumerGroupOffsets(settings.groupId(), alter).all().get(30, TimeUnit.SECONDS);
      assertThat(committed(admin, settings.groupId())).containsAllEntriesOf(behind);

      SinkOffsets.loadAll(settings); // nothing new to load: only its start can copy the offsets

      assertThat(committed(admin, settings.groupId())).isEqualTo(stored);
    }
  }

  private static Admin admin() {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
  }

  private static Map<TopicPartition, Long> committed(Admin admin, String group) throws Exception {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    admin
        .listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata()
        .get(30, TimeUnit.SECONDS)
        .forEach((tp, o) -> offsets.put(tp, o.offset()));
    return offsets;
  }
}
