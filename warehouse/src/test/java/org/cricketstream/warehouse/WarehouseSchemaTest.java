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
      assertThat(Migrations.migrate(warehouse.connection(), warehouse.dialect())).isZero();
    }
    try (Warehouse warehouse = Warehouse.open(settings);
        Statement s = warehouse.connection().createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM schema_migrations")) {
      rs.next();
      long forDuckDb =
          Migrations.all().stream()
              .filter(m -> m.dialect() == null || m.dialect().equals("duckdb"))
              .count();
      assertThat(rs.getLong(1)).isEqualTo(forDuckDb);
    }
  }

  /**
   * DuckDB stores short values uncompressed unless told: the landing layer's bytes (900-byte ODI
   * change events, whole YAML files) are declared zstd (V9), about a tenth of their size.
   */
  @Test
  void theLandingLayersBytesAreCompressedWithZstdOnDuckDb() throws SQLException {
    WarehouseSettings settings =
        WarehouseSettings.fromEnvironment(Map.of())
            .withUrl("jdbc:duckdb:" + dir.resolve("z.duckdb"));
    try (Warehouse warehouse = Warehouse.open(settings);
        Statement s = warehouse.connection().createStatement()) {
      s.execute(
          "INSERT INTO raw_events SELECT 'raw.public.odi_deliveries', 0, i, 0, NULL, '[]',"
              + " encode(repeat('{\"after\": {\"id\": ' || i || '}}', 20))"
              + " FROM range(10000) t(i)");
      warehouse.connection().commit();
      s.execute("CHECKPOINT");
      try (ResultSet rs =
          s.executeQuery(
              "SELECT DISTINCT compression FROM pragma_storage_info('raw_events')"
                  + " WHERE column_name = 'payload' AND segment_type = 'BLOB'")) {
        List<String> kinds = new ArrayList<>();
        while (rs.next()) {
          kinds.add(rs.getString(1));
        }
        assertThat(kinds).containsExactly("ZSTD");
      }
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
