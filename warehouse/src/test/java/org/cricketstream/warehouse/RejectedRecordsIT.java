package org.cricketstream.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cricketstream.config.Secrets;
import org.cricketstream.cricsheet.model.Delivery;
import org.cricketstream.cricsheet.read.MatchFiles;
import org.cricketstream.stack.LocalKafka;
import org.cricketstream.stack.LocalPostgres;
import org.cricketstream.testsupport.Fixtures;
import org.cricketstream.testsupport.RawPublisher;
import org.cricketstream.testsupport.RawRecord;
import org.cricketstream.topics.JsonSerde;
import org.cricketstream.topics.TopicAdmin;
import org.cricketstream.topics.Topics;
import org.cricketstream.warehouse.sink.WarehouseSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A clean record the warehouse refuses is kept in {@code rejected_records} with its coordinates,
 * bytes and error, and the sink goes on with the records after it: a value that is not a delivery
 * (both backends), and a batter's name with a NUL byte, which PostgreSQL's text cannot hold and
 * DuckDB's can.
 */
class RejectedRecordsIT {
  private static Path dir;
  private static LocalKafka kafka;
  private static LocalPostgres postgres;
  private static final List<Delivery> DELIVERIES = new ArrayList<>();

  @BeforeAll
  static void publish() throws Exception {
    dir = Files.createTempDirectory("rejected-records-it-");
    kafka = LocalKafka.start(dir.resolve("kafka"));
    postgres = LocalPostgres.start(dir.resolve("postgres"));
    postgres.createDatabase("warehouse");
    TopicAdmin.ensure(kafka.bootstrapServers(), Topics.all());
    DELIVERIES.addAll(
        MatchFiles.readMatch(Fixtures.folder().resolve("json/900001.json"))
            .deliveries()
            .subList(0, 4));
    @SuppressWarnings("unchecked")
    JsonSerde<Delivery> serde = (JsonSerde<Delivery>) Topics.DELIVERIES.valueSerde();
    String deliveries = Topics.DELIVERIES.name();
    Delivery nul = DELIVERIES.get(1);
    String withNul =
        new String(serde.toBytes(nul), StandardCharsets.UTF_8)
            .replace("\"" + nul.batter() + "\"", "\"" + nul.batter() + "\\u0000\"");
    assertThat(withNul).contains("\\u0000");
    List<RawRecord> records =
        List.of(
            record(deliveries, DELIVERIES.get(0).key(), serde.toBytes(DELIVERIES.get(0))),
            record(deliveries, nul.key(), withNul.getBytes(StandardCharsets.UTF_8)),
            record(
                deliveries,
                DELIVERIES.get(2).key(),
                "{not a delivery".getBytes(StandardCharsets.UTF_8)),
            record(deliveries, DELIVERIES.get(3).key(), serde.toBytes(DELIVERIES.get(3))));
    try (RawPublisher publisher = new RawPublisher(kafka.bootstrapServers())) {
      publisher.publish(records);
    }
  }

  private static RawRecord record(String topic, String key, byte[] value) {
    return new RawRecord(topic, key, value, Map.of());
  }

  @AfterAll
  static void stop() {
    if (kafka != null) {
      kafka.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void postgresKeepsTheNulAndTheMalformedRecordsAsideAndLoadsTheRest() throws Exception {
    WarehouseSettings settings =
        settings(postgres.jdbcUrl("warehouse"), "rejected-postgres")
            .withLogins(
                LocalPostgres.USER, postgres.password(), "cricket_reader", Secrets.generate());
    SinkOffsets.loadAll(settings);
    try (Warehouse warehouse = Warehouse.open(settings)) {
      Connection c = warehouse.connection();
      assertThat(deliveryKeys(c))
          .containsExactlyInAnyOrder(DELIVERIES.get(0).key(), DELIVERIES.get(3).key());
      List<String> rejected = rejected(c);
      assertThat(rejected).hasSize(2);
      assertThat(rejected.get(0)).startsWith(DELIVERIES.get(1).key()).contains("0x00");
      assertThat(rejected.get(1)).startsWith(DELIVERIES.get(2).key()).contains("cannot load");
    }
  }

  @Test
  void duckDbHoldsTheNulAndKeepsOnlyTheMalformedRecordAside() throws Exception {
    WarehouseSettings settings =
        settings("jdbc:duckdb:" + dir.resolve("duckdb/cricket.duckdb"), "rejected-duckdb");
    SinkOffsets.loadAll(settings);
    try (Warehouse warehouse = Warehouse.open(settings)) {
      Connection c = warehouse.connection();
      assertThat(deliveryKeys(c))
          .containsExactlyInAnyOrder(
              DELIVERIES.get(0).key(), DELIVERIES.get(1).key(), DELIVERIES.get(3).key());
      List<String> rejected = rejected(c);
      assertThat(rejected).hasSize(1);
      assertThat(rejected.get(0)).startsWith(DELIVERIES.get(2).key());
    }
  }

  /**
   * A failure that is no refusal (a table gone) stops the sink with the warehouse's error, raised
   * where the sink runs though the batch was written on its writer thread, and stores nothing of
   * what failed, offsets included.
   */
  @Test
  void aWarehouseThatFailsOtherwiseStopsTheSinkWithItsErrorAndNothingStored() throws Exception {
    postgres.createDatabase("broken");
    WarehouseSettings settings =
        settings(postgres.jdbcUrl("broken"), "rejected-broken")
            .withLogins(
                LocalPostgres.USER, postgres.password(), "cricket_reader", Secrets.generate());
    try (Warehouse warehouse = Warehouse.open(settings);
        Statement s = warehouse.connection().createStatement()) {
      s.execute("ALTER TABLE deliveries RENAME TO deliveries_gone");
      warehouse.connection().commit();
    }
    WarehouseSink sink = new WarehouseSink(settings, c -> {});
    Throwable[] failure = new Throwable[1];
    Thread thread =
        new Thread(
            () -> {
              try {
                sink.run();
              } catch (RuntimeException e) {
                failure[0] = e;
              }
            },
            "sink");
    thread.start();
    thread.join(60_000);
    assertThat(thread.isAlive()).as("the sink stopped").isFalse();
    assertThat(failure[0])
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("deliveries")
        .hasMessageContaining("does not exist");
    try (Warehouse warehouse = Warehouse.open(settings)) {
      Connection c = warehouse.connection();
      assertThat(count(c, "SELECT count(*) FROM deliveries_gone")).isZero();
      // the first batch's deliveries go straight into the table, whose absence fails them before
      // any row of theirs is refused (the NUL included): nothing is set aside, no position moves
      assertThat(count(c, "SELECT count(*) FROM rejected_records")).isZero();
      assertThat(count(c, "SELECT count(*) FROM sink_offsets WHERE next_offset > 0")).isZero();
    }
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static WarehouseSettings settings(String url, String group) {
    return WarehouseSettings.fromEnvironment(Map.of())
        .withUrl(url)
        .withBootstrapServers(kafka.bootstrapServers())
        .withGroupId(group);
  }

  private static List<String> deliveryKeys(Connection c) throws SQLException {
    List<String> keys = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT delivery_key FROM deliveries")) {
      while (rs.next()) {
        keys.add(rs.getString(1));
      }
    }
    return keys;
  }

  /** "key error" per rejected record, in key order. */
  private static List<String> rejected(Connection c) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT record_offset, record_key, error, payload FROM rejected_records"
                    + " WHERE topic = 'deliveries' ORDER BY record_key")) {
      while (rs.next()) {
        assertThat(rs.getBytes(4)).isNotEmpty();
        assertThat(rs.getLong(1)).isNotNegative();
        rows.add(new String(rs.getBytes(2), StandardCharsets.UTF_8) + " " + rs.getString(3));
      }
    }
    return rows;
  }
}
