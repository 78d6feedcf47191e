package org.cricketstream.cli.up;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.cricketstream.config.Secrets;

/**
 * Runs the stack's components as child processes, each kept by a {@link Keeper} on a thread of its
 * own: started, checked for health, restarted with back-off when it dies or stays unhealthy, given
 * up when it crash-loops; stopped in reverse order. Each child runs in a process group of its own
 * ({@link ProcessGroups}), so stopping it takes every process it started. Its output goes to {@code
 * logs/<name>.log} under the home, capped and rolled over ({@link LogFile}); its pid to {@code
 * run/<name>.pid}; how every component is doing to {@code run/supervisor.json}, which {@code
 * status} reads. A child watches its standard input and exits when the supervisor is gone, so no
 * process outlives it.
 */
public final class Supervisor implements AutoCloseable {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final StackHome home;
  private final SupervisorSettings settings;
  private final PrintWriter out;
  private volatile boolean clearLine;
  private final String classpath;
  private final Map<String, Keeper> keepers = new LinkedHashMap<>();
  private final Map<String, LogFile> logs = new LinkedHashMap<>();

  /** The components started together, by each one's name: they stop together too. */
  private final Map<String, List<String>> together = new LinkedHashMap<>();

  private final AtomicBoolean stopping = new AtomicBoolean();
  private final AtomicBoolean changed = new AtomicBoolean(true);

  /** The name {@link #peakResidentBytesByComponent()} gives the supervisor's own process. */
  public static final String SUPERVISOR = "supervisor";

  private final AtomicLong peakBytes = new AtomicLong();
  private final Map<String, Long> peakByComponent = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, Long> peakProportionalByComponent =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** The sample where all processes together had the largest proportional set size. */
  private volatile ProportionalPeak proportionalPeak = new ProportionalPeak(0, Map.of());

  private record ProportionalPeak(long bytes, Map<String, Long> byProcess) {}

  /** The last CPU reading of every child started, ended ones included (jobs such as the replay). */
  private final Map<Child, Duration> cpuByChild = new java.util.concurrent.ConcurrentHashMap<>();

  private final Thread monitor;
  private volatile ConnectorWatch connectors;

  public Supervisor(StackHome home, SupervisorSettings settings, PrintWriter out) {
    this.home = home;
    this.settings = settings;
    this.out = out;
    this.classpath = System.getProperty("java.class.path");
    this.monitor = new Thread(this::monitor, "supervisor-monitor");
    monitor.setDaemon(true);
    monitor.start();
  }

  StackHome home() {
    return home;
  }

  /**
   * Starts keeping a component and returns once it is healthy; throws with its log's tail when it
   * cannot start (a port in use) or gives up trying (crash-looping).
   */
  public Child start(Component component) {
    Keeper keeper = supervise(component);
    try {
      keeper.awaitFirstReady();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted while starting " + component.name(), e);
    }
    return keeper.child().orElseThrow();
  }

  /**
   * Starts keeping several components at once and returns once each is healthy: for components that
   * wait for each other, as the nodes of a Kafka cluster wait for a majority of controllers.
   */
  public List<Child> startTogether(List<Component> components) {
    List<String> names = components.stream().map(Component::name).toList();
    synchronized (this) {
      names.forEach(name -> together.put(name, names));
    }
    List<Keeper> started = components.stream().map(this::supervise).toList();
    List<Child> children = new ArrayList<>();
    for (Keeper keeper : started) {
      try {
        keeper.awaitFirstReady();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StackException("interrupted while starting " + keeper.component().name(), e);
      }
      children.add(keeper.child().orElseThrow());
    }
    return children;
  }

  /** Starts keeping a component and returns at once; {@link #start} also waits until it works. */
  public synchronized Keeper supervise(Component component) {
    if (keepers.containsKey(component.name())) {
      throw new IllegalStateException(component.name() + " is supervised already");
    }
    Keeper keeper = new Keeper(component, settings, this::launch, this);
    keepers.put(component.name(), keeper);
    keeper.begin();
    return keeper;
  }

  /** The running (or finished) child of a component. */
  public synchronized Optional<Child> child(String name) {
    return Optional.ofNullable(keepers.get(name)).flatMap(Keeper::child);
  }

  /** Every child, in start order. */
  public synchronized List<Child> children() {
    return keepers.values().stream().flatMap(k -> k.child().stream()).toList();
  }

  /** How often a component was restarted after dying or staying unhealthy. */
  public synchronized int restarts(String name) {
    return Optional.ofNullable(keepers.get(name)).map(Keeper::restarts).orElse(0);
  }

  /** The state of a component, if it is supervised. */
  public synchronized Optional<Keeper.State> state(String name) {
    return Optional.ofNullable(keepers.get(name)).map(Keeper::state);
  }

  /**
   * The components given up (crash-looping, or unable to start) and the jobs that failed, one line
   * each with the last exit code and the log: {@code up --exit-when-idle} fails on any.
   */
  public synchronized List<String> failures() {
    return keepers.values().stream().flatMap(k -> k.failure().stream()).toList();
  }

  /**
   * The largest resident memory of all children together seen so far, in bytes: the sum of their
   * resident sets, so a page that several map counts once in each (see {@link Memory}).
   */
  public long peakResidentBytes() {
    return peakBytes.get();
  }

  /**
   * The largest memory all children together took at once so far, in bytes: the sum of their
   * proportional set sizes, where a shared page counts once in all (see {@link Memory}), sampled
   * every 5 s (the resident sets every half second).
   */
  public long peakProportionalBytes() {
    return proportionalPeak.bytes();
  }

  /**
   * The largest resident memory seen so far of each component (its process and what it started) and
   * of the supervisor itself ({@link #SUPERVISOR}), in bytes, largest first. Their sum can be more
   * than {@link #peakResidentBytes()}: each peaked at its own time.
   */
  public Map<String, Long> peakResidentBytesByComponent() {
    return largestFirst(peakByComponent);
  }

  /** As {@link #peakResidentBytesByComponent()}, of proportional set sizes. */
  public Map<String, Long> peakProportionalBytesByComponent() {
    return largestFirst(peakProportionalByComponent);
  }

  /**
   * Each process's proportional set size, in bytes, in the sample where all of them together took
   * {@link #peakProportionalBytes()}: what the peak was made of, largest first.
   */
  public Map<String, Long> proportionalBytesAtPeak() {
    return proportionalPeak.byProcess();
  }

  private static Map<String, Long> largestFirst(Map<String, Long> bytes) {
    Map<String, Long> peaks = new LinkedHashMap<>();
    bytes.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> peaks.put(e.getKey(), e.getValue()));
    return peaks;
  }

  /**
   * CPU seconds each component's processes (every one started, with what they started) and the
   * supervisor's own process have used so far; two readings apart give what a stretch of work cost
   * each. A process that has ended counts as it was last seen (the memory samples, every half
   * second, read it too).
   */
  public Map<String, Double> cpuSecondsByComponent() {
    readCpu(ProcessTree.read());
    Map<String, Double> seconds = new LinkedHashMap<>();
    cpuByChild.forEach(
        (child, cpu) ->
            seconds.merge(child.component().name(), cpu.toMillis() / 1000.0, Double::sum));
    seconds.put(SUPERVISOR, Child.cpuOf(ProcessHandle.current()).toMillis() / 1000.0);
    return seconds;
  }

  private void readCpu(ProcessTree tree) {
    for (Child child : children()) {
      if (child.alive()) {
        cpuByChild.put(child, child.cpu(tree));
      }
    }
  }

  /** Whether every service runs healthy and has run for at least {@code settled}. */
  public synchronized boolean servicesSettled(Duration settled) {
    Instant before = Instant.now().minus(settled);
    for (Keeper keeper : keepers.values()) {
      if (keeper.component().job()) {
        continue;
      }
      Optional<Child> child = keeper.child();
      if (keeper.state() != Keeper.State.RUNNING
          || child.isEmpty()
          || child.get().started().isAfter(before)) {
        return false;
      }
    }
    return true;
  }

  /** Watches Kafka Connect's connectors at {@code restUrl}, restarting failed ones. */
  public void watchConnectors(String restUrl) {
    ConnectorWatch watch = new ConnectorWatch(restUrl, settings, this);
    connectors = watch;
    watch.begin();
  }

  /**
   * Every component's JVM, besides its heap cap: the serial collector, which keeps no concurrent
   * threads or remembered sets (two cores, heaps of at most 768 MB), and a small initial heap. By
   * default a JVM reserves 1/64 of the machine's memory from its start (384 MB on 24 GB), which a
   * component with a live set of 11 MB kept for its whole run.
   */
  static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xms16m");

  /**
   * Besides {@link #JVM_OPTIONS}, for every JVM but a {@link Component.Jvm#CHURNING} one: after a
   * collection the heap grows only where less than 20% of it is free, and gives back what is beyond
   * 40% free (the JVM's defaults, 40% and 70%, let Kafka's and Connect's heaps grow to their caps):
   * in {@code bench e2e} on the whole sample the stack's peak PSS went from 3,807 to 3,541 MB (the
   * sink 876 to 716). The price is collections: a heap held this close to its live set is collected
   * whole each time what outlived young collections fills the little room left (in the processor
   * and the sink every 1-3 s while the sample loads). Measured with {@code -Xlog:gc+cpu} in {@code
   * bench e2e} on the whole sample (one run each): with the JVM's defaults for every component the
   * stack's collections took 13.0 CPU seconds instead of 20.4 and its peak PSS was 2,551 MB instead
   * of 2,413 (the processor 275 MB instead of 223); for the sink, Connect and MongoDB's server
   * alone 15.2 s and 2,569 MB (the sink 715 MB instead of 640). MongoDB's server's own collections
   * went from 3.0 to 1.1-1.2 s in these and a run with it alone so, its peak unchanged (212-227 MB
   * against 215): it alone runs as {@link Component.Jvm#CHURNING}.
   */
  static final List<String> TIGHT_HEAP_OPTIONS =
      List.of("-XX:MinHeapFreeRatio=20", "-XX:MaxHeapFreeRatio=40");

  /** The client compiler only: every JVM's option under {@link SupervisorSettings.Jit#C1}. */
  static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

  /**
   * Besides {@link #JVM_OPTIONS}, for a {@link Component#light} JVM: the client compiler only (no
   * C2, whose compilations take memory of their own), a 32 MB code cache and 512 KB thread stacks.
   * {@code local-aws} alone, started and left idle: 238 MB resident without them, 207 MB with.
   */
  static final List<String> LIGHT_JVM_OPTIONS =
      List.of(C1_ONLY, "-XX:ReservedCodeCacheSize=32m", "-Xss512k");

  /**
   * The options of the supervisor's own JVM, as {@code ./cricket up} runs it: the file {@code
   * scripts/supervisor.jvm.options} of the checkout, which the launcher gives {@code up} and {@code
   * bench e2e} (a light JVM: the client compiler, a tight heap of at most 256 MB). {@code chaos}
   * starts its stacks' {@code up} with them too: without, a cluster's supervisor spent 17 of its 50
   * CPU seconds in C2's compilations, its heap uncapped. Empty where {@code root} is not a
   * checkout.
   */
  public static List<String> ownJvmOptions(Path root) {
    Path file = root.resolve("scripts").resolve("supervisor.jvm.options");
    return Files.isRegularFile(file)
        ? List.of("-XX:VMOptionsFile=" + file.toAbsolutePath().normalize())
        : List.of();
  }

  /**
   * Every line a component's JVM logs (slf4j-simple) starts with the time it was written, as the
   * sink's always did: a stall in a processor's or a broker's log is found by its times. A
   * component's own {@code CRICKET_COMPONENT_JVM_OPTIONS} come after these and win.
   */
  static final List<String> LOG_OPTIONS =
      List.of(
          "-Dorg.slf4j.simpleLogger.showDateTime=true",
          "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");

  private Child launch(Component component) {
    LogFile log;
    synchronized (this) {
      log =
          logs.computeIfAbsent(
              component.name(),
              n -> new LogFile(home.log(n), settings.logMaxBytes(), settings.logFiles()));
    }
    Path tmp = emptyTemporaryFolder(component.name());
    List<String> command = new ArrayList<>();
    if (component.isProgram()) {
      command.addAll(component.args());
      Child child = Keeper.start(component, command, log, tmp);
      home.writePid(component.name(), child.pid());
      return child;
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Djava.io.tmpdir=" + tmp);
    command.addAll(JVM_OPTIONS);
    if (component.jvm() != Component.Jvm.CHURNING) {
      command.addAll(TIGHT_HEAP_OPTIONS);
    }
    if (component.light()) {
      command.addAll(LIGHT_JVM_OPTIONS);
    } else if (settings.jit() == SupervisorSettings.Jit.C1) {
      command.add(C1_ONLY);
    }
    command.add("-Xmx" + component.heap());
    command.addAll(ClassSharing.jvmOptions());
    command.addAll(LOG_OPTIONS);
    command.addAll(settings.jvmOptions(component.name()));
    command.add("-XX:+ExitOnOutOfMemoryError");
    Path gcLog = GcLog.of(home, component.name());
    Secrets.privateFolder(gcLog.getParent());
    command.add(GcLog.option(gcLog));
    command.add("-Dcricket.root=" + System.getProperty("cricket.root", "."));
    command.add("-cp");
    command.add(classpath);
    command.add("org.cricketstream.cli.Cricket");
    command.addAll(component.args());
    Child child = Keeper.start(component, command, log, tmp);
    home.writePid(component.name(), child.pid());
    return child;
  }

  /**
   * The component's temporary folder ({@link StackHome#temporary}), emptied: what its last run left
   * there is removed before it starts again (its strays are killed by then). A JVM that ends by
   * {@code kill -9} or a crash leaves what it unpacked there: DuckDB's JDBC driver unpacks its 60
   * MB native library into a temporary file of its own at every start and deletes it only at a
   * normal exit, so each sink killed left 60 MB in /tmp (15 GB there on this machine after two days
   * of tests and chaos runs), RocksDB its library too. Emptied, a stack's leftovers are at most one
   * run's per component, in its own home.
   */
  private Path emptyTemporaryFolder(String component) {
    Path tmp = home.temporary(component).toAbsolutePath();
    try {
      StackHome.deleteRecursively(tmp);
    } catch (IOException | UncheckedIOException e) {
      say("%-13s could not empty %s: %s", component, tmp, e.getMessage());
    }
    return Secrets.privateFolder(tmp);
  }

  private void recordPeak(String component, Memory memory, boolean proportional) {
    peakByComponent.merge(component, memory.rss(), Math::max);
    if (proportional) {
      peakProportionalByComponent.merge(component, memory.pss(), Math::max);
    }
  }

  /** Samples memory and writes {@code run/supervisor.json} when something changed. */
  private void monitor() {
    long lastWrite = 0;
    long samples = 0;
    while (!stopping.get()) {
      sleep(Duration.ofMillis(500));
      // PSS every 5 s: it costs the kernel ten times as much as the resident sets
      boolean proportional = samples++ % 10 == 0;
      Memory all = Memory.of(ProcessHandle.current().pid(), proportional);
      recordPeak(SUPERVISOR, all, proportional);
      Map<String, Long> sample = new java.util.HashMap<>();
      sample.put(SUPERVISOR, all.pss());
      ProcessTree tree = ProcessTree.read();
      for (Child child : children()) {
        Memory memory = child.alive() ? child.memory(tree, proportional) : Memory.NONE;
        recordPeak(child.component().name(), memory, proportional);
        sample.merge(child.component().name(), memory.pss(), Long::sum);
        all = all.plus(memory);
      }
      readCpu(tree);
      peakBytes.accumulateAndGet(all.rss(), Math::max);
      if (proportional && all.pss() > proportionalPeak.bytes()) {
        proportionalPeak = new ProportionalPeak(all.pss(), largestFirst(sample));
      }
      if (changed.getAndSet(false) || System.nanoTime() - lastWrite > 5_000_000_000L) {
        writeStatus();
        lastWrite = System.nanoTime();
      }
    }
  }

  /** Something of a component changed: {@code run/supervisor.json} is rewritten soon. */
  void changed() {
    changed.set(true);
  }

  /** How every component is doing, as {@code status} shows it. */
  public synchronized Map<String, Object> status() {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("pid", ProcessHandle.current().pid());
    status.put("updated", Instant.now().toString());
    Map<String, Object> components = new LinkedHashMap<>();
    keepers.forEach((name, keeper) -> components.put(name, keeper.status()));
    status.put("components", components);
    ConnectorWatch watch = connectors;
    if (watch != null) {
      status.put("connectors", watch.status());
    }
    return status;
  }

  /** Where the supervisor writes how its components are doing. */
  public static Path statusFile(StackHome home) {
    return home.resolve("run", "supervisor.json");
  }

  private void writeStatus() {
    Path file = statusFile(home);
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Secrets.privateFile(tmp);
      Files.writeString(tmp, JSON.writeValueAsString(status()));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      // status shows the last one written; the next write comes within seconds
    }
  }

  /** Stops one component and its whole process group, and forgets it. */
  public void stop(String name) throws InterruptedException {
    Keeper keeper;
    synchronized (this) {
      keeper = keepers.remove(name);
    }
    if (keeper != null) {
      keeper.stop();
      home.removePid(name);
    }
  }

  /**
   * Stops components at once, each on a thread of its own: the nodes of a Kafka cluster, whose
   * controlled shutdowns need a majority of the controllers to approve them (a node left without
   * one stops after a bounded wait for it, {@code LocalKafka.CONTROLLED_SHUTDOWN_TIMEOUT}).
   */
  private void stopAll(List<String> names) {
    List<Thread> threads = new ArrayList<>();
    for (String name : names) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  stop(name);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "stop-" + name);
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Stops every child in the reverse of the order they started; those started together, together.
   */
  @Override
  public void close() {
    ConnectorWatch watch = connectors;
    if (watch != null) {
      watch.close();
    }
    List<String> names;
    synchronized (this) {
      names = new ArrayList<>(keepers.keySet());
    }
    Collections.reverse(names);
    java.util.Set<String> stopped = new java.util.HashSet<>();
    for (String name : names) {
      if (stopped.add(name)) {
        List<String> group;
        synchronized (this) {
          group = together.getOrDefault(name, List.of(name));
        }
        stopped.addAll(group);
        stopAll(group);
      }
    }
    stopping.set(true);
    monitor.interrupt();
    try {
      // the last status is written once, and nothing writes into the home after close returns
      monitor.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writeStatus();
    synchronized (this) {
      logs.values().forEach(LogFile::close);
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
