package org.cricketstream.superset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.cricketstream.config.Secrets;
import org.cricketstream.stack.HttpHealth;
import org.cricketstream.stack.LocalKafka;
import org.cricketstream.stack.ShortCommand;
import org.cricketstream.stack.StartProgress;
import org.cricketstream.warehouse.WarehouseSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Apache Superset as a child process on 127.0.0.1 with the project's dashboards imported, started
 * through {@code superset/superset.sh}, which owns how Superset is installed, set up and run.
 *
 * <p>{@link #start(Path, int, WarehouseConnection)} installs the cached environment if it is
 * missing (about a minute), sets up the metadata database under {@code home} (the first time about
 * 20 s), starts the server with its log in {@code home/superset.log}, imports the bundle with the
 * warehouse's URI while it starts, and returns once Superset answers {@code /health} and the
 * dashboards are in. {@link #close} stops it. The admin login is {@code SUPERSET_ADMIN_USER}
 * (default admin) with {@code SUPERSET_ADMIN_PASSWORD}, or a password generated once and kept in
 * {@code home/admin-password}.
 */
public final class LocalSuperset implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalSuperset.class);
  public static final int DEFAULT_PORT = 8088;
  public static final String HOST = "127.0.0.1";
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(15);
  private static final Duration SETUP_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  /** How long each step of {@link #start} took. */
  public record Startup(Duration install, Duration setup, Duration healthy, Duration imported) {}

  private final Path checkout;
  private final Path home;
  private final Process process;
  private final int port;
  private final Path log;
  private Startup startup;

  private LocalSuperset(Path checkout, Path home, Process process, int port, Path log) {
    this.checkout = checkout;
    this.home = home;
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * The project checkout: {@code -Dcricket.root} (set by the launcher), else the nearest folder at
   * or above the working directory that holds {@code superset/superset.sh}.
   */
  public static Path checkout() {
    String root = System.getProperty("cricket.root");
    if (root != null) {
      return Path.of(root).toAbsolutePath().normalize();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(script(dir))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "not inside the cricket-stream checkout (no superset/superset.sh above "
            + Path.of("").toAbsolutePath()
            + "); set -Dcricket.root");
  }

  /** The script, in a checkout. */
  public static Path script(Path checkout) {
    return checkout.resolve("superset/superset.sh");
  }

  /** Why Superset is not installed in the cache, or empty if it is. */
  public static Optional<String> notInstalled(Path checkout) {
    return ShortCommand.venvMissing(script(checkout), "Superset", Duration.ofSeconds(60));
  }

  /** Installs the cached environment if it is missing; its output goes to {@code log}. */
  public static void install(Path checkout, Path log) {
    install(checkout, log, LocalSuperset::startProgress);
  }

  private static void install(Path checkout, Path log, Consumer<String> progress) {
    if (notInstalled(checkout).isEmpty()) {
      return;
    }
    progress.accept(
        "installing Superset's environment (about a minute and a half; log " + log + ")");
    run(checkout, Map.of(), INSTALL_TIMEOUT, log, progress, "install");
  }

  /**
   * What a first start spends minutes on, done ahead (so that it overlaps the start of everything
   * else): the environment installed, and {@code home}'s metadata database, roles and admin user
   * set up. {@link #start} then finds both done. {@code progress} is told each step and, every 10
   * s, how long it has run.
   */
  public static void prepare(Path checkout, Path home, Consumer<String> progress) {
    Path dir = Secrets.privateFolder(home.toAbsolutePath().normalize());
    install(checkout, dir.resolve("install.log"), progress);
    setup(checkout, dir, progress);
  }

  private static void setup(Path checkout, Path dir, Consumer<String> progress) {
    run(
        checkout,
        Map.of("SUPERSET_HOME", dir.toString()),
        SETUP_TIMEOUT,
        dir.resolve("setup.out"),
        progress,
        "setup");
  }

  /** Progress of a start, on the output {@code up} reads ({@link StartProgress}). */
  private static void startProgress(String line) {
    LOG.info("{}{}", StartProgress.MARKER, line);
  }

  /** {@link #start(Path, Path, int, WarehouseConnection)} in {@link #checkout()}. */
  public static LocalSuperset start(Path home, int port, WarehouseConnection target) {
    return start(checkout(), home, port, target);
  }

  /**
   * Installs if needed, sets up {@code home}, starts Superset on 127.0.0.1:{@code port} (0: a free
   * port) and imports the dashboards for {@code target}; returns once both are done.
   *
   * @throws IllegalStateException when a step fails, with its log file and the log's last lines
   */
  public static LocalSuperset start(
      Path checkout, Path home, int port, WarehouseConnection target) {
    long t0 = System.nanoTime();
    // its secret key, admin password and metadata: the owner's alone
    Path dir = Secrets.privateFolder(home.toAbsolutePath().normalize());
    install(checkout, dir.resolve("install.log"));
    long t1 = System.nanoTime();
    Map<String, String> env = Map.of("SUPERSET_HOME", dir.toString());
    setup(checkout, dir, LocalSuperset::startProgress);
    keepServed(dir, target);
    long t2 = System.nanoTime();
    Path zip = DashboardBundle.write(checkout, target, dir.resolve("bundle.zip"));
    int chosen = port == 0 ? LocalKafka.freePort() : port;
    Path log = dir.resolve("superset.log");
    Process process;
    try {
      ProcessBuilder builder =
          new ProcessBuilder(
              List.of(
                  "bash", script(checkout).toString(), "run", "--port", Integer.toString(chosen)));
      builder.environment().putAll(env);
      builder.redirectErrorStream(true).redirectOutput(Secrets.privateFile(log).toFile());
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start Superset", e);
    }
    LocalSuperset superset = new LocalSuperset(checkout, dir, process, chosen, log);
    try {
      // the import runs while the server starts: both take seconds of Python start-up
      Process importing = superset.startImport(zip);
      superset.awaitHealthy(t2);
      long t3 = System.nanoTime();
      superset.awaitImport(importing, zip);
      long t4 = System.nanoTime();
      superset.startup =
          new Startup(
              Duration.ofNanos(t1 - t0),
              Duration.ofNanos(t2 - t1),
              Duration.ofNanos(t3 - t2),
              Duration.ofNanos(Math.max(t3, t4) - t2));
    } catch (RuntimeException e) {
      superset.close();
      throw e;
    }
    LOG.info(
        "Superset on {} for {}: healthy in {} ms, dashboards imported {} ms after the server"
            + " started (setup {} ms; log {})",
        superset.url(),
        target,
        superset.startup.healthy().toMillis(),
        superset.startup.imported().toMillis(),
        superset.startup.setup().toMillis(),
        log);
    return superset;
  }

  /** Imports the dashboards again, for another warehouse (the database entry is replaced). */
  public void importBundle(WarehouseConnection target) {
    keepServed(home, target);
    Path zip = DashboardBundle.write(checkout, target, home.resolve("bundle.zip"));
    awaitImport(startImport(zip), zip);
    LOG.info("dashboards imported for {}", target);
  }

  /** Where a served warehouse's address and token are kept for superset_config.py to attach. */
  static final String SERVED_FILE = "served-warehouse";

  /**
   * Keeps a served warehouse's address and token (two lines) in Superset's home, readable by its
   * owner alone, where {@code superset_config.py} reads them for each new DuckDB connection; for
   * any other warehouse, removes them.
   */
  private static void keepServed(Path home, WarehouseConnection target) {
    Path file = home.resolve(SERVED_FILE);
    try {
      if (target.served().isEmpty()) {
        Files.deleteIfExists(file);
        return;
      }
      WarehouseSettings.Served served = target.served().get();
      Files.writeString(
          Secrets.privateFile(file),
          served.address() + "\n" + served.token() + "\n",
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the served warehouse's token in " + file, e);
    }
  }

  public URI url() {
    return URI.create("http://" + HOST + ":" + port);
  }

  public int port() {
    return port;
  }

  public String username() {
    String user = System.getenv("SUPERSET_ADMIN_USER");
    return user == null || user.isEmpty() ? "admin" : user;
  }

  /** The admin password: SUPERSET_ADMIN_PASSWORD, else the one generated into the home. */
  public String password() {
    String password = System.getenv("SUPERSET_ADMIN_PASSWORD");
    if (password != null && !password.isEmpty()) {
      return password;
    }
    try {
      return Files.readString(home.resolve("admin-password"), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("no admin password in " + home, e);
    }
  }

  /** Who logs in, and where the password is: never the password itself (it would reach a log). */
  public String login() {
    String given = System.getenv("SUPERSET_ADMIN_PASSWORD");
    return username()
        + (given != null && !given.isEmpty()
            ? " with SUPERSET_ADMIN_PASSWORD"
            : ", password in " + home.resolve("admin-password"));
  }

  public Path home() {
    return home;
  }

  public Path log() {
    return log;
  }

  /** How long {@link #start} took, step by step. */
  public Startup startup() {
    return startup;
  }

  private Process startImport(Path zip) {
    try {
      ProcessBuilder builder =
          new ProcessBuilder("bash", script(checkout).toString(), "import", zip.toString());
      builder.environment().put("SUPERSET_HOME", home.toString());
      return builder
          .redirectErrorStream(true)
          .redirectOutput(home.resolve("import.out").toFile())
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot import the dashboards", e);
    }
  }

  private void awaitImport(Process importing, Path zip) {
    try {
      if (!importing.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        importing.destroyForcibly();
        throw new IllegalStateException(
            "importing "
                + zip
                + " took over "
                + START_TIMEOUT
                + "; "
                + tail(home.resolve("import.log")));
      }
    } catch (InterruptedException e) {
      importing.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while importing the dashboards", e);
    }
    if (importing.exitValue() != 0) {
      throw new IllegalStateException(
          "importing "
              + zip
              + " failed; "
              + tail(home.resolve("import.out"))
              + "\n"
              + tail(home.resolve("import.log")));
    }
  }

  private void awaitHealthy(long started) {
    HttpHealth.await("Superset", process, url().resolve("/health"), started, START_TIMEOUT, log);
  }

  /** Runs a script command to its end, output to {@code out}; fails with the output's tail. */
  private static void run(
      Path checkout,
      Map<String, String> env,
      Duration timeout,
      Path out,
      Consumer<String> progress,
      String... args) {
    List<String> command = new ArrayList<>(List.of("bash", script(checkout).toString()));
    command.addAll(List.of(args));
    Process p = null;
    try {
      Files.createDirectories(out.toAbsolutePath().getParent());
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().putAll(env);
      p = builder.redirectErrorStream(true).redirectOutput(out.toFile()).start();
      String step = "superset.sh " + String.join(" ", args);
      long started = System.nanoTime();
      // a line every PROGRESS_EVERY while it runs: how long so far, and what it last printed
      while (!p.waitFor(PROGRESS_EVERY.toSeconds(), TimeUnit.SECONDS)) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        if (elapsed.compareTo(timeout) > 0) {
          stop(p);
          throw new IllegalStateException(step + " took over " + timeout + "; " + tail(out));
        }
        progress.accept(step + ": " + elapsed.toSeconds() + " s so far" + lastLine(out));
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(step + " failed; " + tail(out));
      }
      // what it says it did; an install's package-by-package list stays in its log
      List<String> printed =
          Files.readAllLines(out, StandardCharsets.UTF_8).stream()
              .filter(line -> !line.isBlank() && !line.startsWith(" + "))
              .toList();
      if (args[0].equals("install") && !printed.isEmpty()) {
        progress.accept(printed.get(printed.size() - 1));
      } else {
        printed.forEach(progress);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      stop(p); // stopped while it ran (Ctrl-C on up): it does not run on alone
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + command, e);
    }
  }

  /** Kills a script and what it started (Superset's own command line, uv, pip). */
  private static void stop(Process script) {
    script.descendants().forEach(ProcessHandle::destroyForcibly);
    script.destroyForcibly();
  }

  /** ": " and the last line {@code out} holds so far, or nothing. */
  private static String lastLine(Path out) throws IOException {
    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (!lines.get(i).isBlank()) {
        return ": " + lines.get(i).strip();
      }
    }
    return "";
  }

  /** The last 30 lines of a log, headed by its path. */
  static String tail(Path file) {
    return HttpHealth.tail(file);
  }

  /** Stops the server (SIGTERM, then SIGKILL after 20 s) and waits for it. */
  @Override
  public void close() {
    HttpHealth.stop(process);
  }
}
