package org.cricketstream.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.cricketstream.stack.LocalPostgres;
import org.cricketstream.topics.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@link Landed.Tally} kept between counts gives what a count from the start gives, on DuckDB and
 * on a real PostgreSQL: records landed between counts (repeats of ids counted before, a partition
 * seen for the first time, one below a partition already read), the two forms of Debezium's event,
 * and a topic whose landed records were deleted and landed again.
 */
class LandedIT {
  @TempDir Path dir;

  @Test
  void aTallyKeptBetweenCountsCountsAsACountFromTheStartOnDuckDb() throws Exception {
    WarehouseSettings settings =
        WarehouseSettings.fromEnvironment(Map.of())
            .withUrl("jdbc:duckdb:" + dir.resolve("w/cricket.duckdb"));
    try (Warehouse warehouse = Warehouse.open(settings)) {
      countsAsTheSourcesHoldThem(warehouse);
    }
  }

  @Test
  void aTallyKeptBetweenCountsCountsAsACountFromTheStartOnPostgres() throws Exception {
    try (LocalPostgres postgres = LocalPostgres.start(dir.resolve("pg"))) {
      WarehouseSettings settings = PostgresWarehouse.create(postgres);
      try (Warehouse warehouse = Warehouse.open(settings)) {
        countsAsTheSourcesHoldThem(warehouse);
      }
    }
  }

  private static void countsAsTheSourcesHoldThem(Warehouse warehouse) throws SQLException {
    Connection c = warehouse.connection();
    c.setAutoCommit(false);
    Landing landing = new Landing(c);
    Landed.Tally tally = new Landed.Tally();

    // nothing landed yet
    assertThat(tally.count(c, warehouse.dialect()))
        .allSatisfy((topic, n) -> assertThat(n).isZero());

    // ODI rows 1-40 on partitions 0 and 1, rows 5-9 sent twice; documents and objects by key
    for (int id = 1; id <= 40; id++) {
      landing.row(Topics.RAW_ODI_DELIVERIES.name(), id % 2, id, false);
    }
    for (int id = 5; id <= 9; id++) {
      landing.row(Topics.RAW_ODI_DELIVERIES.name(), id % 2, id, false);
    }
    landing.row(Topics.RAW_ODI_MATCHES.name(), 0, 1, false);
    landing.row(Topics.RAW_ODI_MATCHES.name(), 0, 2, true); // inside the converter's envelope
    landing.keyed(Topics.RAW_T20I.name(), 0, "{\"id\": \"m1\"}");
    landing.keyed(Topics.RAW_T20I.name(), 1, "{\"id\": \"m2\"}");
    landing.keyed(Topics.RAW_TEST.name(), 0, "test/1.yaml");
    c.commit();
    assertCounted(c, warehouse, tally, landing);

    // since then: repeats of what was counted, new rows, a third partition and an id past int's
    // digits, a document sent again, a new object
    for (int id = 30; id <= 60; id++) {
      landing.row(Topics.RAW_ODI_DELIVERIES.name(), id % 3, id, false);
    }
    landing.row(Topics.RAW_ODI_DELIVERIES.name(), 2, 12_345_678_901L, false);
    landing.row(Topics.RAW_ODI_MATCHES.name(), 0, 2, false);
    landing.keyed(Topics.RAW_T20I.name(), 0, "{\"id\": \"m1\"}");
    landing.keyed(Topics.RAW_TEST.name(), 3, "test/2.yaml");
    c.commit();
    assertCounted(c, warehouse, tally, landing);

    // a partition below the highest one read, landing for the first time
    landing.keyed(Topics.RAW_TEST.name(), 1, "test/3.yaml");
    c.commit();
    assertCounted(c, warehouse, tally, landing);

    // the ODI deliveries' landed records gone, then fewer landed again from offset 0
    try (Statement s = c.createStatement()) {
      s.execute("DELETE FROM raw_events WHERE topic = '" + Topics.RAW_ODI_DELIVERIES.name() + "'");
    }
    landing.forget(Topics.RAW_ODI_DELIVERIES.name());
    for (int id = 100; id <= 104; id++) {
      landing.row(Topics.RAW_ODI_DELIVERIES.name(), 0, id, false);
    }
    c.commit();
    assertCounted(c, warehouse, tally, landing);
  }

  private static void assertCounted(
      Connection c, Warehouse warehouse, Landed.Tally tally, Landing landing) throws SQLException {
    Map<String, Long> expected = landing.distinct();
    assertThat(tally.count(c, warehouse.dialect())).isEqualTo(expected);
    assertThat(Landed.distinct(c, warehouse.dialect())).isEqualTo(expected);
    c.commit();
  }

  /** Writes raw events as the sink lands them, and keeps the ids each topic's source has. */
  private static final class Landing {
    private final Connection c;
    private final Map<String, Map<Integer, Long>> nextOffset = new HashMap<>();
    private final Map<String, Set<String>> ids = new TreeMap<>();

    Landing(Connection c) {
      this.c = c;
      for (String topic :
          new String[] {
            Topics.RAW_T20I.name(),
            Topics.RAW_TEST.name(),
            Topics.RAW_ODI_MATCHES.name(),
            Topics.RAW_ODI_DELIVERIES.name()
          }) {
        ids.put(topic, new HashSet<>());
      }
    }

    /** A Debezium change event of row {@code id}, bare or in the converter's envelope. */
    void row(String topic, int partition, long id, boolean enveloped) throws SQLException {
      String after = "{\"after\": {\"id\": " + id + ", \"over\": 1}}";
      insert(
          topic,
          partition,
          ("{\"id\": " + id + "}").getBytes(StandardCharsets.UTF_8),
          enveloped ? "{\"schema\": null, \"payload\": " + after + "}" : after);
      ids.get(topic).add(Long.toString(id));
    }

    /** A record whose key names what the source holds (a document id, an object key). */
    void keyed(String topic, int partition, String key) throws SQLException {
      insert(topic, partition, key.getBytes(StandardCharsets.UTF_8), "{}");
      ids.get(topic).add(key);
    }

    void forget(String topic) {
      ids.get(topic).clear();
      nextOffset.remove(topic);
    }

    Map<String, Long> distinct() {
      Map<String, Long> counts = new TreeMap<>();
      ids.forEach((topic, set) -> counts.put(topic, (long) set.size()));
      return counts;
    }

    private void insert(String topic, int partition, byte[] key, String payload)
        throws SQLException {
      long offset =
          nextOffset.computeIfAbsent(topic, t -> new HashMap<>()).merge(partition, 1L, Long::sum)
              - 1;
      try (PreparedStatement insert =
          c.prepareStatement(
              "INSERT INTO raw_events (topic, partition_id, record_offset, record_timestamp,"
                  + " record_key, headers, payload) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        insert.setString(1, topic);
        insert.setInt(2, partition);
        insert.setLong(3, offset);
        insert.setLong(4, 0);
        insert.setBytes(5, key);
        insert.setString(6, "[]");
        insert.setBytes(7, payload.getBytes(StandardCharsets.UTF_8));
        insert.executeUpdate();
      }
    }
  }
}
