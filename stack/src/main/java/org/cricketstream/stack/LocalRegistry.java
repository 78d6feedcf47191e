package org.cricketstream.stack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Apicurio Registry, the schema registry of the local stack, as a child process on 127.0.0.1: its
 * Confluent-compatible API at {@link #url()}, its health on a management port, its schemas in an H2
 * database under a data folder kept across restarts. Started through the project's {@code
 * registry/registry.sh}, which owns how it is installed (from Maven Central, pinned and checked)
 * and run (on Java 21 or newer, which it needs).
 */
public final class LocalRegistry implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalRegistry.class);

  /** The path of the Confluent-compatible API under Apicurio's root. */
  public static final String CCOMPAT_PATH = "/apis/ccompat/v7";

  /** The one user every request logs in as (HTTP basic auth). */
  public static final String USER = "cricket";

  /**
   * The heap it runs in: about 33 MB live after a GC with the project's schemas registered and
   * asked for (measured with -Xlog:gc), so three times that. Quarkus's classes (about 80 MB of
   * metaspace, symbols and shared classes) are most of the rest of its 220 MB.
   */
  public static final String HEAP = "96m";

  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

  private final Process process;
  private final int port;
  private final int managementPort;

  private LocalRegistry(Process process, int port, int managementPort) {
    this.process = process;
    this.port = port;
    this.managementPort = managementPort;
  }

  /** The script, in a checkout. */
  public static Path script(Path checkout) {
    return checkout.resolve("registry/registry.sh");
  }

  /** Why the registry cannot run here (no Java 21+), or empty if it can once installed. */
  public static Optional<String> unavailable(Path checkout) {
    ShortCommand java =
        ShortCommand.run(
            List.of("bash", script(checkout).toString(), "java"), Duration.ofSeconds(30));
    return java.succeeded() ? Optional.empty() : Optional.of(java.output().strip());
  }

  /**
   * Installs the pinned server into the cache unless it is there, each line the script prints given
   * to {@code progress}.
   */
  public static void install(Path checkout, Consumer<String> progress) {
    ProcessBuilder builder =
        new ProcessBuilder("bash", script(checkout).toString(), "install")
            .redirectErrorStream(true);
    try {
      Process install = builder.start();
      try (BufferedReader lines =
          new BufferedReader(
              new InputStreamReader(install.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          progress.accept(line);
        }
      }
      int code = install.waitFor();
      if (code != 0) {
        throw new IllegalStateException(
            "installing Apicurio Registry failed (" + script(checkout) + " install exited " + code);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + script(checkout), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted installing Apicurio Registry", e);
    }
  }

  /**
   * The command that runs it in the foreground, with REGISTRY_PASSWORD (and REGISTRY_USER) in its
   * environment: the script execs its JVM, so this is the registry's own process, except under
   * {@code ./cricket up} ({@code CRICKET_SUPERVISED=1}), where the script stays to stop the JVM
   * when the supervisor's pipe on its standard input ends.
   */
  public static List<String> command(Path checkout, Path data, int port, int managementPort) {
    return List.of(
        "bash",
        script(checkout).toString(),
        "run",
        "--data",
        data.toString(),
        "--port",
        Integer.toString(port),
        "--management-port",
        Integer.toString(managementPort),
        "--heap",
        HEAP);
  }

  /**
   * Starts on {@code port} (its API, every request logging in as {@link #USER} with {@code
   * password}) and {@code managementPort} (its health), its schemas under {@code data} and its log
   * {@code log}; returns once it is ready. Needs it installed ({@link #install}).
   */
  public static LocalRegistry start(
      Path checkout, Path data, int port, int managementPort, String password, Path log) {
    long started = System.nanoTime();
    Process process;
    try {
      Files.createDirectories(data);
      ProcessBuilder builder =
          new ProcessBuilder(command(checkout, data, port, managementPort))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().put("REGISTRY_USER", USER);
      builder.environment().put("REGISTRY_PASSWORD", password);
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start Apicurio Registry", e);
    }
    LocalRegistry registry = new LocalRegistry(process, port, managementPort);
    try {
      HttpHealth.await(
          "Apicurio Registry", process, registry.health(), started, START_TIMEOUT, log);
    } catch (RuntimeException e) {
      registry.close();
      throw e;
    }
    LOG.info(
        "Apicurio Registry on {} in {} ms (log {})",
        registry.url(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
        log);
    return registry;
  }

  /** The Confluent-compatible API, what {@code SCHEMA_REGISTRY_URL} names. */
  public String url() {
    return url(port);
  }

  /** The Confluent-compatible API of a registry started on {@code port}. */
  public static String url(int port) {
    return "http://" + LocalKafka.HOST + ":" + port + CCOMPAT_PATH;
  }

  /** Answers 200 once the registry and its storage are ready. */
  public URI health() {
    return health(managementPort);
  }

  /** The readiness endpoint of a registry whose management port is {@code managementPort}. */
  public static URI health(int managementPort) {
    return URI.create("http://" + LocalKafka.HOST + ":" + managementPort + "/health/ready");
  }

  /** Stops the process (SIGTERM, then SIGKILL after 20 s) and waits for it. */
  @Override
  public void close() {
    HttpHealth.stop(process);
  }
}
