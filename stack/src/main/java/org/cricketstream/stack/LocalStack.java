package org.cricketstream.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LocalStack (S3, SQS, IAM, STS, EventBridge, Lambda's API, logs) as a child process in host mode,
 * bound to 127.0.0.1, started through the project's {@code localstack/localstack.sh}, which owns
 * how it is installed and run. Needs the cached environment ({@code localstack.sh install}); {@link
 * #unavailable} says why it cannot start. Lambda functions cannot execute here (that needs Docker);
 * the Lambda runs through the local runner instead.
 */
public final class LocalStack implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Process process;
  private final int port;
  private final Path log;

  private LocalStack(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** The script, in a checkout. */
  public static Path script(Path checkout) {
    return checkout.resolve("localstack/localstack.sh");
  }

  /** Why LocalStack cannot be started from {@code checkout}, or empty if it can. */
  public static Optional<String> unavailable(Path checkout) {
    return ShortCommand.venvMissing(script(checkout), "LocalStack", Duration.ofSeconds(30));
  }

  /** Starts on a free port, its files and log under {@code dir}; returns once it is healthy. */
  public static LocalStack start(Path checkout, Path dir) {
    int port = LocalKafka.freePort();
    Path log = dir.resolve("localstack.log");
    long started = System.nanoTime();
    Process process;
    try {
      Files.createDirectories(dir);
      ProcessBuilder builder =
          new ProcessBuilder(
              List.of(
                  "bash", script(checkout).toString(), "run", "--port", Integer.toString(port)));
      builder.environment().put("LOCALSTACK_DIR", dir.toAbsolutePath().toString());
      builder.redirectErrorStream(true).redirectOutput(log.toFile());
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start LocalStack", e);
    }
    LocalStack stack = new LocalStack(process, port, log);
    try {
      stack.awaitHealthy(started);
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
    LOG.info(
        "LocalStack on {} in {} ms (log {})",
        stack.endpoint(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
        log);
    return stack;
  }

  public URI endpoint() {
    return URI.create("http://" + LocalKafka.HOST + ":" + port);
  }

  public Path log() {
    return log;
  }

  private void awaitHealthy(long started) {
    HttpHealth.await(
        "LocalStack",
        process,
        endpoint().resolve("/_localstack/health"),
        started,
        START_TIMEOUT,
        log);
  }

  /** Stops the process (SIGTERM, then SIGKILL after 20 s) and waits for it. */
  @Override
  public void close() {
    HttpHealth.stop(process);
  }
}
