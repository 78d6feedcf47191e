package org.cricketstream.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.cricketstream.config.Secrets;
import org.cricketstream.cricsheet.model.Delivery;
import org.cricketstream.cricsheet.model.Extras;
import org.cricketstream.cricsheet.model.Fielder;
import org.cricketstream.cricsheet.model.Wicket;
import org.cricketstream.stack.LocalPostgres;
import org.cricketstream.topics.JsonSerde;
import org.cricketstream.topics.Topics;
import org.cricketstream.warehouse.load.Batch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tables that grow with every ball (deliveries, wickets, the landing layer) take a batch's rows
 * by the fast path straight into the table, after the keys they replace are deleted: a key written
 * again is overwritten with its children, a landed record landed again is kept once, and rows of
 * other keys stay. On DuckDB and on PostgreSQL.
 */
class DirectAppendIT {
  private static final JsonSerde<Delivery> SERDE =
      (JsonSerde<Delivery>) Topics.DELIVERIES.valueSerde();
  private static final String RAW = Topics.raw().get(0).name();

  @TempDir Path dir;

  @Test
  void onDuckDb() throws Exception {
    aKeyWrittenAgainIsReplacedWithItsChildrenAndALandedRecordIsKeptOnce(
        WarehouseSettings.fromEnvironment(
            Map.of(WarehouseSettings.URL.name(), "jdbc:duckdb:" + dir.resolve("w.duckdb"))));
  }

  @Test
  void onPostgres() throws Exception {
    try (LocalPostgres postgres = LocalPostgres.start(dir.resolve("pg"))) {
      postgres.createDatabase("warehouse");
      aKeyWrittenAgainIsReplacedWithItsChildrenAndALandedRecordIsKeptOnce(
          WarehouseSettings.fromEnvironment(Map.of())
              .withUrl(postgres.jdbcUrl("warehouse"))
              .withLogins(
                  LocalPostgres.USER, postgres.password(), "cricket_reader", Secrets.generate()));
    }
  }

  private void aKeyWrittenAgainIsReplacedWithItsChildrenAndALandedRecordIsKeptOnce(
      WarehouseSettings settings) throws Exception {
    Delivery out =
        delivery(1, List.of(new Wicket("caught", "A", List.of(new Fielder("F", false)))));
    Delivery other = delivery(2, List.of(new Wicket("bowled", "B", List.of())));
    Delivery notOut = delivery(1, List.of());
    try (Warehouse warehouse = Warehouse.open(settings)) {
      Batch first = new Batch();
      first.addClean(Topics.DELIVERIES.name(), out.key(), SERDE.toBytes(out));
      first.addClean(Topics.DELIVERIES.name(), other.key(), SERDE.toBytes(other));
      first.add(raw(5, "five"));
      warehouse.commit(first);

      Batch second = new Batch();
      second.addClean(Topics.DELIVERIES.name(), notOut.key(), SERDE.toBytes(notOut));
      second.add(raw(5, "five"));
      second.add(raw(6, "six"));
      warehouse.commit(second);

      Connection c = warehouse.connection();
      c.commit();
      assertThat(rows(c, "SELECT delivery_key FROM deliveries ORDER BY delivery_key"))
          .containsExactly(notOut.key(), other.key());
      // the first ball's wicket went with its old version; the other ball's stays
      assertThat(rows(c, "SELECT delivery_key FROM wickets")).containsExactly(other.key());
      assertThat(rows(c, "SELECT record_offset FROM raw_events ORDER BY record_offset"))
          .containsExactly("5", "6");
    }
  }

  private static ConsumerRecord<byte[], byte[]> raw(long offset, String value) {
    return new ConsumerRecord<>(
        RAW,
        0,
        offset,
        ("k" + offset).getBytes(StandardCharsets.UTF_8),
        value.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> rows(Connection c, String sql) throws SQLException {
    List<String> values = new java.util.ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }

  private static Delivery delivery(int ball, List<Wicket> wickets) {
    return new Delivery(
        "m1",
        1,
        0,
        ball,
        "0." + ball,
        1,
        "A",
        "B",
        "C",
        0,
        Extras.NONE,
        0,
        false,
        wickets,
        List.of(),
        null);
  }
}
