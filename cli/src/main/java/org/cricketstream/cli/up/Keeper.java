package org.cricketstream.cli.up;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.cricketstream.stack.StartProgress;

/**
 * Keeps one component running, on a thread of its own so that a slow start of one component never
 * holds up the restart of another: starts it, waits until it is healthy, checks its health while it
 * runs, and restarts it when it dies or stays unhealthy for {@link
 * SupervisorSettings#unhealthyFor}, after an exponential back-off. More than {@link
 * SupervisorSettings#restartLimit} restarts within {@link SupervisorSettings#restartWindow} and it
 * is given up as crash-looping, with its last exit code and log kept for {@code status}.
 */
final class Keeper {
  /** Where a component is. */
  enum State {
    STARTING,
    RUNNING,
    UNHEALTHY,
    BACKING_OFF,
    /** Given up: it failed too often within the window. */
    CRASH_LOOPING,
    /** A job that ended with an error, or a component that cannot start at all. */
    FAILED,
    /** A job that ended well. */
    DONE,
    STOPPED
  }

  private final Component component;
  private final SupervisorSettings settings;
  private final Function<Component, Child> launcher;
  private final Supervisor supervisor;
  private final Thread thread;
  private final CountDownLatch settled = new CountDownLatch(1);
  private final Deque<Instant> recentRestarts = new ArrayDeque<>();
  private final Object lock = new Object();
  private volatile Child child;
  private volatile State state = State.STARTING;
  private volatile boolean stopping;
  private final java.util.concurrent.atomic.AtomicInteger restarts =
      new java.util.concurrent.atomic.AtomicInteger();
  private volatile int recentCount;
  private volatile Integer lastExit;
  private volatile String problem;
  private volatile Instant since = Instant.now();

  Keeper(
      Component component,
      SupervisorSettings settings,
      Function<Component, Child> launcher,
      Supervisor supervisor) {
    this.component = component;
    this.settings = settings;
    this.launcher = launcher;
    this.supervisor = supervisor;
    this.thread = new Thread(this::keep, "keep-" + component.name());
    thread.setDaemon(true);
  }

  void begin() {
    thread.start();
  }

  Component component() {
    return component;
  }

  Optional<Child> child() {
    return Optional.ofNullable(child);
  }

  State state() {
    return state;
  }

  int restarts() {
    return restarts.get();
  }

  /** Why it gave up or failed; empty while it is fine. */
  Optional<String> failure() {
    return state == State.CRASH_LOOPING || state == State.FAILED
        ? Optional.of(describe())
        : Optional.empty();
  }

  /**
   * Waits until the component is healthy for the first time (or, for a job, started); throws a
   * {@link StackException} with its log's tail if it gives up first.
   */
  void awaitFirstReady() throws InterruptedException {
    settled.await();
    if (state == State.CRASH_LOOPING || state == State.FAILED) {
      Child last = child;
      throw new StackException(
          describe() + (last == null ? "" : "; the end of its log:\n" + last.tail(30)));
    }
  }

  /** One line for messages and status: the state, and for a failure why, exit code and log. */
  String describe() {
    String name = component.name();
    String log = supervisor.home().relative(supervisor.home().log(name));
    return switch (state) {
      case CRASH_LOOPING ->
          name
              + " is crash-looping: gave up after "
              + recentCount
              + " restarts within "
              + settings.restartWindow().toMinutes()
              + " min (last exit code "
              + (lastExit == null ? "none" : lastExit)
              + (problem == null ? "" : "; " + problem)
              + "; log "
              + log
              + ")";
      case FAILED ->
          name
              + " failed"
              + (lastExit == null ? "" : " with exit code " + lastExit)
              + (problem == null ? "" : ": " + problem)
              + " (log "
              + log
              + ")";
      default -> name + " " + state.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    };
  }

  /** What {@code status} shows of this component. */
  Map<String, Object> status() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("state", state.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    Child c = child;
    if (c != null) {
      s.put("pid", c.pid());
    }
    s.put("since", since.toString());
    s.put("restarts", restarts.get());
    if (lastExit != null) {
      s.put("lastExitCode", lastExit);
    }
    if (problem != null) {
      s.put("problem", problem);
    }
    s.put("log", supervisor.home().log(component.name()).toString());
    return s;
  }

  private void keep() {
    try {
      while (!stopping) {
        Child started = launch();
        if (started == null) {
          return;
        }
        if (awaitHealthy(started)) {
          enter(State.RUNNING, null);
          problem = null;
          settled.countDown();
          supervisor.say(
              "%-13s ready %sin %.1f s (pid %d, log %s)%s",
              component.name(),
              restarts.get() == 0 ? "" : "again ",
              Duration.between(started.started(), Instant.now()).toMillis() / 1000.0,
              started.pid(),
              supervisor.home().relative(started.log()),
              restarts.get() == 0 ? "" : " after restart " + restarts.get());
          if (component.job()) {
            finishJob(started);
            return;
          }
          watch(started);
        }
        if (stopping) {
          return;
        }
        lastExit = started.stop();
        if (component.job()) {
          enter(State.FAILED, problem); // a job is not restarted
          supervisor.say("%s", describe());
          return;
        }
        if (!mayRestart()) {
          enter(State.CRASH_LOOPING, problem);
          supervisor.say("%s", describe());
          return;
        }
        Duration wait = settings.backoff(recentRestarts.size() - 1);
        enter(State.BACKING_OFF, problem);
        supervisor.say(
            "%-13s %s; restarting in %.1f s (restart %d; log %s)",
            component.name(),
            problem == null ? "exited with code " + lastExit : problem,
            wait.toMillis() / 1000.0,
            restarts.get(),
            supervisor.home().relative(started.log()));
        Thread.sleep(wait.toMillis());
      }
    } catch (InterruptedException e) {
      // stopping
    } catch (RuntimeException e) {
      problem = "supervising it failed: " + e;
      enter(State.FAILED, problem);
      supervisor.say("%s", describe());
    } finally {
      settled.countDown();
    }
  }

  /** Starts the process, unless stopping; null when it cannot start at all. */
  private Child launch() throws InterruptedException {
    synchronized (lock) {
      if (stopping) {
        return null;
      }
      Child.killStrays(component);
      for (int port : component.ports()) {
        if (!StackHome.free(port)) {
          problem =
              "port "
                  + port
                  + " on 127.0.0.1 is in use by another process; stop it, or give another --home";
          enter(State.FAILED, problem);
          supervisor.say("%-13s cannot start: %s", component.name(), problem);
          return null;
        }
      }
      enter(State.STARTING, problem);
      child = launcher.apply(component);
      return child;
    }
  }

  /** Checks health until it holds (true), the process exits, or the start timeout passes. */
  private boolean awaitHealthy(Child started) throws InterruptedException {
    long deadline = System.nanoTime() + component.startTimeout().toNanos();
    String last = null;
    int shown = 0; // how much of the child's output has been looked at for progress lines
    while (System.nanoTime() < deadline && !stopping) {
      shown = showProgress(started, shown);
      if (!started.alive()) {
        if (component.job() && started.exitCode().orElse(1) == 0) {
          return true;
        }
        problem = "exited with code " + started.exitCode().orElse(-1) + " while starting";
        return false;
      }
      try {
        if (component.health().check(started)) {
          return true;
        }
      } catch (Exception e) { // any failure of the check means: not healthy yet
        last = String.valueOf(e.getMessage());
      }
      Thread.sleep(250);
    }
    problem =
        "not healthy after "
            + component.startTimeout().toSeconds()
            + " s"
            + (last == null ? "" : " (" + firstLine(last) + ")");
    return false;
  }

  /**
   * Shows the {@link StartProgress} lines the child printed after {@code from} (a first install's
   * steps and elapsed time); returns how far its output has been read.
   */
  private int showProgress(Child started, int from) {
    String output = started.outputSinceStart();
    int end = output.lastIndexOf('\n') + 1;
    if (end <= from) {
      return from;
    }
    for (String line : output.substring(from, end).lines().toList()) {
      String progress = StartProgress.of(line);
      if (progress != null) {
        supervisor.say("%-13s %s", component.name(), progress);
      }
    }
    return end;
  }

  /** Watches a running service until it dies or stays unhealthy too long. */
  private void watch(Child running) throws InterruptedException {
    Instant failingSince = null;
    while (!stopping) {
      if (running.awaitExit(settings.healthInterval().toMillis())) {
        problem = "exited with code " + running.exitCode().orElse(-1);
        return;
      }
      if (stopping) {
        return;
      }
      String why = null;
      try {
        if (!component.health().check(running)) {
          why = "health check failed";
        }
      } catch (Exception e) { // a check that throws says what is wrong
        // a timeout says nothing itself (its message is null): its kind does
        why =
            "health check failed: "
                + (e.getMessage() == null
                    ? e.getClass().getSimpleName()
                    : firstLine(e.getMessage()));
      }
      if (why == null) {
        if (failingSince != null) {
          supervisor.say("%-13s healthy again", component.name());
          enter(State.RUNNING, null);
        }
        failingSince = null;
        problem = null;
        continue;
      }
      problem = why;
      if (failingSince == null) {
        failingSince = Instant.now();
        enter(State.UNHEALTHY, why);
        supervisor.say("%-13s %s", component.name(), why);
      } else if (Duration.between(failingSince, Instant.now()).compareTo(settings.unhealthyFor())
          >= 0) {
        problem = "unhealthy for " + settings.unhealthyFor().toSeconds() + " s (" + why + ")";
        return;
      }
    }
  }

  private void finishJob(Child job) throws InterruptedException {
    while (!job.awaitExit(1000)) {
      if (stopping) {
        return;
      }
    }
    lastExit = job.exitCode().orElse(-1);
    if (lastExit == 0) {
      enter(State.DONE, null);
    } else {
      problem = null;
      enter(State.FAILED, null);
      supervisor.say("%s", describe());
    }
  }

  /** Counts a restart; false once the window already holds as many as allowed. */
  private boolean mayRestart() {
    Instant now = Instant.now();
    while (!recentRestarts.isEmpty()
        && recentRestarts.peekFirst().isBefore(now.minus(settings.restartWindow()))) {
      recentRestarts.removeFirst();
    }
    recentCount = recentRestarts.size();
    if (recentRestarts.size() >= settings.restartLimit()) {
      return false;
    }
    recentRestarts.addLast(now);
    recentCount = recentRestarts.size();
    restarts.incrementAndGet();
    return true;
  }

  private void enter(State next, String why) {
    state = next;
    problem = why;
    since = Instant.now();
    supervisor.changed();
  }

  /** Stops the component and its whole process group, and this keeper with it. */
  void stop() throws InterruptedException {
    Child c;
    synchronized (lock) {
      stopping = true;
      c = child;
    }
    // the keeper's thread and health check first: nothing is restarted, and no client of the
    // check is left asking a server that is going away
    thread.interrupt();
    thread.join(Duration.ofSeconds(15).toMillis());
    component.health().close();
    Integer code = null;
    boolean wasAlive = c != null && c.alive();
    long began = System.nanoTime();
    if (c != null) {
      code = c.stop();
    }
    if (state != State.CRASH_LOOPING && state != State.FAILED && state != State.DONE) {
      enter(State.STOPPED, null);
    }
    if (wasAlive) {
      supervisor.say(
          "%-13s stopped in %.1f s (exit code %d)",
          component.name(), (System.nanoTime() - began) / 1e9, code);
    }
  }

  private static String firstLine(String text) {
    int end = text.indexOf('\n');
    return end < 0 ? text : text.substring(0, end);
  }

  /** Starts a component's process, for {@link Supervisor}. */
  static Child start(Component component, List<String> command, LogFile log, Path tmp) {
    try {
      return Child.start(component, command, log, tmp);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot start " + component.name(), e);
    }
  }
}
