package org.cricketstream.cli.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cricketstream.cli.up.StackHome;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./cricket chaos}: the fault matrix, each fault on a stack of its own, or all of them one
 * after another on one stack.
 */
@Command(
    name = "chaos",
    header = "Runs the fault matrix and counts what was lost or doubled.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  ./cricket chaos --data ../shared/data/cricsheet/{t20i_json,odi_csv,test_yaml}",
      "  ./cricket chaos --data DIR... --matches 100 --faults connect-killed,poison",
      "  ./cricket chaos --data DIR... --one-stack --faults aws-killed,stack-killed"
    },
    mixinStandardHelpOptions = true,
    description = {
      "For each fault, starts ./cricket up --exit-when-idle in a fresh home with ports of its own,",
      "injects the fault once the replay has run --fault-after, waits until up finds the stack",
      "idle (every source landed, the warehouse caught up), then counts, per source, the deliveries",
      "expected from the match files, those in the warehouse, lost, doubled and dead-lettered, and",
      "checks every match's views against ./cricket scorecard of its file. Prints a table and writes",
      "it to --out/report.json. Faults: broker-paused (SIGSTOP for 3 minutes), services-killed",
      "(bridge, processor, sink: -9 in turn), connect-killed,",
      "postgres-restarted, mongo-restarted, aws-killed, stack-killed (everything -9, then up",
      "again), poison (one bad record per source), topic-recreated (deliveries deleted and created",
      "again under the sink; the clean layer is rebuilt from the landing layer afterwards),",
      "crash-on-start (the sink crash-loops on a warehouse another writer holds and is given up,",
      "the processor is killed and restarted meanwhile; then up again), and on a cluster",
      "(--brokers 3 --connect-workers 2 --processors 2) members-killed (the second broker, Connect",
      "worker and processor -9 in turn; then every partition back in sync). The warehouse is",
      "DuckDB in each home, or the PostgreSQL of WAREHOUSE_URL (--sinks N share it; use an empty",
      "database: each stack loads into it).",
      "With --one-stack the faults strike one stack in the order given, each --fault-after the",
      "one before has recovered, and the count is made once at the end: a fraction of the time,",
      "and faults that compound; a stack per fault tells which fault lost what.",
      "Exit status: 0 when every fault ends exact with nothing lost or doubled, 1 otherwise."
    })
public final class ChaosCommand implements Callable<Integer> {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--data",
      arity = "1..*",
      required = true,
      description = "match files or folders to replay (as for up --data)")
  List<Path> data = new ArrayList<>();

  @Option(
      names = "--matches",
      defaultValue = "0",
      description = "at most this many matches of each source (0, the default: all)")
  int matches;

  @Option(
      names = "--faults",
      split = ",",
      description = "the faults to inject, comma-separated (default: all)")
  List<String> faults = new ArrayList<>();

  @Option(
      names = "--crash-replay",
      defaultValue = "0.3",
      description = "fraction of records every source sends again, as after a crash (default 0.3)")
  double crashReplay;

  @Option(
      names = "--pace",
      defaultValue = "0",
      description = "the replay's pace, as for up (default 0: as fast as the sources take it)")
  double pace;

  @Option(
      names = "--fault-after",
      defaultValue = "PT20S",
      description = "how long the replay runs before the fault (ISO-8601, default PT20S)")
  Duration faultAfter;

  @Option(
      names = "--idle-timeout",
      defaultValue = "PT40M",
      description = "how long each stack may take to become idle (ISO-8601, default PT40M)")
  Duration idleTimeout;

  @Option(
      names = "--brokers",
      defaultValue = "1",
      description = "as for up: Kafka brokers of the stacks (default 1)")
  int brokers;

  @Option(
      names = "--connect-workers",
      defaultValue = "1",
      description = "as for up: Kafka Connect workers (default 1)")
  int connectWorkers;

  @Option(
      names = "--processors",
      defaultValue = "1",
      description = "as for up: processor instances (default 1)")
  int processors;

  @Option(
      names = "--sinks",
      defaultValue = "1",
      description = "as for up: sinks sharing a PostgreSQL WAREHOUSE_URL's partitions (default 1)")
  int sinks;

  @Option(
      names = "--one-stack",
      description = "inject the faults one after another on a single stack (default: one each)")
  boolean oneStack;

  @Option(
      names = "--out",
      defaultValue = "target/chaos",
      description = "folder for the stacks' homes, their output and report.json")
  Path out;

  @Override
  public Integer call() throws Exception {
    PrintWriter say = spec.commandLine().getOut();
    List<Fault> chosen = new ArrayList<>();
    try {
      for (String name : faults) {
        chosen.add(Fault.of(name.strip()));
      }
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    boolean cluster = brokers >= 3 && connectWorkers >= 2 && processors >= 2;
    if (chosen.isEmpty()) {
      chosen.addAll(
          java.util.Arrays.stream(Fault.values())
              .filter(f -> cluster || !f.needsCluster())
              .toList());
    }
    if (!cluster && chosen.stream().anyMatch(Fault::needsCluster)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          Fault.MEMBERS_KILLED.cliName()
              + " strikes a cluster: give --brokers 3 --connect-workers 2 --processors 2");
    }
    if (crashReplay < 0 || crashReplay > 1 || pace < 0 || matches < 0) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--crash-replay is between 0 and 1; --pace and --matches >= 0");
    }
    Path base = out.toAbsolutePath();
    Files.createDirectories(base);
    MatchSelection selection = MatchSelection.of(data, matches, base.resolve("data"));
    say.printf(
        "chaos: %d faults on %s; %s under %s%n",
        chosen.size(),
        selection.counts(),
        oneStack ? "one after another on one stack" : "each on a stack of its own",
        base);
    Tally tally = new Tally(selection.files());
    List<String> upArgs = new ArrayList<>();
    upArgs.addAll(List.of("--pace", Double.toString(pace)));
    upArgs.addAll(List.of("--crash-replay", Double.toString(crashReplay)));
    upArgs.addAll(
        List.of(
            "--brokers",
            "" + brokers,
            "--connect-workers",
            "" + connectWorkers,
            "--processors",
            "" + processors,
            "--sinks",
            "" + sinks));
    upArgs.add("--data");
    selection.folders().forEach(f -> upArgs.add(f.toString()));
    List<List<Fault>> runs = oneStack ? List.of(chosen) : chosen.stream().map(List::of).toList();
    List<ChaosRun.Outcome> outcomes = new ArrayList<>();
    for (List<Fault> run : runs) {
      Path home = base.resolve(oneStack ? "one-stack" : run.get(0).cliName());
      StackHome.deleteRecursively(home);
      long began = System.nanoTime();
      ChaosRun.Outcome outcome;
      try {
        outcome = new ChaosRun(run, home, upArgs, faultAfter, idleTimeout, say).run(tally);
      } catch (Exception e) {
        outcome =
            new ChaosRun.Outcome(
                run,
                -1,
                Map.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of("the run failed: " + e.getMessage()));
      }
      outcomes.add(outcome);
      say.printf(
          "%s: %s in %.0f s%n",
          outcome.name(),
          outcome.passed() ? "exact" : "NOT EXACT",
          (System.nanoTime() - began) / 1e9);
      writeReport(base.resolve("report.json"), selection, outcomes);
    }
    printTable(say, outcomes);
    say.printf("report: %s%n", base.resolve("report.json"));
    say.flush();
    return outcomes.stream().allMatch(ChaosRun.Outcome::passed) ? 0 : 1;
  }

  private static void printTable(PrintWriter say, List<ChaosRun.Outcome> outcomes) {
    say.printf(
        "%-20s %-5s %8s %9s %6s %8s %6s %9s  %s%n",
        "fault", "src", "expected", "warehouse", "lost", "doubled", "dead", "recover", "result");
    for (ChaosRun.Outcome o : outcomes) {
      boolean first = true;
      for (Tally.Row r : o.rows()) {
        say.printf(
            Locale.ROOT,
            "%-20s %-5s %8d %9d %6d %8d %6d %9s  %s%n",
            first ? o.name() : "",
            r.source(),
            r.expected(),
            r.inWarehouse(),
            r.lost(),
            r.doubled(),
            r.deadLettered(),
            first ? recoveries(o) : "",
            first ? (o.passed() ? "exact" : "NOT EXACT") : "");
        first = false;
      }
      if (o.rows().isEmpty()) {
        say.printf("%-20s %s%n", o.name(), "NOT EXACT");
      }
      for (String note : o.notes()) {
        say.printf("%-20s   %s%n", "", note);
      }
      for (String problem : o.problems()) {
        say.printf("%-20s   PROBLEM: %s%n", "", problem);
      }
      o.differences().stream().limit(5).forEach(d -> say.printf("%-20s   view: %s%n", "", d));
    }
  }

  /** Seconds to recover, per fault when several struck one stack. */
  private static String recoveries(ChaosRun.Outcome o) {
    if (o.faults().size() == 1) {
      Double seconds = o.recoverySeconds().get(o.faults().get(0));
      return seconds == null ? "-" : String.format(Locale.ROOT, "%.1f s", seconds);
    }
    return String.join(
        " ",
        o.recoverySeconds().entrySet().stream()
            .map(e -> String.format(Locale.ROOT, "%.1f", e.getValue()))
            .toList());
  }

  private static void writeReport(
      Path file, MatchSelection selection, List<ChaosRun.Outcome> outcomes) throws IOException {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("matches", selection.counts());
    List<Map<String, Object>> rows = new ArrayList<>();
    for (ChaosRun.Outcome o : outcomes) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("fault", o.name());
      row.put(
          "description",
          String.join("; then ", o.faults().stream().map(Fault::description).toList()));
      row.put("exact", o.passed());
      row.put("upExitCode", o.upExitCode());
      Map<String, Double> recovery = new LinkedHashMap<>();
      o.recoverySeconds().forEach((fault, seconds) -> recovery.put(fault.cliName(), seconds));
      row.put("recoverySeconds", recovery);
      row.put("sources", o.rows());
      row.put("viewDifferences", o.differences().size());
      row.put("notes", o.notes());
      row.put("problems", o.problems());
      rows.add(row);
    }
    report.put("faults", rows);
    Files.writeString(file, JSON.writeValueAsString(report));
  }
}
