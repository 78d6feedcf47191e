package org.cricketstream.warehouse;

import java.util.Map;
import org.cricketstream.stack.LocalPostgres;

/** A warehouse database on a test's own PostgreSQL, written by its superuser. */
final class PostgresWarehouse {
  private PostgresWarehouse() {}

  /** Creates the database {@code warehouse} on {@code postgres}; its settings as the sink's. */
  static WarehouseSettings create(LocalPostgres postgres) {
    postgres.createDatabase("warehouse");
    return WarehouseSettings.fromEnvironment(
            Map.of("WAREHOUSE_USER", LocalPostgres.USER, "WAREHOUSE_PASSWORD", postgres.password()))
        .withUrl(postgres.jdbcUrl("warehouse"));
  }
}
