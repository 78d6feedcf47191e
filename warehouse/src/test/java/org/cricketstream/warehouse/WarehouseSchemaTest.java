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
import org.cricketstream.warehouse.schema.Column;
import org.cricketstream.warehouse.schema.Migrations;
import org.cricketstream.warehouse.schema.Table;
import org.cricketstream.warehouse.schema.Tables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader's table declarations and the migrations' DDL agree; migrations run once. */
class WarehouseSchemaTest {
  @TempDir Path dir;

  @Test
  void everyLoadedTableHasTheDeclaredColumnsInOrder() throws SQLException {
    WarehouseSettings settings =
        WarehouseSettings.fromEnvironment(Map.of())
            .withUrl("jdbc:duckdb:" + dir.resolve("w.duckdb"));
    try (Warehouse warehouse = Warehouse.open(settings)) {
      for (Table table : Tables.STAGED) {
        if (table.equals(Tables.DELETES)) {
          continue;
        }
        assertThat(columns(warehouse.connection(), table.name()))
            .as("columns of %s", table.name())
            .isEqualTo(table.columns().stream().map(Column::name).toList());
      }
    }
  }

  @Test
  void reopeningRunsNoMigrationTwice() throws SQLException {
    WarehouseSettings settings =
        WarehouseSettings.fromEnvironment(Map.of())
            .withUrl("jdbc:duckdb:" + dir.resolve("w.duckdb"));
    try (Warehouse warehouse = Warehouse.open(settings)) {
      assertThat(Migrations.migrate(warehouse.connection(), "duckdb")).isZero();
    }
    try (Warehouse warehouse = Warehouse.open(settings);
        Statement s = warehouse.connection().createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM schema_migrations")) {
      rs.next();
      long shared = Migrations.all().stream().filter(m -> m.dialect() == null).count();
      assertThat(rs.getLong(1)).isEqualTo(shared);
    }
  }

  private static List<String> columns(Connection c, String table) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT column_name FROM information_schema.columns WHERE table_name = '"
                    + table
                    + "' ORDER BY ordinal_position")) {
      while (rs.next()) {
        columns.add(rs.getString(1));
      }
    }
    return columns;
  }
}
