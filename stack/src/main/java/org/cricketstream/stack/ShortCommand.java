package org.cricketstream.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A short command run to its end with no input, such as asking an install script where its cached
 * environment is ({@code superset.sh venv}) or a program for its version.
 *
 * @param succeeded whether it exited 0 within the time given
 * @param output what it printed (standard error included), or why it could not run
 */
public record ShortCommand(boolean succeeded, String output) {

  /** Runs {@code command}; a command still running after {@code timeout} is killed. */
  public static ShortCommand run(List<String> command, Duration timeout) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        return new ShortCommand(false, String.join(" ", command) + " took over " + timeout);
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return new ShortCommand(p.exitValue() == 0, out);
    } catch (IOException e) {
      return new ShortCommand(false, "cannot run " + command + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ShortCommand(false, "interrupted");
    }
  }

  /**
   * Why the cached environment an install script of the project keeps ({@code localstack.sh},
   * {@code superset.sh}) is missing, or empty when it is there: asks {@code bash <script> venv}.
   */
  public static Optional<String> venvMissing(Path script, String product, Duration timeout) {
    if (!Files.isRegularFile(script)) {
      return Optional.of("no " + script);
    }
    ShortCommand venv = run(List.of("bash", script.toString(), "venv"), timeout);
    return venv.succeeded()
        ? Optional.empty()
        : Optional.of(product + " is not installed (" + venv.output() + ")");
  }
}
