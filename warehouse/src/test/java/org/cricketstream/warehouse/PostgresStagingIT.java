package org.cricketstream.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cricketstream.config.Secrets;
import org.cricketstream.cricsheet.generate.GeneratedSample;
import org.cricketstream.cricsheet.model.Delivery;
import org.cricketstream.stack.LocalPostgres;
import org.cricketstream.topics.JsonSerde;
import org.cricketstream.topics.Topics;
import org.cricketstream.warehouse.load.Batch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sink's staging tables on PostgreSQL carry nothing from one batch to the next. They are
 * temporary tables, which autovacuum never visits: emptied by {@code DELETE}, every batch's rows
 * stayed in them as dead rows that each later merge read again (after the whole sample, 80-130 ms a
 * commit for a handful of records).
 */
class PostgresStagingIT {
  private static final long PAGE = 8192;
  private static final String STAGING_BYTES = "SELECT pg_relation_size('stage_deliveries')";

  @TempDir Path dir;

  @Test
  void aSmallBatchAfterALargeOneFindsItsStagingTableEmptyNotFullOfDeadRows() throws Exception {
    try (LocalPostgres postgres = LocalPostgres.start(dir.resolve("pg"))) {
      postgres.createDatabase("warehouse");
      WarehouseSettings settings =
          WarehouseSettings.fromEnvironment(Map.of())
              .withUrl(postgres.jdbcUrl("warehouse"))
              .withLogins(
                  LocalPostgres.USER, postgres.password(), "cricket_reader", Secrets.generate());
      @SuppressWarnings("unchecked")
      JsonSerde<Delivery> serde = (JsonSerde<Delivery>) Topics.DELIVERIES.valueSerde();
      // a generated ODI: hundreds of deliveries, some pages of staging
      List<Delivery> deliveries = new ArrayList<>();
      GeneratedSample.write(
          dir.resolve("sample"),
          7,
          new GeneratedSample.Counts(0, 1, 0),
          m -> deliveries.addAll(m.deliveries()));
      assertThat(deliveries).hasSizeGreaterThan(200);
      try (Warehouse warehouse = Warehouse.open(settings)) {
        Batch large = new Batch();
        deliveries.forEach(
            d -> large.addClean(Topics.DELIVERIES.name(), d.key(), serde.toBytes(d)));
        warehouse.commit(large);
        long afterLarge = scalar(warehouse.connection(), STAGING_BYTES);
        assertThat(afterLarge).isGreaterThan(PAGE);

        Batch small = new Batch();
        Delivery last = deliveries.get(deliveries.size() - 1);
        small.addClean(Topics.DELIVERIES.name(), last.key(), serde.toBytes(last));
        warehouse.commit(small);

        assertThat(scalar(warehouse.connection(), STAGING_BYTES)).isEqualTo(PAGE);
        assertThat(scalar(warehouse.connection(), "SELECT COUNT(*) FROM deliveries"))
            .isEqualTo(deliveries.size());
      }
    }
  }

  /** One number, read on the sink's own session (its temporary tables are visible only there). */
  private static long scalar(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      long n = rs.getLong(1);
      c.commit();
      return n;
    }
  }
}
