package org.cricketstream.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.cricketstream.cricsheet.read.CricsheetData;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./cricket bench warehouse}: the sink's load rate into each backend, and its baselines. */
@Command(
    name = "warehouse",
    mixinStandardHelpOptions = true,
    description = {
      "Starts a Kafka broker and PostgreSQL of its own (in a temporary directory), publishes",
      "every match under PATH (default: $CRICSHEET_DATA or ../shared/data/cricsheet) as raw",
      "events and runs the processor until the clean topics hold them. Then measures, each from",
      "an empty database: the sink into DuckDB publishing a snapshot every 0.1 s, then as up",
      "runs it (serving the database live, a snapshot every 30 s: the figure reported), and the",
      "raw DuckDB Appender; the sink into",
      "PostgreSQL, raw COPY, and Debezium's JDBC sink connector (3.4.0.Final, in Kafka Connect",
      "standalone in this JVM) loading the same rows. Rows are warehouse rows (raw events and",
      "the model's rows). Writes target/bench/warehouse.json, and every figure measured to",
      "target/bench/warehouse-details.json."
    })
final class WarehouseBenchCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "0..*", paramLabel = "PATH", description = "folders of Cricsheet files")
  List<Path> paths = new ArrayList<>();

  @Option(names = "--out", description = "JSON output (default target/bench/warehouse.json)")
  Path output;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Path> folders = paths;
    if (folders.isEmpty()) {
      Path data = BenchPaths.cricsheetData();
      folders =
          List.of(
              data.resolve(CricsheetData.T20I_JSON),
              data.resolve(CricsheetData.ODI_CSV),
              data.resolve(CricsheetData.TEST_YAML));
    }
    for (Path folder : folders) {
      if (!Files.isDirectory(folder)) {
        err.println("error: " + folder + " is not a folder; pass folders or set CRICSHEET_DATA");
        return 2;
      }
    }
    WarehouseBench.Report report = WarehouseBench.run(folders, BenchPaths.connectJars(), err);
    Path target = output == null ? BenchPaths.benchDir().resolve("warehouse.json") : output;
    Files.createDirectories(target.toAbsolutePath().getParent());
    Files.writeString(
        target, BenchReport.JSON.writeValueAsString(report.figures()) + System.lineSeparator());
    Path details = target.resolveSibling("warehouse-details.json");
    Files.writeString(
        details, BenchReport.JSON.writeValueAsString(report.details()) + System.lineSeparator());
    out.println(BenchReport.JSON.writeValueAsString(report.figures()));
    out.println("written to " + target + " (details in " + details + ")");
    return 0;
  }
}
