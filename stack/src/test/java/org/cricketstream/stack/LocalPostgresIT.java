package org.cricketstream.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPostgresIT {
  @TempDir Path dir;

  @Test
  void aRealServerOnLoopbackWithLogicalDecodingThatKeepsItsDataAcrossRestarts()
      throws SQLException {
    int port;
    try (LocalPostgres postgres = LocalPostgres.start(dir.resolve("pg"))) {
      port = postgres.port();
      postgres.createDatabase("cricket");
      try (Connection c = connect(postgres, "cricket");
          Statement s = c.createStatement()) {
        assertThat(value(s, "show wal_level")).isEqualTo("logical");
        assertThat(value(s, "show listen_addresses")).isEqualTo("127.0.0.1");
        s.execute("create table t (id int primary key, name text)");
        s.execute("insert into t values (1, 'kept')");
      }
    }
    try (LocalPostgres again = LocalPostgres.start(dir.resolve("pg"), port);
        Connection c = connect(again, "cricket");
        Statement s = c.createStatement()) {
      assertThat(value(s, "select name from t where id = 1")).isEqualTo("kept");
    }
  }

  private static Connection connect(LocalPostgres postgres, String database) throws SQLException {
    return DriverManager.getConnection(postgres.jdbcUrl(database), LocalPostgres.USER, "");
  }

  private static String value(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }
}
