package org.cricketstream.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.cricketstream.stack.LocalPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ReadOnlyQuery.Poller} on a real PostgreSQL warehouse: one reader connection kept for all
 * its queries, each seeing what was committed before it; when the database restarts under it the
 * query in flight fails and the next one reads on a new connection.
 */
class PollerIT {
  @TempDir Path dir;

  @Test
  void aPollerKeepsOneReaderAndReconnectsAfterTheDatabaseRestarts() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String query = "SELECT count(*), pg_backend_pid() FROM balls";
    LocalPostgres postgres = LocalPostgres.start(dir.resolve("postgres"), port);
    try {
      postgres.createDatabase("warehouse");
      WarehouseSettings settings =
          WarehouseSettings.fromEnvironment(Map.of())
              .withUrl(postgres.jdbcUrl("warehouse"))
              .withLogins(
                  LocalPostgres.USER, postgres.password(), LocalPostgres.USER, postgres.password());
      assertThat(ReadOnlyQuery.live(settings)).isTrue();
      try (ReadOnlyQuery.Poller poller = new ReadOnlyQuery.Poller(settings)) {
        insert(postgres, "CREATE TABLE balls (id INTEGER)");
        insert(postgres, "INSERT INTO balls VALUES (1)");
        List<Object> first = poller.run(query).rows().get(0);
        insert(postgres, "INSERT INTO balls VALUES (2)");
        List<Object> second = poller.run(query).rows().get(0);
        assertThat(first.get(0)).isEqualTo(1L);
        assertThat(second.get(0)).as("committed after the first query").isEqualTo(2L);
        assertThat(second.get(1)).as("the same connection").isEqualTo(first.get(1));

        postgres.close();
        postgres = LocalPostgres.start(dir.resolve("postgres"), port);
        assertThatThrownBy(() -> poller.run(query))
            .as("the kept connection, closed by the restart")
            .isInstanceOf(SQLException.class);
        List<Object> after = poller.run(query).rows().get(0);
        assertThat(after.get(0)).isEqualTo(2L);
        assertThat(after.get(1)).as("a new connection").isNotEqualTo(first.get(1));
      }
    } finally {
      postgres.close();
    }
  }

  private static void insert(LocalPostgres postgres, String sql) throws SQLException {
    try (Connection c =
            java.sql.DriverManager.getConnection(
                postgres.jdbcUrl("warehouse"), LocalPostgres.USER, postgres.password());
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
