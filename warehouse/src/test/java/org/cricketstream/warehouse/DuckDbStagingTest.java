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
import org.cricketstream.cricsheet.generate.GeneratedSample;
import org.cricketstream.cricsheet.model.Delivery;
import org.cricketstream.topics.JsonSerde;
import org.cricketstream.topics.Topics;
import org.cricketstream.warehouse.load.Batch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sink's staging tables on DuckDB carry nothing from one batch to the next. They are temporary
 * tables, which nothing checkpoints: emptied by {@code DELETE}, every batch's rows stayed in them,
 * in memory, marked deleted, for as long as the sink ran, and each merge read them again.
 */
class DuckDbStagingTest {
  /** The rows a staging table holds, the deleted ones included (DuckDB's own estimate). */
  private static final String STAGED_ROWS =
      "SELECT estimated_size FROM duckdb_tables() WHERE temporary AND table_name = 'stage_deliveries'";

  @TempDir Path dir;

  @Test
  void aStagingTableHoldsOneBatchNotEveryBatchTheSinkLoaded() throws Exception {
    WarehouseSettings settings =
        WarehouseSettings.fromEnvironment(Map.of())
            .withUrl("jdbc:duckdb:" + dir.resolve("w/cricket.duckdb"));
    @SuppressWarnings("unchecked")
    JsonSerde<Delivery> serde = (JsonSerde<Delivery>) Topics.DELIVERIES.valueSerde();
    // generated ODIs: thousands of deliveries, megabytes of staging
    List<Delivery> deliveries = new ArrayList<>();
    GeneratedSample.write(
        dir.resolve("sample"),
        7,
        new GeneratedSample.Counts(0, 4, 0),
        m -> deliveries.addAll(m.deliveries()));
    assertThat(deliveries).hasSizeGreaterThan(1_000);
    try (Warehouse warehouse = Warehouse.open(settings)) {
      for (int i = 0; i < 20; i++) {
        // the same deliveries again each time: the same rows staged, merged as upserts
        Batch batch = new Batch();
        deliveries.forEach(
            d -> batch.addClean(Topics.DELIVERIES.name(), d.key(), serde.toBytes(d)));
        warehouse.commit(batch);
      }

      // one batch's keys, not twenty batches' (49,119 when a DELETE emptied it before each)
      assertThat(scalar(warehouse.connection(), STAGED_ROWS)).isEqualTo(deliveries.size());
      assertThat(scalar(warehouse.connection(), "SELECT COUNT(*) FROM deliveries"))
          .isEqualTo(deliveries.size());
    }
  }

  /** One number, read on the sink's own connection (its temporary tables are there only). */
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
