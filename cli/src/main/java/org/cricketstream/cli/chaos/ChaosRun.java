package org.cricketstream.cli.chaos;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.cricketstream.cli.up.StackHome;
import org.cricketstream.config.KafkaClientProperties;
import org.cricketstream.config.Shared;
import org.cricketstream.topics.ClusterHealth;
import org.cricketstream.topics.TopicAdmin;
import org.cricketstream.topics.Topics;
import org.cricketstream.warehouse.WarehouseSettings;
import org.cricketstream.warehouse.dialect.DatabaseDialect;
import org.cricketstream.warehouse.rebuild.Rebuild;

/**
 * Faults on a stack of their own: {@code ./cricket up --exit-when-idle} in a fresh home with ports
 * of its own, the first fault injected once the replay has run a while, each next one as long after
 * the one before has recovered; then, once {@code up} has found the stack idle and exited, the
 * warehouse counted against the match files ({@link Tally}).
 */
final class ChaosRun {
  /** What the faults did. */
  record Outcome(
      List<Fault> faults,
      int upExitCode,
      Map<Fault, Double> recoverySeconds,
      List<Tally.Row> rows,
      List<String> differences,
      List<String> notes,
      List<String> problems) {
    boolean passed() {
      return upExitCode == 0
          && problems.isEmpty()
          && differences.isEmpty()
          && rows.stream().allMatch(r -> r.lost() == 0 && r.doubled() == 0);
    }

    /** The faults' command-line names, joined by {@code +}. */
    String name() {
      return names(faults);
    }
  }

  private static final Duration START_TIMEOUT = Duration.ofMinutes(10);

  private final List<Fault> faults;
  private final Path home;
  private final List<String> upArgs;
  private final Duration faultAfter;
  private final Duration idleTimeout;
  private final PrintWriter say;
  private final List<String> notes = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();

  ChaosRun(
      List<Fault> faults,
      Path home,
      List<String> upArgs,
      Duration faultAfter,
      Duration idleTimeout,
      PrintWriter say) {
    this.faults = List.copyOf(faults);
    this.home = home;
    this.upArgs = List.copyOf(upArgs);
    this.faultAfter = faultAfter;
    this.idleTimeout = idleTimeout;
    this.say = say;
  }

  Outcome run(Tally tally) throws Exception {
    Files.createDirectories(home);
    StackHome stackHome = new StackHome(home);
    // ports of its own: a user's stack on the default ports, or another run, is never touched
    stackHome.record(Map.of("ports", StackHome.freePorts()));
    Process up = startUp();
    Map<Fault, Double> recovery = new LinkedHashMap<>();
    try {
      awaitOutput(up, "replay\\s+ready", START_TIMEOUT);
      for (Fault fault : faults) {
        Thread.sleep(faultAfter.toMillis());
        if (!up.isAlive() && up.exitValue() == 0) {
          wentIdle(fault, "before it struck");
          break;
        }
        say("%s: injecting: %s", fault.cliName(), fault.description());
        if (fault == Fault.STACK_KILLED) {
          killStack(stackHome, up);
          up = startUp();
        } else if (fault == Fault.CRASH_ON_START) {
          crashLoopSink(fault, stackHome, up);
          up = startUp();
        }
        double seconds;
        try {
          seconds = inject(fault, stackHome, up);
        } catch (UpExited e) {
          if (e.exitCode != 0) {
            throw e;
          }
          wentIdle(fault, "while it struck");
          break;
        }
        recovery.put(fault, seconds);
        say("%s: recovered in %.1f s", fault.cliName(), seconds);
      }
      say("waiting until up finds the stack idle");
      if (!up.waitFor(idleTimeout.toSeconds() + 120, TimeUnit.SECONDS)) {
        notes.add("up was not idle in time");
      }
    } finally {
      stop(up);
    }
    int exit = up.exitValue();
    if (exit != 0) {
      notes.add("up exited with " + exit + ": " + tail(upOutput(), 5));
    }
    // the PostgreSQL warehouse up was given (it inherits this environment), else its own DuckDB
    WarehouseSettings given = WarehouseSettings.fromEnvironment(System.getenv());
    WarehouseSettings settings =
        given.duckDb() ? given.withUrl("jdbc:duckdb:" + stackHome.warehouseFile()) : given;
    if (faults.contains(Fault.TOPIC_RECREATED)) {
      // records of the deleted topic that the sink had not loaded went with it; the clean layer
      // comes back whole from the landing layer, which the warehouse keeps
      notes.add("rebuild: " + Rebuild.run(settings));
    }
    DatabaseDialect dialect = DatabaseDialect.forUrl(settings.url());
    try (var c =
        java.sql.DriverManager.getConnection(
            settings.url(), settings.duckDb() ? readOnly() : login(settings))) {
      Tally.Result result = tally.of(c, dialect);
      return new Outcome(
          faults, exit, recovery, result.rows(), result.differences(), notes, problems);
    }
  }

  private static java.util.Properties login(WarehouseSettings settings) {
    java.util.Properties props = new java.util.Properties();
    props.setProperty("user", settings.user());
    props.setProperty("password", settings.password());
    return props;
  }

  private static java.util.Properties readOnly() {
    java.util.Properties props = new java.util.Properties();
    props.setProperty("duckdb.read_only", "true");
    return props;
  }

  /** Injects the fault; returns the seconds from its end until data flows into the warehouse. */
  private double inject(Fault fault, StackHome stackHome, Process up) throws Exception {
    long sinkLogAt = size(stackHome.resolve("logs", "sink.log"));
    switch (fault) {
      case BROKER_PAUSED -> {
        long pid = stackHome.pid("kafka").orElseThrow();
        signal("STOP", pid);
        Thread.sleep(Fault.BROKER_DOWN.toMillis());
        signal("CONT", pid);
        sinkLogAt = size(stackHome.resolve("logs", "sink.log"));
      }
      case SERVICES_KILLED, MEMBERS_KILLED -> {
        // each once the one before is back; recovery is counted from the last
        List<String> components = fault.components();
        for (String component : components.subList(0, components.size() - 1)) {
          signal("KILL", stackHome.pid(component).orElseThrow());
          long killed = System.nanoTime();
          awaitOutput(up, component + "\\s+ready again", START_TIMEOUT);
          say(
              "%s: %s killed with -9, ready again in %.1f s",
              fault.cliName(), component, (System.nanoTime() - killed) / 1e9);
        }
        signal("KILL", stackHome.pid(last(components)).orElseThrow());
      }
      case CONNECT_KILLED, AWS_KILLED, REGISTRY_KILLED ->
          signal("KILL", stackHome.pid(fault.component()).orElseThrow());
      case POSTGRES_RESTARTED, MONGO_RESTARTED ->
          signal("TERM", stackHome.pid(fault.component()).orElseThrow());
      case STACK_KILLED, CRASH_ON_START -> {
        // up was started again by run(): recovery counts from that start
      }
      case POISON -> Poison.inject(stackHome, notes);
      case TOPIC_RECREATED -> recreateDeliveries(stackHome);
    }
    long began = System.nanoTime();
    switch (fault) {
      case SERVICES_KILLED,
          MEMBERS_KILLED,
          CONNECT_KILLED,
          AWS_KILLED,
          REGISTRY_KILLED,
          POSTGRES_RESTARTED,
          MONGO_RESTARTED ->
          awaitOutput(up, last(fault.components()) + "\\s+ready again", START_TIMEOUT);
      case STACK_KILLED, CRASH_ON_START -> awaitOutput(up, "sink\\s+ready", START_TIMEOUT);
      case TOPIC_RECREATED -> {
        awaitOutput(up, "sink\\s+ready again", START_TIMEOUT);
        // it stops naming the topic: gone while it read it, or created again under it
        String failed = "cricket sink: failed";
        Optional<String> stopped =
            firstLine(
                stackHome, "sink", l -> l.contains(failed) && l.contains(Topics.DELIVERIES.name()));
        if (stopped.isPresent()) {
          notes.add("sink: " + stopped.get());
        } else {
          problems.add(
              "the sink did not stop naming "
                  + Topics.DELIVERIES.name()
                  + "; its first stop: "
                  + firstLine(stackHome, "sink", l -> l.contains(failed)).orElse("none"));
        }
      }
      default -> {}
    }
    awaitCommit(stackHome.resolve("logs", "sink.log"), sinkLogAt);
    double seconds = (System.nanoTime() - began) / 1e9;
    if (fault == Fault.MEMBERS_KILLED) {
      awaitInSync(stackHome);
    }
    return seconds;
  }

  /**
   * Waits until no partition of the cluster is under-replicated: the killed broker is back and has
   * caught up. Says how long it took, or that it did not within {@link #START_TIMEOUT}.
   */
  private void awaitInSync(StackHome stackHome) throws InterruptedException {
    String kafka = environment(stackHome).get(Shared.KAFKA_BOOTSTRAP_SERVERS.name());
    long began = System.nanoTime();
    long deadline = began + START_TIMEOUT.toNanos();
    String last = "not asked yet";
    while (System.nanoTime() < deadline) {
      try {
        ClusterHealth.State state = ClusterHealth.state(kafka, KafkaClientProperties.NONE);
        last =
            state.brokers().size()
                + " brokers, "
                + state.underReplicated()
                + " of "
                + state.partitions()
                + " partitions under-replicated";
        if (state.underReplicated() == 0 && state.offline() == 0) {
          notes.add(
              String.format(
                  Locale.ROOT,
                  "every partition in sync %.1f s after the sink's first commit (%s)",
                  (System.nanoTime() - began) / 1e9,
                  last));
          return;
        }
      } catch (IllegalStateException e) {
        last = e.getMessage();
      }
      Thread.sleep(1000);
    }
    problems.add("partitions still under-replicated after " + START_TIMEOUT + ": " + last);
  }

  private static String last(List<String> items) {
    return items.get(items.size() - 1);
  }

  /**
   * Kills the sink and takes the warehouse's write lock before its restart can, so every restart
   * fails on start; kills the processor meanwhile, which must be restarted on its own; then waits
   * until up gives the sink up as crash-looping and exits 1, and lets the warehouse go.
   */
  private void crashLoopSink(Fault fault, StackHome stackHome, Process up) throws Exception {
    String url = "jdbc:duckdb:" + stackHome.warehouseFile();
    Connection holder = null;
    for (int attempt = 1; holder == null; attempt++) {
      long pid = stackHome.pid(fault.component()).orElseThrow();
      signal("KILL", pid);
      ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
      try {
        holder = DriverManager.getConnection(url);
      } catch (SQLException e) {
        // the sink's restart took the lock first: once it runs again, try again
        if (attempt == 5) {
          throw new IllegalStateException("the sink's restarts always took the warehouse", e);
        }
        awaitOutput(up, fault.component() + "\\s+ready again", START_TIMEOUT);
      }
    }
    try {
      notes.add("sink killed with -9 while chaos holds the warehouse's write lock");
      signal("KILL", stackHome.pid("processor").orElseThrow());
      awaitOutput(up, "processor\\s+ready again", START_TIMEOUT);
      notes.add("processor killed with -9 and restarted while the sink crash-looped");
      if (!up.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        problems.add("up did not give the sink up within " + START_TIMEOUT);
        return;
      }
      String said = upOutput().substring((int) Math.min(upOutputAt, upOutput().length()));
      Optional<String> gaveUp =
          said.lines().filter(l -> l.contains(fault.component() + " is crash-looping")).findFirst();
      gaveUp.ifPresentOrElse(
          line -> notes.add("up: " + line.strip()),
          () -> problems.add("up never said the sink is crash-looping: " + tail(said, 5)));
      if (up.exitValue() != 1) {
        problems.add("up exited with " + up.exitValue() + ", not 1, after giving the sink up");
      }
    } finally {
      holder.close();
    }
  }

  /** Deletes the clean topic deliveries and creates it again, as an operator's mistake would. */
  private void recreateDeliveries(StackHome stackHome) throws Exception {
    String kafka = environment(stackHome).get(Shared.KAFKA_BOOTSTRAP_SERVERS.name());
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
      admin.deleteTopics(List.of(Topics.DELIVERIES.name())).all().get(60, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (admin.listTopics().names().get().contains(Topics.DELIVERIES.name())
          && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
    }
    TopicAdmin.ensure(kafka, List.of(Topics.DELIVERIES));
  }

  @SuppressWarnings("unchecked")
  static Map<String, String> environment(StackHome stackHome) {
    return stackHome.state().get("environment") instanceof Map<?, ?> m
        ? (Map<String, String>) m
        : Map.of();
  }

  /** Kills up and then every process it started with SIGKILL, nothing given time to stop. */
  private void killStack(StackHome stackHome, Process up) throws Exception {
    // Every process is found before any is killed: once up is gone its children stop on their
    // own, and a postmaster that stops removes the pid file that names it (which this once read
    // after killing up, and failed on).
    List<ProcessHandle> all = new ArrayList<>(up.descendants().toList());
    for (String name : StackHome.DEFAULT_PORTS.keySet()) {
      stackHome.pid(name).flatMap(ProcessHandle::of).ifPresent(all::add);
    }
    for (ProcessHandle p : List.copyOf(all)) {
      p.descendants().forEach(all::add);
    }
    // the postmaster daemonizes out of the process tree: the pid file in its data folder names it
    try (Stream<Path> folders = Files.list(home)) {
      for (Path pidFile :
          folders.filter(Files::isDirectory).map(f -> f.resolve("postmaster.pid")).toList()) {
        postmaster(pidFile).ifPresent(all::add);
      }
    }
    up.destroyForcibly();
    for (ProcessHandle p : all) {
      p.destroyForcibly();
    }
    up.waitFor();
    notes.add("killed " + all.size() + " processes with -9");
  }

  /** The postmaster a pid file names, if the file is there (a server stopping removes it). */
  private static java.util.Optional<ProcessHandle> postmaster(Path pidFile) throws IOException {
    try {
      return ProcessHandle.of(Long.parseLong(Files.readAllLines(pidFile).get(0).strip()));
    } catch (java.nio.file.NoSuchFileException e) {
      return java.util.Optional.empty();
    }
  }

  private Process startUp() throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        org.cricketstream.cli.up.Supervisor.ownJvmOptions(
            Path.of(System.getProperty("cricket.root", "."))));
    command.add("-Dcricket.root=" + System.getProperty("cricket.root", "."));
    command.addAll(org.cricketstream.cli.up.ClassSharing.jvmOptions());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("org.cricketstream.cli.Cricket");
    command.add("up");
    command.addAll(List.of("--home", home.toString(), "--no-superset", "--exit-when-idle"));
    command.addAll(List.of("--idle-timeout", idleTimeout.toString()));
    command.addAll(upArgs);
    Files.writeString(
        upOutputFile(),
        "=== chaos " + names(faults) + ": " + String.join(" ", command) + "\n",
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    upOutputAt = upOutput().length();
    ProcessBuilder builder = new ProcessBuilder(command);
    if (faults.contains(Fault.BROKER_PAUSED)) {
      // the fault is a broker held down, not one restarted: the supervisor would restart a broker
      // whose health check fails for 90 s; past the pause it may restart what stays unhealthy
      builder
          .environment()
          .put(org.cricketstream.cli.up.SupervisorSettings.UNHEALTHY_RESTART.name(), "PT4M");
    }
    return builder
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(upOutputFile().toFile()))
        .start();
  }

  private long upOutputAt;

  static String names(List<Fault> faults) {
    return String.join("+", faults.stream().map(Fault::cliName).toList());
  }

  Path upOutputFile() {
    return home.resolveSibling(home.getFileName() + "-up.out");
  }

  private String upOutput() {
    try {
      return Files.readString(upOutputFile(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Records that up found the stack idle, every record loaded, and exited before {@code fault} and
   * those after it were done: they test nothing once no data flows, so they are not injected, and
   * the run fails saying how to give them a replay that lasts (the warehouse is still counted).
   */
  private void wentIdle(Fault fault, String when) {
    List<String> left =
        faults.subList(faults.indexOf(fault), faults.size()).stream().map(Fault::cliName).toList();
    String problem =
        "the replay ended and up found the stack idle "
            + when
            + ": "
            + String.join(", ", left)
            + (left.size() == 1 ? " was" : " were")
            + " not tested while data flowed; a replay that outlasts the faults needs a --pace"
            + " above 0 or more data, or a stack for each fault (without --one-stack)";
    say("%s: %s", fault.cliName(), problem);
    problems.add(problem);
  }

  /** Up exited while chaos waited for it to say something. */
  static final class UpExited extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    final int exitCode;

    UpExited(int exitCode, String message) {
      super(message);
      this.exitCode = exitCode;
    }
  }

  /** Waits until up's output since its last start matches {@code regex}. */
  private void awaitOutput(Process up, String regex, Duration timeout) throws Exception {
    Pattern pattern = Pattern.compile(regex);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String since = upOutput().substring((int) Math.min(upOutputAt, upOutput().length()));
      Matcher m = pattern.matcher(since);
      if (m.find()) {
        upOutputAt += m.end();
        return;
      }
      if (!up.isAlive()) {
        throw new UpExited(
            up.exitValue(),
            "up exited (" + up.exitValue() + ") before '" + regex + "': " + tail(since, 10));
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("no '" + regex + "' in up's output after " + timeout);
  }

  /** Waits until the sink's log has a new commit after {@code from} bytes. */
  private static void awaitCommit(Path sinkLog, long from) throws Exception {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(sinkLog) && Files.size(sinkLog) > from) {
        String text = Files.readString(sinkLog, StandardCharsets.UTF_8);
        if (text.substring((int) Math.min(from, text.length())).contains("committed ")) {
          return;
        }
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the sink committed nothing for " + START_TIMEOUT);
  }

  /** The first line that matches in a component's log or the logs it rolled over into. */
  private static Optional<String> firstLine(
      StackHome stackHome, String component, java.util.function.Predicate<String> matches)
      throws IOException {
    for (Path file : stackHome.logsOldestFirst(component)) {
      try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
        Optional<String> line = lines.filter(matches).findFirst();
        if (line.isPresent()) {
          return line;
        }
      }
    }
    return Optional.empty();
  }

  private static void signal(String signal, long pid) throws Exception {
    int code =
        new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
    if (code != 0) {
      throw new IllegalStateException("kill -" + signal + " " + pid + " exited with " + code);
    }
  }

  private static void stop(Process up) throws InterruptedException {
    if (up.isAlive()) {
      up.destroy();
      if (!up.waitFor(3, TimeUnit.MINUTES)) {
        up.destroyForcibly().waitFor();
      }
    }
  }

  private static long size(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String tail(String text, int lines) {
    List<String> all = text.lines().toList();
    return String.join(" | ", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  private void say(String format, Object... args) {
    say.printf(format + "%n", args);
    say.flush();
  }
}
