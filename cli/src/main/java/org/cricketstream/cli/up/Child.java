package org.cricketstream.cli.up;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** One started process of a {@link Component}: its pid, its log, and since when it runs. */
public final class Child {
  private final Component component;
  private final Process process;
  private final Path log;
  private final long logOffset;
  private final Instant started;

  Child(Component component, Process process, Path log, long logOffset) {
    this.component = component;
    this.process = process;
    this.log = log;
    this.logOffset = logOffset;
    this.started = Instant.now();
  }

  public Component component() {
    return component;
  }

  public long pid() {
    return process.pid();
  }

  public Instant started() {
    return started;
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** The exit code, once it exited. */
  public Optional<Integer> exitCode() {
    return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
  }

  public Path log() {
    return log;
  }

  /** What the process wrote to its log since it was started. */
  public String outputSinceStart() {
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      long length = file.length();
      if (length <= logOffset) {
        return "";
      }
      byte[] bytes = new byte[(int) Math.min(length - logOffset, 8L << 20)];
      file.seek(logOffset);
      file.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The last {@code n} lines of the log, for error messages. */
  public String tail(int n) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join(
          System.lineSeparator(),
          new ArrayList<>(lines.subList(Math.max(0, lines.size() - n), lines.size())));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  /** SIGTERM, then SIGKILL after the component's stop timeout; returns the exit code. */
  int stop() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(component.stopTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor();
      }
    }
    return process.exitValue();
  }

  /** Resident memory of the process and all its descendants, in bytes (Linux; 0 elsewhere). */
  long residentBytes() {
    long total = Memory.rss(process.pid());
    for (ProcessHandle d : process.descendants().toList()) {
      total += Memory.rss(d.pid());
    }
    return total;
  }
}
