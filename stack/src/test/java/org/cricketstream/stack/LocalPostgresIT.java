package org.cricketstream.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPostgresIT {
  @TempDir Path dir;

  @Test
  void aRealServerOnLoopbackWithLogicalDecodingThatKeepsItsDataAcrossRestarts() throws Exception {
    int port;
    try (LocalPostgres postgres = LocalPostgres.start(dir.resolve("pg"))) {
      port = postgres.port();
      postgres.createDatabase("cricket");
      try (Connection c = connect(postgres, "cricket");
          Statement s = c.createStatement()) {
        assertThat(value(s, "show wal_level")).isEqualTo("logical");
        assertThat(value(s, "show listen_addresses")).isEqualTo("127.0.0.1");
        // the library starts the server with -F (no fsync); the setting after it wins
        assertThat(value(s, "show fsync")).isEqualTo("on");
        // logical decoding sends only flushed WAL: the WAL writer flushes every 10 ms, not 200
        assertThat(value(s, "show wal_writer_delay")).isEqualTo("10ms");
        s.execute("create table t (id int primary key, name text)");
        s.execute("insert into t values (1, 'kept')");
      }
    }
    String hba = Files.readString(dir.resolve("pg/pg_hba.conf"));
    try (LocalPostgres again = LocalPostgres.start(dir.resolve("pg"), port);
        Connection c = connect(again, "cricket");
        Statement s = c.createStatement()) {
      assertThat(value(s, "select name from t where id = 1")).isEqualTo("kept");
      assertThat(Files.readString(dir.resolve("pg/pg_hba.conf"))).isEqualTo(hba);
    }
  }

  @Test
  void everyLoginNeedsItsPasswordAndARoleGetsOnlyWhatItIsGiven() throws Exception {
    try (LocalPostgres postgres = LocalPostgres.start(dir.resolve("pg"))) {
      String url = postgres.jdbcUrl("postgres");
      assertThatThrownBy(() -> DriverManager.getConnection(url, LocalPostgres.USER, ""))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("password");
      assertThatThrownBy(() -> DriverManager.getConnection(url, LocalPostgres.USER, "guess"))
          .hasMessageContaining("password authentication failed for user \"postgres\"");
      String hba = Files.readString(dir.resolve("pg/pg_hba.conf"));
      assertThat(hba).doesNotContain("trust").contains("scram-sha-256");
      Path secret = dir.resolve("pg/cricket-superuser.password");
      assertThat(Files.getPosixFilePermissions(secret))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      assertThat(Files.readString(secret).strip()).isEqualTo(postgres.password()).hasSize(32);

      PostgresAdmin admin = postgres.admin();
      admin.login("app", "app-secret", "");
      admin.login("other", "other-secret", "");
      admin.database("appdb", "app");
      String appdb = postgres.jdbcUrl("appdb");
      try (Connection app = DriverManager.getConnection(appdb, "app", "app-secret");
          Statement s = app.createStatement()) {
        s.execute("create table t (id int)"); // the owner may
      }
      try (Connection other = DriverManager.getConnection(appdb, "other", "other-secret");
          Statement s = other.createStatement()) {
        assertThatThrownBy(() -> s.execute("create table mine (id int)"))
            .hasMessageContaining("permission denied for schema public");
        assertThatThrownBy(() -> s.execute("create temp table mine (id int)"))
            .hasMessageContaining("permission denied to create temporary tables");
        assertThatThrownBy(() -> s.execute("select * from t"))
            .hasMessageContaining("permission denied for table t");
      }
    }
  }

  /**
   * A first start unpacks the binaries; a process that died on the way (as `up`'s 64 MB JVM did,
   * out of memory on a fresh machine) left them half unpacked, and every later start failed on
   * them.
   */
  @Test
  void aStartThatDiedWhileUnpackingTheBinariesDoesNotStopTheNext() throws Exception {
    Path binaries = dir.resolve("binaries");
    Process died = startInItsOwnJvm(binaries, "64m");
    String diedOutput = new String(died.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(died.waitFor()).as(diedOutput).isNotZero();
    assertThat(diedOutput).contains("OutOfMemoryError");
    Path unpacked;
    try (Stream<Path> dirs = Files.list(binaries)) {
      unpacked = dirs.filter(p -> p.getFileName().toString().startsWith("PG-")).findFirst().get();
    }
    assertThat(unpacked.resolve(LocalPostgres.UNPACKED)).doesNotExist();
    assertThat(unpacked.resolve("lib")).isDirectory();

    Process next = startInItsOwnJvm(binaries, "256m");
    String output = new String(next.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(next.waitFor()).as(output).isZero();
    assertThat(output)
        .contains("were not all unpacked: unpacking again")
        .contains(PostgresStartMain.READY);
    assertThat(unpacked.resolve(LocalPostgres.UNPACKED)).exists();
  }

  private Process startInItsOwnJvm(Path binaries, String heap) throws Exception {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx" + heap,
            "-XX:+UseSerialGC",
            "-XX:+ExitOnOutOfMemoryError",
            "-Dot.epg.working-dir=" + binaries,
            "-cp",
            System.getProperty("java.class.path"),
            PostgresStartMain.class.getName(),
            dir.resolve("pg-" + heap).toString())
        .redirectErrorStream(true)
        .start();
  }

  private static Connection connect(LocalPostgres postgres, String database) throws SQLException {
    return DriverManager.getConnection(
        postgres.jdbcUrl(database), LocalPostgres.USER, postgres.password());
  }

  private static String value(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }
}
