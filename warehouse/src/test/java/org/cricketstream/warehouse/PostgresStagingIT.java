package org.cricketstream.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cricketstream.config.Secrets;
import org.cricketstream.cricsheet.model.Delivery;
import org.cricketstream.stack.LocalPostgres;
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
      // a generated ODI: hundreds of deliveries, some pages of staging
      List<Delivery> deliveries = StagedDeliveries.generated(dir.resolve("sample"), 1);
      assertThat(deliveries).hasSizeGreaterThan(200);
      try (Warehouse warehouse = Warehouse.open(settings)) {
        warehouse.commit(StagedDeliveries.batch(deliveries));
        // written again: the keys are there, so the batch's keys are staged for their delete
        warehouse.commit(StagedDeliveries.batch(deliveries));
        long afterLarge = StagedDeliveries.scalar(warehouse.connection(), STAGING_BYTES);
        assertThat(afterLarge).isGreaterThan(PAGE);

        // a small batch after it: the last delivery again
        warehouse.commit(
            StagedDeliveries.batch(deliveries.subList(deliveries.size() - 1, deliveries.size())));

        assertThat(StagedDeliveries.scalar(warehouse.connection(), STAGING_BYTES)).isEqualTo(PAGE);
        assertThat(
                StagedDeliveries.scalar(warehouse.connection(), "SELECT COUNT(*) FROM deliveries"))
            .isEqualTo(deliveries.size());
      }
    }
  }
}
