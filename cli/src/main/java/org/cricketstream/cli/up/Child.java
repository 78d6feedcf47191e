package org.cricketstream.cli.up;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One started process of a {@link Component}: its pid (which is also its process group's id), its
 * log, and since when it runs. What it prints is copied into its {@link LogFile} by a thread of the
 * supervisor, and the first megabyte since this start is kept for {@link #outputSinceStart}.
 */
public final class Child {
  private static final int KEPT_OUTPUT = 1 << 20;

  private final Component component;
  private final Process process;
  private final LogFile log;
  private final Instant started;
  private final ByteArrayOutputStream output = new ByteArrayOutputStream();
  private final Thread pump;

  private Child(Component component, Process process, LogFile log) {
    this.component = component;
    this.process = process;
    this.log = log;
    this.started = Instant.now();
    this.pump = new Thread(this::pump, "log-" + component.name());
    pump.setDaemon(true);
    pump.start();
  }

  /**
   * Starts {@code command} for {@code component} in a process group of its own, its output (and
   * errors) into {@code log}, its temporary files in {@code tmp}. Its standard input stays a pipe
   * from the supervisor: when the supervisor is gone the pipe closes and the child stops (see
   * {@link Supervised}), within its stop timeout.
   */
  static Child start(Component component, List<String> command, LogFile log, Path tmp)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(ProcessGroups.inOwnGroup(command)).redirectErrorStream(true);
    builder.environment().putAll(component.env());
    builder.environment().put(Supervised.MARK, "1");
    builder
        .environment()
        .put(Supervised.STOP_TIMEOUT, Long.toString(component.stopTimeout().toMillis()));
    // the component's temporary folder, for what it starts too (Python, Go, PostgreSQL)
    builder.environment().put("TMPDIR", tmp.toString());
    // glibc keeps up to eight malloc arenas per core, each holding on to memory it freed, and
    // RocksDB and DuckDB allocate natively from many threads: two arenas bound what is held
    builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
    log.write(
        String.format(
            "%n=== %s starting %s: %s%s%n",
            Instant.now(),
            component.name(),
            component.isProgram() ? "" : "cricket ",
            String.join(" ", component.args())));
    return new Child(component, builder.start(), log);
  }

  private void pump() {
    byte[] buffer = new byte[8192];
    try (InputStream in = process.getInputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        try {
          log.write(buffer, 0, n);
        } catch (UncheckedIOException e) {
          // a full disk: the output is lost, but still read, so the child never blocks on it
        }
        synchronized (output) {
          if (output.size() < KEPT_OUTPUT) {
            output.write(buffer, 0, Math.min(n, KEPT_OUTPUT - output.size()));
          }
        }
      }
    } catch (IOException e) {
      // the process is gone: nothing more to copy
    }
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

  /** Waits until it exits or {@code millis} pass; whether it exited. */
  boolean awaitExit(long millis) throws InterruptedException {
    return process.waitFor(millis, TimeUnit.MILLISECONDS);
  }

  public Path log() {
    return log.path();
  }

  /** What the process printed since it was started (its first megabyte). */
  public String outputSinceStart() {
    synchronized (output) {
      return output.toString(StandardCharsets.UTF_8);
    }
  }

  /**
   * Waits until what the process printed since this start matches {@code pattern}: for what a
   * component hands over on its output (the addresses {@code local-aws} prints), not for telling
   * whether it works. Empty if it does not within {@code timeout} or the process exits first.
   */
  public Optional<java.util.regex.Matcher> awaitOutput(
      java.util.regex.Pattern pattern, java.time.Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      java.util.regex.Matcher m = pattern.matcher(outputSinceStart());
      if (m.find()) {
        return Optional.of(m);
      }
      if (!alive() || System.nanoTime() > deadline) {
        return Optional.empty();
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
  }

  /** The last {@code n} lines of the log, for error messages. */
  public String tail(int n) {
    try {
      List<String> lines = Files.readAllLines(log.path(), StandardCharsets.UTF_8);
      return String.join(
          System.lineSeparator(),
          new ArrayList<>(lines.subList(Math.max(0, lines.size() - n), lines.size())));
    } catch (IOException | UncheckedIOException e) {
      return "(cannot read " + log.path() + ": " + e.getMessage() + ")";
    }
  }

  /**
   * Stops the whole process group: SIGTERM, then SIGKILL after the component's stop timeout; then
   * whatever is left of the group and the component's strays. Returns the exit code.
   */
  int stop() throws InterruptedException {
    List<ProcessHandle> strays =
        component.strays().stream().flatMap(file -> stray(file).stream()).toList();
    if (process.isAlive()) {
      ProcessGroups.signal(process.pid(), "TERM");
      // a stopped (SIGSTOP) or hung-in-a-signal-stop process handles TERM only once continued
      ProcessGroups.signal(process.pid(), "CONT");
      if (!process.waitFor(component.stopTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        ProcessGroups.signal(process.pid(), "KILL");
        process.waitFor();
      }
    }
    // children of the child that outlived it (a daemon's workers): the group goes with it
    ProcessGroups.signal(process.pid(), "KILL");
    // a stray the child stopped itself (the postmaster, by a fast shutdown) may take a moment to go
    for (ProcessHandle stray : strays) {
      awaitExit(stray, 10);
    }
    killStrays(component);
    pump.join(2000);
    return process.exitValue();
  }

  /**
   * Stops the processes named in the component's pid files that are still there, with their groups:
   * left over when the child died without stopping them (kill -9). A pid is taken only if the
   * process's command line names the folder of its pid file (a PostgreSQL postmaster names its data
   * directory), so a pid reused by an unrelated process is never touched.
   */
  static void killStrays(Component component) throws InterruptedException {
    for (Path pidFile : component.strays()) {
      Optional<ProcessHandle> stray = stray(pidFile);
      if (stray.isEmpty()) {
        continue;
      }
      long pid = stray.get().pid();
      long group = ProcessGroups.groupOf(pid).orElse(pid);
      if (group == pid) {
        ProcessGroups.signal(pid, "KILL");
      } else {
        stray.get().destroyForcibly();
      }
      awaitExit(stray.get(), 10);
    }
  }

  /** Waits until a process is gone, at most {@code seconds}. */
  private static void awaitExit(ProcessHandle handle, int seconds) {
    handle.onExit().completeOnTimeout(handle, seconds, TimeUnit.SECONDS).join();
  }

  /**
   * The live process named on the first line of {@code pidFile}, if it is the one that wrote it.
   */
  static Optional<ProcessHandle> stray(Path pidFile) {
    try {
      if (!Files.exists(pidFile)) {
        return Optional.empty();
      }
      long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
      String folder = pidFile.toAbsolutePath().getParent().toString();
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(h -> h.info().commandLine().map(c -> c.contains(folder)).orElse(false));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * CPU time used so far, user and system, by the process, its live descendants and the processes
   * named in the component's pid files with theirs (a PostgreSQL postmaster and its backends), as
   * the operating system counts it; descendants that already exited are not counted.
   */
  java.time.Duration cpu(ProcessTree tree) {
    java.time.Duration total = java.time.Duration.ZERO;
    for (long pid : processes(tree)) {
      total = total.plus(ProcessHandle.of(pid).map(Child::cpuOf).orElse(java.time.Duration.ZERO));
    }
    return total;
  }

  static java.time.Duration cpuOf(ProcessHandle handle) {
    return handle.info().totalCpuDuration().orElse(java.time.Duration.ZERO);
  }

  /**
   * Memory of the process and all its descendants, and of its strays (a daemon such as the
   * postmaster, which may run outside the process tree) and theirs (PostgreSQL's backends), each
   * counted once; {@link Memory#NONE} off Linux. Proportional set sizes only when asked ({@link
   * Memory#of}).
   */
  Memory memory(ProcessTree tree, boolean proportional) {
    Memory total = Memory.NONE;
    for (long pid : processes(tree)) {
      total = total.plus(Memory.of(pid, proportional));
    }
    return total;
  }

  /**
   * The process, its live descendants and the processes named in the component's pid files with
   * theirs, each once (a postmaster is both a descendant and a stray when it runs in a session of
   * its own under the child).
   */
  private Set<Long> processes(ProcessTree tree) {
    Set<Long> all = tree.withDescendants(process.pid());
    for (Path pidFile : component.strays()) {
      stray(pidFile).ifPresent(stray -> all.addAll(tree.withDescendants(stray.pid())));
    }
    return all;
  }
}
