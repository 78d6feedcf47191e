package org.cricketstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cricketstream.cli.ExtraCommand;
import org.cricketstream.cricsheet.model.SourceFormat;
import org.cricketstream.cricsheet.read.MatchFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./cricket bench}: benchmarks that print figures and write them as JSON. Found by the cli
 * through {@link ExtraCommand} when this module's jar is on the class path (the launcher puts it
 * there).
 */
@Command(
    name = "bench",
    header = "Measures speed and writes the figures as JSON.",
    footerHeading = "%nExamples:%n",
    footer = {"  ./cricket bench readers", "  ./cricket bench e2e"},
    mixinStandardHelpOptions = true,
    description =
        "Runs a benchmark, prints its figures and writes them to target/bench/<name>.json.",
    subcommands = {
      BenchCommand.Readers.class,
      ProcessorBench.class,
      SourcesBench.class,
      WarehouseBenchCommand.class,
      EndToEndBench.class
    })
public final class BenchCommand implements Runnable, ExtraCommand {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Reader throughput per format over a whole sample. */
  @Command(
      name = "readers",
      mixinStandardHelpOptions = true,
      description = {
        "Reads every match under PATH (default: $CRICSHEET_DATA or ../shared/data/cricsheet)",
        "several times and reports matches/s and deliveries/s per format. Files are read from",
        "disk each pass (the OS cache keeps them warm after the first), so the figures include",
        "I/O, decoding and building the model, as a reader does in production."
      })
  static final class Readers implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "PATH", description = "files, folders or zips")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--passes", defaultValue = "3", description = "measured passes (default 3)")
    int passes;

    @Option(
        names = "--warmup",
        defaultValue = "1",
        description = "unmeasured passes first (default 1)")
    int warmup;

    @Option(names = "--out", description = "JSON output (default target/bench/readers.json)")
    Path output;

    /** Figures for one format. */
    record Figures(
        int matches,
        long deliveries,
        double seconds,
        double matchesPerSecond,
        double deliveriesPerSecond) {}

    @Override
    public Integer call() throws IOException {
      java.io.PrintWriter out = spec.commandLine().getOut();
      java.io.PrintWriter err = spec.commandLine().getErr();
      List<Path> inputs = paths.isEmpty() ? List.of(BenchPaths.cricsheetData()) : paths;
      for (Path input : inputs) {
        if (!Files.exists(input)) {
          err.println(
              "error: "
                  + input
                  + " does not exist; pass a folder or zip of Cricsheet files, or set CRICSHEET_DATA");
          return 2;
        }
      }
      List<Path> files = new ArrayList<>();
      for (Path input : inputs) {
        if (Files.isDirectory(input)) {
          try (var walk = Files.walk(input)) {
            walk.filter(Files::isRegularFile).sorted().forEach(files::add);
          }
        } else {
          files.add(input);
        }
      }
      for (int i = 0; i < warmup; i++) {
        err.printf("warm-up pass %d of %d...%n", i + 1, warmup);
        measure(files);
      }
      Map<SourceFormat, long[]> total = new EnumMap<>(SourceFormat.class);
      for (int i = 0; i < passes; i++) {
        err.printf("measured pass %d of %d...%n", i + 1, passes);
        measure(files)
            .forEach(
                (format, t) -> {
                  long[] sum = total.computeIfAbsent(format, f -> new long[3]);
                  for (int k = 0; k < 3; k++) {
                    sum[k] += t[k];
                  }
                });
      }
      Map<String, Figures> figures = new LinkedHashMap<>();
      out.printf(
          "%-6s %8s %11s %9s %12s %14s%n",
          "format", "matches", "deliveries", "seconds", "matches/s", "deliveries/s");
      for (Map.Entry<SourceFormat, long[]> entry : total.entrySet()) {
        long[] t = entry.getValue();
        double seconds = t[2] / 1e9 / passes;
        int matches = (int) (t[0] / passes);
        long deliveries = t[1] / passes;
        Figures f =
            new Figures(matches, deliveries, seconds, matches / seconds, deliveries / seconds);
        figures.put(entry.getKey().name(), f);
        out.printf(
            "%-6s %8d %11d %9.2f %12.1f %14.0f%n",
            entry.getKey(),
            f.matches(),
            f.deliveries(),
            f.seconds(),
            f.matchesPerSecond(),
            f.deliveriesPerSecond());
      }
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("benchmark", "readers");
      report.put("passes", passes);
      report.put("java", System.getProperty("java.version"));
      report.put("cores", Runtime.getRuntime().availableProcessors());
      report.put("formats", figures);
      BenchReport.write("readers", output, report, out);
      return 0;
    }

    /** One pass: per format, {matches, deliveries, nanoseconds spent reading}. */
    private static Map<SourceFormat, long[]> measure(List<Path> files) {
      Map<SourceFormat, long[]> result = new EnumMap<>(SourceFormat.class);
      for (Path file : files) {
        long start = System.nanoTime();
        List<MatchFiles.Item> items = new ArrayList<>();
        MatchFiles.read(List.of(file), items::add);
        long elapsed = System.nanoTime() - start;
        for (MatchFiles.Item item : items) {
          if (item instanceof MatchFiles.Parsed parsed) {
            long[] t = result.computeIfAbsent(parsed.match().info().source(), f -> new long[3]);
            t[0]++;
            t[1] += parsed.match().deliveries().size();
            t[2] += elapsed;
          } else if (item instanceof MatchFiles.Failed failed) {
            throw failed.error();
          }
        }
      }
      return result;
    }
  }
}
