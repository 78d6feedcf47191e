package org.cricketstream.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Waits for a server started as a child process to answer its health endpoint; stops it. */
public final class HttpHealth {
  private HttpHealth() {}

  /**
   * Returns once {@code GET health} answers 200; fails when {@code process} exits first or {@code
   * timeout} (counted from {@code startedNanos}) passes, with the end of {@code log}.
   */
  public static void await(
      String product, Process process, URI health, long startedNanos, Duration timeout, Path log) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request = HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).build();
    try {
      while (System.nanoTime() - startedNanos < timeout.toNanos()) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              product + " exited with " + process.exitValue() + "; " + tail(log));
        }
        try {
          if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
            return;
          }
        } catch (IOException e) {
          // not listening yet
        }
        Thread.sleep(250);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + product, e);
    }
    throw new IllegalStateException(product + " not healthy within " + timeout + "; " + tail(log));
  }

  /** Stops a server started as a child process: SIGTERM, then SIGKILL after 20 s; waits for it. */
  public static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The last 30 lines of a log, named, for an error message. */
  public static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return "log "
          + file
          + ", last lines:\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log " + file + ": " + e.getMessage() + ")";
    }
  }
}
