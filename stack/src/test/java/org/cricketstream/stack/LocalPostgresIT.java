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
   * The stack runs PostgreSQL's own binary (no JVM beside it) on a directory {@code prepare} made
   * ready: the same settings as the library's server, and a stop request (SIGTERM to the shell, as
   * the supervisor sends it to the shell's group) is a fast shutdown even while a client stays
   * connected, where PostgreSQL's own answer to SIGTERM waits for every client to leave.
   */
  @Test
  void thePreparedBinaryRunsWithTheSameSettingsAndStopsFastWithAClientConnected() throws Exception {
    Path data = dir.resolve("pg");
    Path binary = LocalPostgres.prepare(data);
    assertThat(binary.getFileName()).hasToString("postgres");
    assertThat(Files.isExecutable(binary)).isTrue();
    assertThat(LocalPostgres.prepare(data)).isEqualTo(binary); // ready: nothing started again
    int port = LocalKafka.freePort();
    Path log = dir.resolve("postgres.log");
    Process shell = run(binary, data, port, log);
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    String password = LocalPostgres.superuserPassword(data);
    Connection client = await(url, password);
    try (Statement s = client.createStatement()) {
      assertThat(value(s, "show wal_level")).isEqualTo("logical");
      assertThat(value(s, "show listen_addresses")).isEqualTo("127.0.0.1");
      assertThat(value(s, "show fsync")).isEqualTo("on");
      assertThat(value(s, "show wal_writer_delay")).isEqualTo("10ms");
      assertThat(value(s, "show synchronous_commit")).isEqualTo("off");
      s.execute("create table t (id int primary key)");
      s.execute("insert into t values (1)");
    }
    assertThatThrownBy(() -> DriverManager.getConnection(url, LocalPostgres.USER, "guess"))
        .hasMessageContaining("password authentication failed");
    long postmaster = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0));
    // the shell's child, in a session of its own: a signal to the shell's group does not reach it
    assertThat(ProcessHandle.of(postmaster).orElseThrow().parent().map(ProcessHandle::pid))
        .contains(shell.pid());
    shell.destroy(); // SIGTERM, as the supervisor stops a component
    assertThat(shell.waitFor(30, java.util.concurrent.TimeUnit.SECONDS))
        .as("the shell ends once PostgreSQL has stopped, a client connected")
        .isTrue();
    assertThat(shell.exitValue()).isZero();
    assertThat(data.resolve("postmaster.pid")).doesNotExist();
    assertThat(Files.readString(log))
        .contains("received fast shutdown request")
        .contains("database system is shut down");
    client.close();

    Process again = run(binary, data, port, log);
    try (Connection c = await(url, password);
        Statement s = c.createStatement()) {
      assertThat(value(s, "select count(*) from t")).isEqualTo("1");
      assertThat(value(s, "show shared_buffers")).as("the stack's cache size").isEqualTo("16MB");
    } finally {
      again.destroy(); // SIGTERM to the shell alone
      assertThat(again.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }
    assertThat(Files.readString(log)).doesNotContain("was interrupted").doesNotContain("redo");
  }

  private static Process run(Path binary, Path data, int port, Path log) throws Exception {
    return new ProcessBuilder(LocalPostgres.command(binary, data, port))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  private static Connection await(String url, String password) throws Exception {
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
    while (true) {
      try {
        return DriverManager.getConnection(url, LocalPostgres.USER, password);
      } catch (SQLException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
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
