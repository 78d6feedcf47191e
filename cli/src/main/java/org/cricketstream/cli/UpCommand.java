package org.cricketstream.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.cricketstream.cli.up.Stack;
import org.cricketstream.cli.up.StackException;
import org.cricketstream.cli.up.StackHome;
import org.cricketstream.config.SettingException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./cricket up}: the whole local stack, live, in one command. */
@Command(
    name = "up",
    header = "Starts the whole stack and replays data as live traffic.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  ./cricket up --data ../shared/data/cricsheet --pace 0.5",
      "  ./cricket up --no-superset --exit-when-idle   (generated matches, then stop)"
    },
    mixinStandardHelpOptions = true,
    description = {
      "Starts the whole local stack in order, each part as its own process with a health check:",
      "Kafka, PostgreSQL, MongoDB, S3 and SQS, Kafka Connect with both connectors, the",
      "processor, the warehouse sink, the S3 bridge, the Lambda runner and Superset; then",
      "replays the data as live traffic. A service that dies or stays unhealthy is restarted",
      "with back-off, on its own; one that fails too often is given up as crash-looping",
      "(status shows it; --exit-when-idle then exits 1). A failed Kafka Connect task is shown",
      "with its error and restarted. Logs are capped and rolled over. Ctrl-C stops",
      "everything cleanly; run again with the same --home, it resumes with nothing lost or",
      "repeated. A service whose address is in the environment is used instead of started:",
      "KAFKA_BOOTSTRAP_SERVERS, POSTGRES_URL (+ POSTGRES_USER/POSTGRES_PASSWORD, e.g. Supabase,",
      "and POSTGRES_CAPTURE_USER/POSTGRES_CAPTURE_PASSWORD for Debezium's own role),",
      "MONGO_URI (e.g. Atlas), WAREHOUSE_URL, and with --aws external: CRICKET_BRIDGE_QUEUE_URL,",
      "EMITTER_BUCKET and AWS credentials. CRICKET_KAFKA_PROPERTIES (a file of Kafka client",
      "properties: security.protocol, sasl.*, ssl.*) goes to every Kafka client of the stack,",
      "for a KAFKA_BOOTSTRAP_SERVERS cluster that wants TLS or SASL (MSK, Confluent Cloud).",
      "--brokers, --connect-workers, --processors and --sinks run several of each, as on a",
      "cluster (see the README, \"Running on a cluster\")."
    })
final class UpCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--data",
      arity = "1..*",
      paramLabel = "PATH",
      description = "Cricsheet files, folders or zips to replay (default: generated matches)")
  List<Path> data = new ArrayList<>();

  @Option(
      names = "--pace",
      defaultValue = "5",
      description = "seconds between two records of one match; 0 = as fast as possible (default 5)")
  double pace;

  @Option(
      names = "--crash-replay",
      defaultValue = "0",
      description = "fraction of records every source sends again, as after a crash (default 0)")
  double crashReplay;

  @Option(names = "--seed", defaultValue = "1", description = "seed (default 1)")
  long seed;

  @Option(
      names = "--aws",
      defaultValue = "embedded",
      description = "S3 and SQS: embedded (default), localstack, or external")
  Stack.Aws aws;

  @Option(names = "--no-superset", description = "leave Superset out")
  boolean noSuperset;

  @Option(
      names = "--exit-when-idle",
      description = "stop once every source is replayed and the warehouse has caught up")
  boolean exitWhenIdle;

  @Option(
      names = "--idle-timeout",
      defaultValue = "PT2H",
      description = "with --exit-when-idle: fail if not idle by then (ISO-8601, default PT2H)")
  Duration idleTimeout;

  @Option(
      names = "--brokers",
      defaultValue = "1",
      description = {
        "Kafka brokers, each its own process, one KRaft cluster (the first three also its",
        "controllers); topics keep min(N, 3) copies, 2 in sync from 3 (default 1)"
      })
  int brokers;

  @Option(
      names = "--connect-workers",
      defaultValue = "1",
      description = "Kafka Connect workers in one distributed group (default 1)")
  int connectWorkers;

  @Option(
      names = "--processors",
      defaultValue = "1",
      description = "processor instances sharing the partitions (default 1)")
  int processors;

  @Option(
      names = "--sinks",
      defaultValue = "1",
      description = "sinks sharing the partitions; PostgreSQL warehouse only (default 1)")
  int sinks;

  @CommandLine.Mixin HomeOption home;

  @Override
  public Integer call() throws InterruptedException {
    if (pace < 0 || crashReplay < 0 || crashReplay > 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--pace must be >= 0 and --crash-replay between 0 and 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    StackHome stackHome = new StackHome(home.dir);
    Stack.Options options =
        new Stack.Options(
            data,
            pace,
            crashReplay,
            seed,
            aws,
            !noSuperset,
            System.getenv(),
            new Stack.Scale(brokers, connectWorkers, processors, sinks));
    // every input is checked before anything starts: a typo costs a second, not a minute
    // the home first: a second up on it is told whose it is, not that its ports are taken
    List<String> problems = new ArrayList<>(Preflight.home(stackHome));
    StackHome.Lock lock = null;
    if (problems.isEmpty()) {
      try {
        lock = stackHome.lock();
      } catch (SettingException e) {
        problems.add(e.getMessage());
      }
    }
    Preflight.Survey survey = Preflight.survey(data);
    if (problems.isEmpty()) {
      problems.addAll(Preflight.beforeUp(stackHome, options, survey, new Tools(Settings.root())));
    }
    if (!problems.isEmpty()) {
      if (lock != null) {
        lock.close();
      }
      problems.forEach(p -> err.println("cricket up: " + p));
      err.println("Nothing was started. ./cricket doctor shows every check; ./cricket up --help.");
      err.flush();
      return 2;
    }
    if (!data.isEmpty()) {
      out.printf("data: %s match files in %d MB%n", survey.counts(), survey.bytes() >> 20);
    }
    Stack stack;
    try {
      stack = Stack.up(stackHome, options, out);
    } catch (StackException e) {
      err.println("cricket up: " + e.getMessage());
      lock.close();
      return 1;
    }
    StackHome.Lock held = lock;
    boolean terminal = Terminal.isTerminal();
    UpProgress progress = new UpProgress(stack, stack.data(), out, terminal);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              progress.close();
              out.println("stopping...");
              out.flush();
              stack.close();
              held.close();
              stopped.countDown();
            },
            "up-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    printWhereToLook(out, stack);
    stack.supervisor().clearLineBeforeSaying(terminal);
    progress.start();
    if (exitWhenIdle) {
      try {
        stack.awaitIdle(idleTimeout);
        progress.finish();
      } catch (StackException e) {
        spec.commandLine().getErr().println("cricket up: " + e.getMessage());
        return 1;
      } finally {
        progress.close();
        out.printf(
            "peak memory of the stack: %d MB (resident sets summed: %d MB); of each (MB): %s%n",
            stack.supervisor().peakProportionalBytes() >> 20,
            stack.supervisor().peakResidentBytes() >> 20,
            megabytes(stack.supervisor().peakProportionalBytesByComponent()));
        Runtime.getRuntime().removeShutdownHook(hook);
        stack.close();
        held.close();
      }
      return 0;
    }
    stopped.await();
    return 0;
  }

  private void printWhereToLook(PrintWriter out, Stack stack) {
    Map<String, String> a = stack.addresses();
    out.println();
    out.println("The stack is up.");
    if (a.containsKey("superset")) {
      out.printf(
          "  Superset    %s/dashboard/list/ (login %s)%n",
          a.get("superset"), a.getOrDefault("supersetLogin", "in logs/superset.log"));
    }
    out.printf("  warehouse   %s%n", a.get("warehouse"));
    out.printf("  Kafka       %s%n", a.get("kafka"));
    out.printf("  logs        %s/<component>.log%n", a.get("logs"));
    out.printf(
        "  status      ./cricket status --home %s   query: ./cricket query --home %s \"SQL\"%n",
        stack.home().dir(), stack.home().dir());
    out.println(exitWhenIdle ? "Replaying until idle..." : "Ctrl-C stops everything.");
    out.flush();
  }

  private static String megabytes(Map<String, Long> bytes) {
    StringJoiner each = new StringJoiner(", ");
    bytes.forEach((name, b) -> each.add(name + " " + (b >> 20)));
    return each.toString();
  }
}
