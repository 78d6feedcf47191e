package org.cricketstream.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.cricketstream.stack.LocalPostgres;
import org.cricketstream.warehouse.dialect.PostgresDialect;
import org.cricketstream.warehouse.schema.Migrations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The migrations, each file run as one script by the PostgreSQL driver, create the schema on a real
 * PostgreSQL once: every migration of this dialect recorded, none run twice.
 */
class PostgresMigrationsIT {
  @TempDir Path dir;

  @Test
  void everyMigrationRunsOnceOnPostgres() throws SQLException {
    try (LocalPostgres postgres = LocalPostgres.start(dir.resolve("pg"))) {
      WarehouseSettings settings = PostgresWarehouse.create(postgres);
      String url = settings.url();
      try (Connection c =
          DriverManager.getConnection(url, LocalPostgres.USER, postgres.password())) {
        c.setAutoCommit(false);
        long expected =
            Migrations.all().stream()
                .filter(m -> m.dialect() == null || m.dialect().equals("postgres"))
                .count();
        assertThat(Migrations.migrate(c, new PostgresDialect())).isEqualTo((int) expected);
        assertThat(Migrations.migrate(c, new PostgresDialect())).isZero();
        try (Statement s = c.createStatement();
            ResultSet rs =
                s.executeQuery(
                    "SELECT count(*) FROM information_schema.views"
                        + " WHERE table_schema = 'public'")) {
          rs.next();
          // V3 creates 14 views, V7, V10 and V11 one more each: a script cut short would leave
          // some out
          assertThat(rs.getInt(1)).isEqualTo(17);
        }
      }
      try (Warehouse warehouse = Warehouse.open(settings)) {
        assertThat(Migrations.migrate(warehouse.connection(), warehouse.dialect())).isZero();
      }
    }
  }
}
