package org.cricketstream.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cricketstream.cricsheet.model.Delivery;
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
    // generated ODIs: thousands of deliveries, megabytes of staging
    List<Delivery> deliveries = StagedDeliveries.generated(dir.resolve("sample"), 4);
    assertThat(deliveries).hasSizeGreaterThan(1_000);
    try (Warehouse warehouse = Warehouse.open(settings)) {
      for (int i = 0; i < 20; i++) {
        // the same deliveries again each time: the same rows staged, merged as upserts
        warehouse.commit(StagedDeliveries.batch(deliveries));
      }

      // one batch's keys, not twenty batches' (49,119 when a DELETE emptied it before each)
      assertThat(StagedDeliveries.scalar(warehouse.connection(), STAGED_ROWS))
          .isEqualTo(deliveries.size());
      assertThat(StagedDeliveries.scalar(warehouse.connection(), "SELECT COUNT(*) FROM deliveries"))
          .isEqualTo(deliveries.size());
    }
  }
}
