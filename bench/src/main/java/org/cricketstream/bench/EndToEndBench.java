package org.cricketstream.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.cricketstream.cli.up.ClassSharing;
import org.cricketstream.cli.up.GcLog;
import org.cricketstream.cli.up.Stack;
import org.cricketstream.cli.up.StackHome;
import org.cricketstream.cricsheet.generate.GeneratedSample;
import org.cricketstream.cricsheet.read.CricsheetData;
import org.cricketstream.cricsheet.read.MatchFiles;
import org.cricketstream.sources.replay.PostgresOdiSink;
import org.cricketstream.sources.replay.Replay;
import org.cricketstream.sources.replay.ReplayRecord;
import org.cricketstream.stack.LocalPostgres;
import org.cricketstream.warehouse.WarehouseSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./cricket bench e2e}: the whole stack, as {@code ./cricket up} runs it, measured from the
 * sources to the warehouse a BI tool reads.
 */
@Command(
    name = "e2e",
    mixinStandardHelpOptions = true,
    description = {
      "Starts the whole local stack (without Superset) in a scratch home and measures:",
      "deliveries/s from the first source commit until the warehouse holds the whole sample",
      "(--pace 0), and each process's CPU seconds for it; commit-to-warehouse latency, from",
      "each ODI ball row's PostgreSQL commit until the row is queryable in the warehouse as BI",
      "tools read it (the DuckDB database the sink serves live, as up runs it; its published",
      "snapshot with --warehouse duckdb_snapshot, a DuckLake with --warehouse ducklake or",
      "ducklake_postgres, PostgreSQL with --warehouse postgres), p50 and p99, at steady rates",
      "of ball rows, and when the same rows became readable in the raw and clean topics on the",
      "way; and the peak memory of every process of the stack together, as resident sets summed",
      "and as proportional set sizes (a page shared by several processes counted once). Writes",
      "target/bench/e2e.json."
    })
final class EndToEndBench implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--data",
      arity = "1..*",
      paramLabel = "PATH",
      description = "the sample (default: $CRICSHEET_DATA or ../shared/data/cricsheet)")
  List<Path> data = new ArrayList<>();

  @Option(
      names = "--rates",
      split = ",",
      defaultValue = "100,1000",
      description = "steady event rates for latency, per second (default 100,1000)")
  List<Integer> rates;

  @Option(
      names = "--seconds",
      defaultValue = "30",
      description = "how long each rate is held (default 30)")
  int seconds;

  @Option(
      names = "--warehouse",
      defaultValue = "duckdb",
      description =
          "duckdb (one file, served live by the sink over Quack, as up runs it), duckdb_snapshot"
              + " (one file, read through its published snapshot), ducklake (read live; its"
              + " catalog a SQLite file), ducklake_postgres (read live; its catalog in a"
              + " PostgreSQL server of its own, started here) or postgres (a PostgreSQL server of"
              + " its own, started here, read live by the read-only role); default duckdb")
  Warehouse warehouseKind;

  enum Warehouse {
    duckdb,
    duckdb_snapshot,
    ducklake,
    ducklake_postgres,
    postgres
  }

  @Option(names = "--out", description = "JSON output (default target/bench/e2e.json)")
  Path output;

  @Option(names = "--keep", description = "keep the scratch home afterwards")
  boolean keep;

  @Override
  @SuppressWarnings("try") // StopOnSignal is there to be closed
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path home = BenchPaths.benchDir().resolve("e2e-home");
    if (Files.exists(home)) {
      BenchReport.deleteRecursively(home);
    }
    List<Path> sample = data.isEmpty() ? defaultSample() : data;
    Map<String, String> env = new HashMap<>(System.getenv());
    env.keySet()
        .removeIf(
            k ->
                List.of("KAFKA_BOOTSTRAP_SERVERS", "POSTGRES_URL", "MONGO_URI", "WAREHOUSE_URL")
                    .contains(k));
    if (warehouseKind == Warehouse.duckdb_snapshot) {
      // as up is told to: the sink publishes a snapshot and readers open it, nothing is served
      env.put(
          WarehouseSettings.SNAPSHOT.name(),
          new StackHome(home).warehouseFile().resolveSibling("cricket.snapshot.duckdb").toString());
    }
    if (warehouseKind == Warehouse.ducklake) {
      env.put(
          WarehouseSettings.URL.name(),
          WarehouseSettings.DuckDbUrls.LAKE_PREFIX
              + new StackHome(home).warehouseFile().resolveSibling("lake"));
    }
    LocalPostgres postgres = null;
    if (warehouseKind == Warehouse.ducklake_postgres) {
      postgres = LocalPostgres.start(home.resolve("catalog-postgres"));
      postgres.createDatabase("lake");
      env.put(
          WarehouseSettings.URL.name(),
          WarehouseSettings.DuckDbUrls.LAKE_PREFIX
              + new StackHome(home).warehouseFile().resolveSibling("lake")
              + "?catalog="
              + postgres.jdbcUrl("lake").substring("jdbc:".length()));
      env.put(WarehouseSettings.USER.name(), LocalPostgres.USER);
      env.put(WarehouseSettings.PASSWORD.name(), postgres.password());
    }
    if (warehouseKind == Warehouse.postgres) {
      // an external warehouse, as a user would give up one: the stack then starts no DuckDB
      postgres = LocalPostgres.start(home.resolve("warehouse-postgres"));
      postgres.createDatabase("warehouse");
      env.put(WarehouseSettings.URL.name(), postgres.jdbcUrl("warehouse"));
      env.put(WarehouseSettings.USER.name(), LocalPostgres.USER);
      env.put(WarehouseSettings.PASSWORD.name(), postgres.password());
    }
    Stack.Options options = new Stack.Options(sample, 0, 0, 1, Stack.Aws.EMBEDDED, false, env);
    Map<String, Object> figures = new LinkedHashMap<>();
    // the machine's own speed before anything starts and after everything stopped: runs of the
    // same code an hour apart differ by more than most changes do
    MachineSpeed.Reading speedBefore = machineSpeed(out, "before the stack started");
    long started = System.nanoTime();
    try {
      try (Stack stack = Stack.up(new StackHome(home), options, out);
          StopOnSignal stop = new StopOnSignal(stack)) {
        WarehouseSettings warehouse =
            WarehouseSettings.fromEnvironment(stack.environment())
                .withUrl(stack.addresses().get("warehouse"));
        long replayStarted = System.nanoTime();
        Map<String, Double> cpuBefore = stack.supervisor().cpuSecondsByComponent();
        long[] last = {0, replayStarted};
        Thread watch =
            new Thread(
                () -> {
                  // a count every half second: on a new connection where the snapshot is read
                  // (it is replaced), on one kept connection where the warehouse is read live (a
                  // new DuckLake connection loads three extensions, CPU the stack would lose)
                  try (WarehouseReader counter = new WarehouseReader(warehouse)) {
                    while (!Thread.currentThread().isInterrupted()) {
                      long n = (long) number(counter, "SELECT count(*) FROM deliveries");
                      if (n != last[0]) {
                        last[0] = n;
                        last[1] = System.nanoTime();
                      }
                      Thread.sleep(500);
                    }
                  } catch (InterruptedException e) {
                    // the load is over
                  } catch (SQLException e) {
                    throw new IllegalStateException("closing the warehouse reader: " + e, e);
                  }
                },
                "e2e-watch");
        watch.start();
        stack.awaitIdle(Duration.ofHours(2));
        watch.interrupt();
        watch.join();
        double loadSeconds = (last[1] - replayStarted) / 1e9;
        out.printf(
            "whole sample: %,d deliveries in the warehouse %.1f s after the replay started: %,.0f"
                + " deliveries/s%n",
            last[0], loadSeconds, last[0] / loadSeconds);
        figures.put("warehouse", warehouse.url());
        // like with like: whether the JVMs shared the launcher's class archive (ClassSharing)
        figures.put("classSharing", !ClassSharing.jvmOptions().isEmpty());
        figures.put("deliveries", last[0]);
        figures.put("loadSeconds", round(loadSeconds));
        figures.put("deliveriesPerSecond", round(last[0] / loadSeconds));
        figures.put("peakMemoryMbWholeSample", stack.supervisor().peakResidentBytes() >> 20);
        figures.put(
            "peakProportionalMemoryMbWholeSample",
            stack.supervisor().peakProportionalBytes() >> 20);
        figures.put(
            "proportionalMemoryMbAtPeakWholeSample",
            megabytes(stack.supervisor().proportionalBytesAtPeak()));
        Map<String, Double> cpu = cpuSpent(cpuBefore, stack.supervisor().cpuSecondsByComponent());
        figures.put("cpuSecondsWholeSample", cpu);
        out.printf(
            "CPU seconds of each process for the whole sample (%d cores): %s%n",
            Runtime.getRuntime().availableProcessors(), cpu);
        Map<String, Object> commits =
            SinkCommits.of(new StackHome(home).logsOldestFirst("sink")).figures();
        figures.put("sinkCommitsWholeSample", commits);
        out.printf("the sink's commits for the whole sample: %s%n", commits);

        Map<String, Object> latency = new LinkedHashMap<>();
        Path generated = home.resolve("latency-matches");
        int ballsNeeded = rates.stream().mapToInt(r -> r * seconds).sum();
        GeneratedSample.write(
            generated, 4242, new GeneratedSample.Counts(0, ballsNeeded / 500 + 4, 0), m -> {});
        List<List<ReplayRecord>> matches = odiRecords(generated);
        int next = 0;
        Map<String, String> stackEnv = stack.environment();
        try (PostgresOdiSink sink =
            new PostgresOdiSink(
                stackEnv.get("POSTGRES_URL"),
                stackEnv.get("POSTGRES_USER"),
                stackEnv.get("POSTGRES_PASSWORD"))) {
          for (int rate : rates) {
            List<List<ReplayRecord>> use = new ArrayList<>();
            int balls = 0;
            while (balls < rate * seconds && next < matches.size()) {
              use.add(matches.get(next));
              balls += matches.get(next++).size() - 1;
            }
            Latencies measured = measure(sink, warehouse, stackEnv, use, rate, rate * seconds, out);
            double[] millis = measured.rows();
            double[] lag = measured.heartbeatLag();
            Map<String, Object> at = new LinkedHashMap<>();
            at.put("p50", round(percentile(millis, 0.50)));
            at.put("p99", round(percentile(millis, 0.99)));
            at.put("events", millis.length);
            Map<String, Object> heartbeat = new LinkedHashMap<>();
            heartbeat.put("p50", round(percentile(lag, 0.50)));
            heartbeat.put("p99", round(percentile(lag, 0.99)));
            heartbeat.put("samples", lag.length);
            at.put("heartbeatLag", heartbeat);
            double[] connections = measured.readerConnections();
            at.put(
                "readerConnectionMs",
                Map.of(
                    "p50", round(percentile(connections, 0.50)),
                    "p99", round(percentile(connections, 0.99)),
                    "connections", connections.length,
                    "failedQueries", measured.failedQueries()));
            Map<String, Object> stages = new LinkedHashMap<>();
            measured
                .stages()
                .forEach(
                    (stage, values) ->
                        stages.put(
                            stage.name().toLowerCase(java.util.Locale.ROOT),
                            Map.of(
                                "p50", round(percentile(values, 0.50)),
                                "p99", round(percentile(values, 0.99)),
                                "events", values.length)));
            at.put("readableInKafka", stages);
            latency.put(Integer.toString(rate), at);
            out.printf(
                "%,d events/s: %,d ball rows, commit-to-warehouse p50 %.0f ms, p99 %.0f ms;"
                    + " pipeline_lag meanwhile p50 %.0f ms, p99 %.0f ms%n",
                rate,
                millis.length,
                percentile(millis, 0.50),
                percentile(millis, 0.99),
                percentile(lag, 0.50),
                percentile(lag, 0.99));
            out.printf(
                "  a new reader connection took p50 %.0f ms, p99 %.0f ms (%,d opened after the"
                    + " rate; %,d of the polling queries failed)%n",
                percentile(connections, 0.50),
                percentile(connections, 0.99),
                connections.length,
                measured.failedQueries());
            measured
                .stages()
                .forEach(
                    (stage, values) ->
                        out.printf(
                            "  readable in %s: p50 %.0f ms, p99 %.0f ms (%,d balls)%n",
                            stage.where,
                            percentile(values, 0.50),
                            percentile(values, 0.99),
                            values.length));
          }
        }
        figures.put("latencyMs", latency);
        long peakMb = stack.supervisor().peakResidentBytes() >> 20;
        figures.put("peakMemoryMb", peakMb);
        out.printf("peak resident memory of the stack: %,d MB%n", peakMb);
        Map<String, Long> byProcess = megabytes(stack.supervisor().peakResidentBytesByComponent());
        figures.put("peakMemoryMbByProcess", byProcess);
        out.printf("peak resident memory of each process (MB): %s%n", byProcess);
        long proportionalMb = stack.supervisor().peakProportionalBytes() >> 20;
        figures.put("peakProportionalMemoryMb", proportionalMb);
        out.printf(
            "peak memory of the stack, shared pages counted once (PSS): %,d MB%n", proportionalMb);
        Map<String, Long> proportional =
            megabytes(stack.supervisor().peakProportionalBytesByComponent());
        figures.put("peakProportionalMemoryMbByProcess", proportional);
        out.printf("peak PSS of each process (MB): %s%n", proportional);
        Map<String, Long> atPeak = megabytes(stack.supervisor().proportionalBytesAtPeak());
        figures.put("proportionalMemoryMbAtPeak", atPeak);
        out.printf("PSS of each process when the stack peaked (MB): %s%n", atPeak);
        Map<String, Object> heaps = new LinkedHashMap<>();
        for (String name : byProcess.keySet()) {
          GcLog.Summary gc = GcLog.read(GcLog.of(new StackHome(home), name));
          if (gc.collections() > 0) {
            heaps.put(
                name,
                Map.of(
                    "collections",
                    gc.collections(),
                    "maxAfterFullGcMb",
                    gc.maxAfterFullBytes() >> 20,
                    "maxAfterGcMb",
                    gc.maxAfterBytes() >> 20,
                    "maxCommittedMb",
                    gc.maxCommittedBytes() >> 20,
                    "pauseSeconds",
                    round(gc.pauseSeconds()),
                    "cpuSeconds",
                    round(gc.cpuSeconds())));
          }
        }
        figures.put("heapByProcess", heaps);
        out.printf("heap of each JVM from its GC log (MB): %s%n", heaps);
      }
    } finally {
      if (postgres != null) {
        postgres.close();
      }
    }
    figures.put("totalSeconds", round((System.nanoTime() - started) / 1e9));
    Map<String, Object> speed = new LinkedHashMap<>();
    speed.put("before", speedBefore.figures());
    speed.put("after", machineSpeed(out, "after the stack stopped").figures());
    figures.put("machineSpeed", speed);
    figures.put(
        "notes",
        "latency: ODI ball rows committed one per PostgreSQL transaction at a steady rate, until"
            + switch (warehouseKind) {
              case ducklake -> " visible to a reader of the DuckLake (read live, no snapshot);";
              case ducklake_postgres ->
                  " visible to a reader of the DuckLake whose catalog is in PostgreSQL (read live,"
                      + " no snapshot; the catalog server's memory is not in the stack's figures);";
              case postgres ->
                  " visible to the PostgreSQL warehouse's read-only role (read live; the server's"
                      + " memory is not in the stack's figures);";
              case duckdb ->
                  " visible to a reader of the DuckDB database the sink serves (Quack, read"
                      + " live, no snapshot);";
              case duckdb_snapshot ->
                  " visible in the DuckDB snapshot BI tools read (WAREHOUSE_SNAPSHOT_INTERVAL "
                      + WarehouseSettings.SNAPSHOT_INTERVAL.read(env)
                      + ");";
            }
            + " a ball counts from the moment the query that found it ran (polled every 50 ms on"
            + " one kept connection where the warehouse is read live), or the snapshot that held"
            + " it was opened (a new connection per query on the DuckDB snapshot);"
            + " readerConnectionMs: what opening a new reader connection takes (five, after each"
            + " rate; Superset opens one per query), and how many polling queries failed (a"
            + " DuckDB snapshot being replaced);"
            + " readableInKafka: the same balls, until a read-committed consumer reads them in"
            + " the raw topic and the clean deliveries topic;"
            + " heartbeatLag: pipeline_lag.seconds_behind sampled every 0.5 s while sending, the"
            + " lag status and the dashboard show (plus up to the heartbeat's 1 s interval);"
            + " memory: resident set of every process of the stack together, sampled every 0.5 s;"
            + " by process: each component's own peak (with the processes it started), which"
            + " need not coincide; proportionalMemoryMbAtPeak: each process's PSS in the sample"
            + " where the stack's PSS peaked (...WholeSample: until the whole sample was in);"
            + " heap by process: the most heap in use right after a full"
            + " collection (the live set) and after any collection, and the most the JVM"
            + " reserved, and the collections' pauses (their wall time summed: how long the"
            + " component's threads were held) and CPU seconds over the whole run, from each"
            + " component's GC log (logs/gc/<name>.gc.log); cpuSecondsWholeSample:"
            + " CPU seconds (user and system) each process used while the whole sample loaded,"
            + " with what it started (PostgreSQL's backends); 'supervisor' is this bench's own"
            + " JVM, which also counts the warehouse's deliveries every half second;"
            + " sinkCommitsWholeSample: the sink's commits until then, from its log, and the"
            + " seconds they spent loading staging tables, merging, committing and after (the"
            + " DuckDB snapshot); machineSpeed: the CPU and wall milliseconds of a fixed piece of"
            + " work on one thread of this JVM (a generated ODI's deliveries written as JSON and"
            + " read back, 400 times after 400 untimed), before the stack started and after it"
            + " stopped: the machine's single-thread speed at the time (compare a run's before"
            + " with another's before: the reading after is higher in a JVM that ran the bench)");
    BenchReport.write("e2e", output, figures, out);
    if (!keep) {
      BenchReport.deleteRecursively(home);
    }
    return 0;
  }

  /** {@link MachineSpeed#measure()}, printed with when it was taken. */
  private static MachineSpeed.Reading machineSpeed(PrintWriter out, String when) {
    MachineSpeed.Reading reading = MachineSpeed.measure();
    out.printf(
        "machine speed: the fixed work took %.0f ms of CPU (%.0f ms) %s%n",
        reading.cpuMs(), reading.wallMs(), when);
    return reading;
  }

  private static List<Path> defaultSample() {
    Path root = BenchPaths.cricsheetData();
    List<Path> folders = new ArrayList<>();
    for (String sub :
        List.of(CricsheetData.T20I_JSON, CricsheetData.ODI_CSV, CricsheetData.TEST_YAML)) {
      if (Files.isDirectory(root.resolve(sub))) {
        folders.add(root.resolve(sub));
      }
    }
    if (folders.isEmpty()) {
      throw new CommandLine.ParameterException(
          new CommandLine(new EndToEndBench()),
          "no sample at " + root + ": set CRICSHEET_DATA or pass --data");
    }
    return folders;
  }

  /** Each generated ODI match as its records: the info row, then its ball rows. */
  private static List<List<ReplayRecord>> odiRecords(Path folder) {
    List<List<ReplayRecord>> matches = new ArrayList<>();
    MatchFiles.entries(
        List.of(folder),
        entry -> {
          if (entry.kind() == MatchFiles.Kind.CSV_BALLS) {
            try {
              matches.add(Replay.records(Replay.Source.ODI, entry));
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }
        },
        failed -> {
          throw new IllegalStateException(failed.error());
        });
    return matches;
  }

  /**
   * What one rate measured, in milliseconds, sorted.
   *
   * @param rows each ball row's commit-to-visible latency
   * @param heartbeatLag what the live pipeline's own measure ({@code pipeline_lag.seconds_behind},
   *     from the source's heartbeat) said meanwhile, sampled every half second: the same lag, plus
   *     up to the heartbeat's interval (a second)
   * @param readerConnections what opening a new reader connection took
   * @param failedQueries the reader's queries that failed (a snapshot being replaced)
   */
  // private and read once: never compared or hashed, which arrays in a record would get wrong
  @SuppressWarnings("ArrayRecordComponent")
  private record Latencies(
      double[] rows,
      double[] heartbeatLag,
      double[] readerConnections,
      int failedQueries,
      Map<StageWatch.Stage, double[]> stages) {}

  /**
   * Commits ball rows at {@code rate} per second, one transaction each, and watches the warehouse
   * for them and its own lag.
   */
  private static Latencies measure(
      PostgresOdiSink sink,
      WarehouseSettings warehouse,
      Map<String, String> stackEnv,
      List<List<ReplayRecord>> matches,
      int rate,
      int events,
      PrintWriter out)
      throws Exception {
    // commit times of each match's balls, in order; the warehouse counts a match's deliveries
    Map<String, long[]> committedAt = new ConcurrentHashMap<>();
    Map<String, Integer> committed = new ConcurrentHashMap<>();
    List<Double> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Double> heartbeatLag = java.util.Collections.synchronizedList(new ArrayList<>());
    java.util.concurrent.atomic.AtomicInteger failedQueries =
        new java.util.concurrent.atomic.AtomicInteger();
    WarehouseReader reader = new WarehouseReader(warehouse);
    AtomicBoolean sending = new AtomicBoolean(true);
    Map<String, Long> seen = new HashMap<>();
    Thread watch =
        new Thread(
            () -> {
              long nextLagSample = 0;
              while (sending.get() || !caughtUp(seen, committed)) {
                if (!committed.isEmpty()) {
                  poll(reader, committed.keySet(), committedAt, seen, latencies, failedQueries);
                }
                if (sending.get() && System.nanoTime() >= nextLagSample) {
                  nextLagSample = System.nanoTime() + 500_000_000L;
                  double lag = number(reader, "SELECT max(seconds_behind) FROM pipeline_lag");
                  if (lag >= 0) {
                    heartbeatLag.add(lag * 1000);
                  }
                }
                try {
                  Thread.sleep(50);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "e2e-latency-watch");
    watch.start();
    StageWatch stages = new StageWatch(stackEnv, committedAt);
    long intervalNanos = 1_000_000_000L / rate;
    long start = System.nanoTime();
    long sent = 0;
    out.printf("sending %,d ball rows at %,d/s...%n", events, rate);
    out.flush();
    outer:
    for (List<ReplayRecord> match : matches) {
      String id = ((ReplayRecord.OdiMatch) match.get(0)).matchId();
      sink.send(match.get(0));
      long[] times = new long[match.size() - 1];
      committedAt.put(id, times);
      for (int i = 1; i < match.size(); i++) {
        if (sent == events) {
          break outer;
        }
        long due = start + sent * intervalNanos;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        sink.send(match.get(i));
        times[i - 1] = System.nanoTime();
        committed.merge(id, 1, Integer::sum);
        sent++;
      }
    }
    double achieved = sent / ((System.nanoTime() - start) / 1e9);
    out.printf("sent at %,.0f rows/s; waiting for the warehouse...%n", achieved);
    out.flush();
    sending.set(false);
    watch.join(Duration.ofMinutes(5).toMillis());
    watch.interrupt();
    stages.close();
    List<Double> connections;
    try (reader) {
      connections = reader.connectionMillis(5);
    }
    return new Latencies(
        sorted(latencies),
        sorted(heartbeatLag),
        sorted(connections),
        failedQueries.get(),
        stages.latencies());
  }

  /** The values of a list other threads add to (synchronized on it), sorted. */
  static double[] sorted(List<Double> values) {
    double[] result;
    synchronized (values) {
      result = values.stream().mapToDouble(Double::doubleValue).toArray();
    }
    Arrays.sort(result);
    return result;
  }

  /** A number the warehouse gives, or -1 when it cannot (a snapshot being replaced). */
  private static double number(WarehouseReader reader, String sql) {
    try {
      Object value = reader.query(sql, new long[1]).get(0).get(0);
      return value instanceof Number n ? n.doubleValue() : -1;
    } catch (SQLException | RuntimeException e) {
      return -1;
    }
  }

  private static boolean caughtUp(Map<String, Long> seen, Map<String, Integer> committed) {
    for (Map.Entry<String, Integer> e : committed.entrySet()) {
      if (seen.getOrDefault(e.getKey(), 0L) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private static void poll(
      WarehouseReader reader,
      java.util.Set<String> ids,
      Map<String, long[]> committedAt,
      Map<String, Long> seen,
      List<Double> latencies,
      java.util.concurrent.atomic.AtomicInteger failedQueries) {
    String list = String.join("','", ids);
    long[] seenAt = {0};
    try {
      List<List<Object>> rows =
          reader.query(
              "SELECT match_id, count(*) FROM deliveries WHERE match_id IN ('"
                  + list
                  + "') GROUP BY match_id",
              seenAt);
      // what the query found was there at this moment
      long now = seenAt[0];
      for (List<Object> row : rows) {
        String id = String.valueOf(row.get(0));
        long count = ((Number) row.get(1)).longValue();
        long before = seen.getOrDefault(id, 0L);
        long[] times = committedAt.get(id);
        for (long k = before; k < count && times != null && k < times.length; k++) {
          if (times[(int) k] > 0) {
            latencies.add((now - times[(int) k]) / 1e6);
          }
        }
        seen.put(id, Math.max(before, count));
      }
    } catch (SQLException e) {
      // the snapshot is being replaced: the next poll sees it
      failedQueries.incrementAndGet();
    }
  }

  private static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[(int) Math.max(0, Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1))];
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }

  /** What each process used between two readings, largest first, with their total. */
  private static Map<String, Double> cpuSpent(
      Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> spent = new LinkedHashMap<>();
    after.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), round(e.getValue() - before.getOrDefault(e.getKey(), 0.0))))
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> spent.put(e.getKey(), e.getValue()));
    spent.put("total", round(spent.values().stream().mapToDouble(Double::doubleValue).sum()));
    return spent;
  }

  private static Map<String, Long> megabytes(Map<String, Long> bytes) {
    Map<String, Long> mb = new LinkedHashMap<>();
    bytes.forEach((name, b) -> mb.put(name, b >> 20));
    return mb;
  }

  /**
   * Stops the stack when the JVM is asked to stop (Ctrl-C, SIGTERM) while the benchmark runs, as
   * {@code up} does, so that a run cut short leaves no component behind; closed, it leaves that to
   * the stack's own close.
   */
  private static final class StopOnSignal implements AutoCloseable {
    private final Thread hook;

    StopOnSignal(Stack stack) {
      hook = new Thread(stack::close, "bench-e2e-stop");
      Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void close() {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is stopping: the hook stops the stack
      }
    }
  }
}
