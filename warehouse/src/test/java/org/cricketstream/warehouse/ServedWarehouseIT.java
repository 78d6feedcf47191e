package org.cricketstream.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cricketstream.warehouse.dialect.DatabaseDialect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DuckDB sink's database served live over Quack (WAREHOUSE_SERVE): a real writer on a real file
 * serving on loopback, and readers as {@code query}, {@code status} and the benchmark open them. A
 * reader sees a transaction the moment it commits and nothing before, reads nothing but the
 * warehouse, and needs the token.
 */
class ServedWarehouseIT {
  @TempDir Path dir;

  @Test
  void aReaderSeesEachCommitAtOnceAndNothingUncommitted() throws Exception {
    WarehouseSettings settings = served("the-token");
    DatabaseDialect dialect = DatabaseDialect.forUrl(settings.url());
    try (Connection writer = dialect.openWriter(settings);
        Statement w = writer.createStatement()) {
      w.execute("CREATE TABLE balls (id INTEGER, runs INTEGER)");
      w.execute("INSERT INTO balls VALUES (1, 4)");
      writer.commit();
      assertThat(rows(settings, "SELECT id, runs FROM balls")).containsExactly(List.of(1, 4));

      w.execute("INSERT INTO balls VALUES (2, 6)");
      assertThat(rows(settings, "SELECT count(*) FROM balls"))
          .as("not yet committed")
          .containsExactly(List.of(1L));
      writer.commit();
      assertThat(rows(settings, "SELECT count(*) FROM main.balls"))
          .as("committed: read at once, by the name it has in the file")
          .containsExactly(List.of(2L));

      w.execute("CREATE TABLE runs_by_ball (id INTEGER, label VARCHAR)");
      w.execute("INSERT INTO runs_by_ball VALUES (1, 'four'), (2, 'six')");
      writer.commit();
      assertThat(
              rows(
                  settings,
                  "SELECT b.id, r.label FROM balls b JOIN runs_by_ball r ON r.id = b.id"
                      + " ORDER BY b.id;"))
          .as("a join of two tables, run whole by the server")
          .containsExactly(List.of(1, "four"), List.of(2, "six"));

      String address = settings.served().get().address();
      assertThatThrownBy(() -> rows(settings, "INSERT INTO balls VALUES (3, 1)"))
          .hasMessageContaining("Authorization failed");
      assertThatThrownBy(() -> rows(settings, "DELETE FROM balls"))
          .isInstanceOf(SQLException.class);
      for (String write :
          List.of(
              "SELECT * FROM quack_query('" + address + "', 'DELETE FROM balls')",
              "SELECT * FROM quack_query('" + address + "', 'SELECT 1; DELETE FROM balls')",
              "SELECT * FROM quack_query('" + address + "', 'SET lock_configuration = false')",
              "SELECT * FROM quack_stop('" + address + "')")) {
        assertThatThrownBy(() -> rows(settings, write))
            .as(write)
            .hasMessageContaining("Authorization failed");
      }
      assertThat(rows(settings, "SELECT count(*) FROM balls")).containsExactly(List.of(2L));

      Path outside = dir.resolve("secret.txt");
      Files.writeString(outside, "the key\n");
      assertThatThrownBy(() -> rows(settings, "SELECT * FROM read_text('" + outside + "')"))
          .as("refused by the server, which runs the query")
          .hasMessageContaining("disabled by configuration");
      assertThatThrownBy(
              () ->
                  rows(
                      settings,
                      "SELECT * FROM quack_query('"
                          + address
                          + "', 'SELECT * FROM read_text(''"
                          + outside
                          + "'')')"))
          .as("a query naming Quack's functions is refused before it runs")
          .hasMessageContaining("Authorization failed");
      assertThatThrownBy(() -> rows(settings, "SET enable_external_access = true"))
          .hasMessageContaining("configuration has been locked");

      WarehouseSettings guess =
          settings.withServed(
              Optional.of(
                  new WarehouseSettings.Served(settings.served().get().address(), "a-guess")));
      assertThatThrownBy(() -> rows(guess, "SELECT count(*) FROM balls"))
          .hasMessageContaining("Authentication failed");
    }
    assertThatThrownBy(() -> rows(settings, "SELECT count(*) FROM balls"))
        .as("the sink stopped, its database is not served")
        .hasMessageContaining("is the sink running?");
  }

  /**
   * While it serves, the sink still publishes its snapshot, writing batches again into the file
   * readers no longer hold (its folder is the one place the confined database may write besides
   * itself), and publishes it as it stops: readers of a stopped sink read where it stopped.
   */
  @Test
  void theSnapshotIsWrittenAgainWhileServedAndReadOnceTheSinkStops() throws Exception {
    WarehouseSettings settings = served("the-token");
    Path link = settings.snapshot();
    Object[] inodes = new Object[3];
    try (Warehouse warehouse = Warehouse.open(settings)) {
      // a warehouse whose copy costs more than writing a few balls again, as any real one does
      try (Statement s = warehouse.connection().createStatement()) {
        s.execute(
            "CREATE TABLE padding AS SELECT i, md5(i::VARCHAR) || md5((i + 1)::VARCHAR)"
                + " AS pad FROM range(2000000) t(i)");
      }
      warehouse.connection().commit();
      for (int n = 0; n < 3; n++) {
        Path file = commitAndPublish(warehouse, link, 10 * n + 1, 10 * n + 10);
        inodes[n] = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
      }
      assertThat(inodes[2])
          .as("the third publish wrote the first file again, in place, not a copy")
          .isEqualTo(inodes[0]);
      assertThat(rows(settings, "SELECT count(*) FROM deliveries")).containsExactly(List.of(30L));
      warehouse.commit(SnapshotFilesTest.balls(31, 35, 0));
    }
    assertThat(rows(settings, "SELECT count(*) FROM deliveries"))
        .as("the sink stopped: its snapshot, published as it stopped")
        .containsExactly(List.of(35L));
  }

  /**
   * A poller ({@code up}'s progress line) keeps one reader where the warehouse is served: each of
   * its queries sees every commit before it. (A restarted server: {@code PollerIT}, on PostgreSQL;
   * a Quack reader closed after a server of its own process stopped hangs in DuckDB 1.5.5, which
   * across processes, as the sink and its readers run, it does not.)
   */
  @Test
  void aPollerKeepsItsReaderOfTheServedWarehouseAndSeesEachCommit() throws Exception {
    WarehouseSettings settings = served("the-token");
    DatabaseDialect dialect = DatabaseDialect.forUrl(settings.url());
    assertThat(ReadOnlyQuery.live(settings)).isTrue();
    String count = "SELECT count(*) FROM balls";
    try (Connection writer = dialect.openWriter(settings);
        Statement w = writer.createStatement();
        ReadOnlyQuery.Poller poller = new ReadOnlyQuery.Poller(settings)) {
      w.execute("CREATE TABLE balls (id INTEGER)");
      for (int n = 1; n <= 3; n++) {
        w.execute("INSERT INTO balls VALUES (" + n + ")");
        writer.commit();
        assertThat(poller.run(count).rows()).containsExactly(List.of((long) n));
      }
    }
  }

  /** On the DuckDB snapshot a poller opens a reader for each query, so it sees each publish. */
  @Test
  void aPollerOfTheSnapshotSeesEachPublish() throws Exception {
    WarehouseSettings settings = served("the-token").withServed(Optional.empty());
    assertThat(ReadOnlyQuery.live(settings)).isFalse();
    try (Warehouse warehouse = Warehouse.open(settings);
        ReadOnlyQuery.Poller poller = new ReadOnlyQuery.Poller(settings)) {
      for (int n = 1; n <= 3; n++) {
        commitAndPublish(warehouse, settings.snapshot(), 10 * n - 9, 10 * n);
        assertThat(poller.run("SELECT count(*) FROM deliveries").rows())
            .as("after publish %d", n)
            .containsExactly(List.of(10L * n));
      }
    }
  }

  /** Commits balls {@code first..last} and waits for the snapshot they are in; returns its file. */
  private static Path commitAndPublish(Warehouse warehouse, Path link, int first, int last)
      throws Exception {
    Path was = Files.isSymbolicLink(link) ? Files.readSymbolicLink(link) : null;
    warehouse.commit(SnapshotFilesTest.balls(first, last, 0));
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!Files.isSymbolicLink(link) || Files.readSymbolicLink(link).equals(was)) {
      assertThat(System.nanoTime()).as("a publish within 10 s").isLessThan(deadline);
      Thread.sleep(5);
      warehouse.idle();
    }
    return link.getParent().resolve(Files.readSymbolicLink(link));
  }

  @Test
  void servingNeedsADuckDbFileAndAToken() {
    Map<String, String> env =
        Map.of(
            "WAREHOUSE_URL",
            "jdbc:duckdb:" + dir.resolve("w.duckdb"),
            "WAREHOUSE_SERVE",
            "quack:127.0.0.1:9494");
    assertThatThrownBy(() -> WarehouseSettings.fromEnvironment(env))
        .hasMessageContaining("WAREHOUSE_SERVE_TOKEN");
    Map<String, String> shortToken = new java.util.HashMap<>(env);
    shortToken.put("WAREHOUSE_SERVE_TOKEN", "abc");
    assertThatThrownBy(() -> WarehouseSettings.fromEnvironment(shortToken))
        .as("refused by Quack only when the sink starts serving")
        .hasMessageContaining("WAREHOUSE_SERVE_TOKEN: at least 4 characters");
    assertThatThrownBy(
            () ->
                WarehouseSettings.fromEnvironment(
                    Map.of(
                        "WAREHOUSE_URL", "jdbc:postgresql://127.0.0.1:5432/w",
                        "WAREHOUSE_SERVE", "quack:127.0.0.1:9494",
                        "WAREHOUSE_SERVE_TOKEN", "t")))
        .hasMessageContaining("serves a DuckDB file");
    assertThatThrownBy(
            () ->
                WarehouseSettings.fromEnvironment(
                    Map.of(
                        "WAREHOUSE_URL", "jdbc:duckdb:" + dir.resolve("w.duckdb"),
                        "WAREHOUSE_SERVE", "http://127.0.0.1:9494",
                        "WAREHOUSE_SERVE_TOKEN", "t")))
        .hasMessageContaining("WAREHOUSE_SERVE");
  }

  private WarehouseSettings served(String token) throws IOException {
    Path extensions = DuckLakeExtensionsInstalled.folder();
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    return WarehouseSettings.fromEnvironment(
        Map.of(
            "WAREHOUSE_URL",
            "jdbc:duckdb:" + dir.resolve("w/cricket.duckdb"),
            "WAREHOUSE_SERVE",
            "quack:127.0.0.1:" + port,
            "WAREHOUSE_SERVE_TOKEN",
            token,
            "WAREHOUSE_DUCKDB_EXTENSIONS",
            extensions.toString()));
  }

  private static List<List<Object>> rows(WarehouseSettings settings, String sql)
      throws SQLException {
    return ReadOnlyQuery.run(settings, sql).rows();
  }
}
