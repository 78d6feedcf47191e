package org.cricketstream.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.cricketstream.warehouse.dialect.DuckDbDialect;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reader of the DuckDB warehouse (./cricket query, Superset) reads the warehouse and nothing else
 * on the machine, and cannot undo that: tried on a real snapshot file with the statements an
 * attacker at a SQL prompt would try first.
 */
class ReaderSandboxTest {
  @TempDir Path dir;
  private WarehouseSettings settings;
  private Path outside;

  @BeforeEach
  void aSnapshotAndAFileOutsideIt() throws Exception {
    Path snapshot = dir.resolve("w/cricket.snapshot.duckdb");
    Files.createDirectories(snapshot.getParent());
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + snapshot);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE venues (name VARCHAR, city VARCHAR)");
      s.execute("INSERT INTO venues VALUES ('Lord''s', 'London')");
    }
    outside = dir.resolve("secret.txt");
    Files.writeString(outside, "the key\n");
    settings =
        WarehouseSettings.fromEnvironment(
            Map.of(
                "WAREHOUSE_URL",
                "jdbc:duckdb:" + dir.resolve("w/cricket.duckdb"),
                "WAREHOUSE_SNAPSHOT",
                snapshot.toString()));
  }

  @Test
  void theWarehouseReads() throws SQLException {
    assertThat(ReadOnlyQuery.run(settings, "SELECT city FROM venues").rows())
        .containsExactly(java.util.List.of("London"));
  }

  @Test
  void filesOutsideTheWarehouseAreNeitherReadNorWritten() {
    for (String sql :
        java.util.List.of(
            "SELECT * FROM read_text('" + outside + "')",
            "SELECT * FROM read_csv('" + outside + "')",
            "SELECT * FROM '" + outside + "'",
            "COPY (SELECT 1) TO '" + dir.resolve("written.csv") + "'",
            "ATTACH '" + dir.resolve("other.duckdb") + "' AS other")) {
      assertThatThrownBy(() -> ReadOnlyQuery.run(settings, sql))
          .as(sql)
          .isInstanceOf(SQLException.class)
          .hasMessageMatching("(?s).*(Permission Error|disabled|read-only|does not exist).*");
    }
    assertThat(dir.resolve("written.csv")).doesNotExist();
    assertThat(dir.resolve("other.duckdb")).doesNotExist();
  }

  @Test
  void theSandboxCannotBeUndoneNorExtendedByExtensions() {
    for (String sql :
        java.util.List.of(
            "SET enable_external_access = true",
            "RESET enable_external_access",
            "SET lock_configuration = false",
            "PRAGMA enable_external_access = true",
            "INSTALL httpfs",
            "LOAD httpfs")) {
      assertThatThrownBy(() -> ReadOnlyQuery.run(settings, sql))
          .as(sql)
          .isInstanceOf(SQLException.class);
    }
  }

  /** 300 MB is 286.1 MiB, as DuckDB shows it; its own default is 80% of the machine's memory. */
  @Test
  void theWriterAndEveryReaderHaveDuckDbsMemoryAndThreadsBounded() throws SQLException {
    WarehouseSettings bounded =
        WarehouseSettings.fromEnvironment(
            Map.of(
                "WAREHOUSE_URL",
                settings.url(),
                "WAREHOUSE_SNAPSHOT",
                settings.snapshot().toString(),
                "WAREHOUSE_DUCKDB_MEMORY",
                "300MB",
                "WAREHOUSE_DUCKDB_THREADS",
                "1"));
    String limits =
        "SELECT current_setting('memory_limit') || ' ' || current_setting('threads') AS limits";
    assertThat(ReadOnlyQuery.run(bounded, limits).rows())
        .containsExactly(java.util.List.of("286.1 MiB 1"));
    try (Connection writer = new DuckDbDialect().openWriter(bounded);
        Statement s = writer.createStatement();
        java.sql.ResultSet rs = s.executeQuery(limits)) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("286.1 MiB 1");
    }
    assertThatThrownBy(
            () -> WarehouseSettings.fromEnvironment(Map.of("WAREHOUSE_DUCKDB_MEMORY", "lots")))
        .hasMessageContaining("WAREHOUSE_DUCKDB_MEMORY")
        .hasMessageContaining("a size such as 512MB");
  }

  @Test
  void noWrites() {
    assertThatThrownBy(() -> ReadOnlyQuery.run(settings, "INSERT INTO venues VALUES ('x', 'y')"))
        .hasMessageContaining("read-only");
    assertThatThrownBy(() -> ReadOnlyQuery.run(settings, "CREATE TABLE t AS SELECT 1"))
        .hasMessageContaining("read-only");
  }
}
