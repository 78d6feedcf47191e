package org.cricketstream.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.cricketstream.warehouse.dialect.DuckDbDialect;
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

  /**
   * The tables that grow with every ball carry no primary key on DuckDB (V12: an index costs each
   * upsert more than the sink's delete and insert), the others keep theirs, and a warehouse made
   * before V12 keeps its rows.
   */
  @Test
  void theTablesThatGrowWithEveryBallLoseTheirKeysOnDuckDbAndKeepTheirRows() throws SQLException {
    Path file = dir.resolve("k.duckdb");
    Properties latest = new Properties();
    latest.setProperty("storage_compatibility_version", "latest");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file, latest);
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      Migrations.migrate(c, new DuckDbDialect(), 11);
      s.execute(
          "INSERT INTO deliveries SELECT 'm:1:' || i, 'm', 1, 0, i, '0.' || i, i, 'a', 'b', 'c',"
              + " i, 0, 0, 0, 0, 0, 0, i, false, true, 0, NULL, NULL FROM range(1, 4) t(i)");
      s.execute(
          "INSERT INTO wickets VALUES ('m:1:3', 0, 'm', 1, 3, 'a', 'c', 'b', 'bowled', 'a', NULL,"
              + " true, true)");
      s.execute(
          "INSERT INTO raw_events SELECT 'raw.t20i', 0, i, 0, NULL, '[]', encode('x' || i)"
              + " FROM range(2) t(i)");
      c.commit();
      assertThat(keyed(c)).contains("deliveries", "wickets", "raw_events");
    }
    WarehouseSettings settings =
        WarehouseSettings.fromEnvironment(Map.of()).withUrl("jdbc:duckdb:" + file);
    try (Warehouse warehouse = Warehouse.open(settings);
        Statement s = warehouse.connection().createStatement()) {
      assertThat(keyed(warehouse.connection()))
          .doesNotContain("deliveries", "wickets", "raw_events")
          .contains("matches", "players", "innings", "sink_offsets", "rejected_records");
      try (ResultSet rs =
          s.executeQuery(
              "SELECT (SELECT SUM(batter_runs) FROM deliveries), (SELECT COUNT(*) FROM wickets),"
                  + " (SELECT string_agg(decode(payload), ',' ORDER BY record_offset)"
                  + " FROM raw_events)")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(6);
        assertThat(rs.getLong(2)).isEqualTo(1);
        assertThat(rs.getString(3)).isEqualTo("x0,x1");
      }
    }
  }

  private static List<String> keyed(Connection c) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT DISTINCT table_name FROM duckdb_constraints()"
                    + " WHERE constraint_type = 'PRIMARY KEY'")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    return tables;
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
