package org.cricketstream.cli.up;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the stack's components as child processes: starts each in order and waits until it is ready,
 * restarts a service that dies, and stops everything in reverse order. Each child's output goes to
 * {@code logs/<name>.log} under the home; its pid to {@code run/<name>.pid}. A child watches its
 * standard input and exits when the supervisor is gone, so no process outlives it.
 */
public final class Supervisor implements AutoCloseable {
  /** Marks a child that must stop when its standard input closes (see {@code Cricket.main}). */
  public static final String SUPERVISED = "CRICKET_SUPERVISED";

  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final StackHome home;
  private final PrintWriter out;
  private volatile boolean clearLine;
  private final String classpath;
  private final Map<String, Child> children = new LinkedHashMap<>();
  private final Map<String, Integer> restarts = new LinkedHashMap<>();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final AtomicLong peakBytes = new AtomicLong();
  private final Thread monitor;

  public Supervisor(StackHome home, PrintWriter out) {
    this.home = home;
    this.out = out;
    this.classpath = System.getProperty("java.class.path");
    this.monitor = new Thread(this::monitor, "supervisor-monitor");
    monitor.setDaemon(true);
    monitor.start();
  }

  /** Starts a component and returns once it is ready; throws with its log's tail otherwise. */
  public synchronized Child start(Component component) {
    long began = System.nanoTime();
    Child child = launch(component);
    children.put(component.name(), child);
    restarts.putIfAbsent(component.name(), 0);
    awaitReady(child);
    say(
        "%-13s ready in %.1f s (pid %d, log %s)",
        component.name(),
        (System.nanoTime() - began) / 1e9,
        child.pid(),
        home.relative(child.log()));
    return child;
  }

  /** The running (or finished) child of a component. */
  public synchronized Optional<Child> child(String name) {
    return Optional.ofNullable(children.get(name));
  }

  /** Every child, in start order. */
  public synchronized List<Child> children() {
    return new ArrayList<>(children.values());
  }

  /** How often a component was restarted after dying. */
  public synchronized int restarts(String name) {
    return restarts.getOrDefault(name, 0);
  }

  /** The largest resident memory of all children together seen so far, in bytes. */
  public long peakResidentBytes() {
    return peakBytes.get();
  }

  /** Whether every service runs and has run for at least {@code settled}. */
  public synchronized boolean servicesSettled(Duration settled) {
    Instant before = Instant.now().minus(settled);
    for (Child child : children.values()) {
      if (!child.component().job() && (!child.alive() || child.started().isAfter(before))) {
        return false;
      }
    }
    return true;
  }

  private Child launch(Component component) {
    Path log = home.openLog(component.name());
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + component.heap());
    command.add("-XX:+ExitOnOutOfMemoryError");
    // S3Proxy closes idle connections that the JDK's HTTP client would reuse for the next PUT
    command.add("-Dhttp.keepAlive=false");
    command.add("-Dcricket.root=" + System.getProperty("cricket.root", "."));
    command.add("-cp");
    command.add(classpath);
    command.add("org.cricketstream.cli.Cricket");
    command.addAll(component.args());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(component.env());
    builder.environment().put(SUPERVISED, "1");
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    try {
      String header =
          String.format(
              "%n=== %s starting %s: cricket %s%n",
              Instant.now(), component.name(), String.join(" ", component.args()));
      Files.writeString(
          log,
          header,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      long offset = Files.size(log);
      Process process = builder.start();
      Child child = new Child(component, process, log, offset);
      home.writePid(component.name(), process.pid());
      return child;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + component.name(), e);
    }
  }

  private void awaitReady(Child child) {
    Component component = child.component();
    long deadline = System.nanoTime() + component.startTimeout().toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      if (!child.alive() && !(component.job() && child.exitCode().orElse(1) == 0)) {
        throw new StackException(
            component.name()
                + " exited with code "
                + child.exitCode().orElse(-1)
                + " while starting; the end of "
                + child.log()
                + ":\n"
                + child.tail(30));
      }
      try {
        if (component.ready().check(child)) {
          return;
        }
      } catch (Exception e) {
        last = e;
      }
      sleep(Duration.ofMillis(250));
    }
    throw new StackException(
        component.name()
            + " was not ready after "
            + component.startTimeout().toSeconds()
            + " s"
            + (last == null ? "" : " (" + last.getMessage() + ")")
            + "; the end of "
            + child.log()
            + ":\n"
            + child.tail(30));
  }

  /** Restarts services that died, records jobs that ended, and samples memory. */
  private void monitor() {
    while (!stopping.get()) {
      sleep(Duration.ofMillis(500));
      long rss = 0;
      for (Child child : children()) {
        rss += child.alive() ? child.residentBytes() : 0;
        if (!child.alive() && !child.component().job() && !stopping.get()) {
          restart(child);
        }
      }
      rss += Memory.rss(ProcessHandle.current().pid());
      peakBytes.accumulateAndGet(rss, Math::max);
    }
  }

  private void restart(Child dead) {
    String name = dead.component().name();
    int attempt;
    synchronized (this) {
      if (children.get(name) != dead) {
        return;
      }
      attempt = restarts.merge(name, 1, Integer::sum);
    }
    long backoff = Math.min(MAX_BACKOFF.toMillis(), 1000L << Math.min(attempt - 1, 5));
    say(
        "%-13s exited with code %d; restarting in %d s (restart %d; log %s)",
        name, dead.exitCode().orElse(-1), backoff / 1000, attempt, home.relative(dead.log()));
    sleep(Duration.ofMillis(backoff));
    if (stopping.get()) {
      return;
    }
    Child child = launch(dead.component());
    synchronized (this) {
      children.put(name, child);
    }
    try {
      awaitReady(child);
      say("%-13s ready again (pid %d)", name, child.pid());
    } catch (StackException e) {
      say("%-13s did not come back: %s", name, e.getMessage());
    }
  }

  /** Stops one component (SIGTERM, then SIGKILL after its stop timeout) and forgets it. */
  public void stop(String name) throws InterruptedException {
    Child child;
    synchronized (this) {
      child = children.remove(name);
    }
    if (child != null) {
      long began = System.nanoTime();
      boolean wasAlive = child.alive();
      int code = child.stop();
      home.removePid(name);
      if (wasAlive) {
        say(
            "%-13s stopped in %.1f s (exit code %d)",
            name, (System.nanoTime() - began) / 1e9, code);
      }
    }
  }

  /** Stops every child in the reverse of the order they started. */
  @Override
  public void close() {
    stopping.set(true);
    monitor.interrupt();
    List<String> names =
        new ArrayList<>(children().stream().map(c -> c.component().name()).toList());
    java.util.Collections.reverse(names);
    for (String name : names) {
      try {
        stop(name);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Whether a line being rewritten in place (up's progress line on a terminal) is to be cleared
   * before the supervisor says something, so its messages start on a clean line.
   */
  public void clearLineBeforeSaying(boolean clear) {
    this.clearLine = clear;
  }

  void say(String format, Object... args) {
    synchronized (out) {
      out.printf((clearLine ? "\r\033[K" : "") + format + "%n", args);
      out.flush();
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
