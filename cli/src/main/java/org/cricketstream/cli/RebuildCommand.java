package org.cricketstream.cli;

import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import org.cricketstream.warehouse.rebuild.Rebuild;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./cricket rebuild}: the clean layer again, from the raw landing layer, without Kafka. */
@Command(
    name = "rebuild",
    header = "Rebuilds the analytics model from the landing layer.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  ./cricket rebuild",
      "  ./cricket rebuild --url jdbc:duckdb:state/warehouse/cricket.duckdb"
    },
    mixinStandardHelpOptions = true,
    description = {
      "Rebuilds the warehouse's analytics model from its raw landing layer, without Kafka: every",
      "raw event is replayed through the processor's own topology, in one transaction. Stop the",
      "sink first. The warehouse is $WAREHOUSE_URL (default the local DuckDB file). On DuckDB",
      "the transaction may take $WAREHOUSE_REBUILD_MEMORY (default 2GB); what it holds grows",
      "with the warehouse."
    })
final class RebuildCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--url", description = "warehouse JDBC URL (default $WAREHOUSE_URL)")
  String url;

  @Option(names = "--json", description = "print the figures as JSON")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try {
      Rebuild.Result result = Rebuild.run(WarehouseCommands.settings(url));
      if (json) {
        Json.print(out, result);
      } else {
        out.printf(
            "rebuilt from %d raw events: %d clean records, %d rows, %d dead letters, %.1f s%n",
            result.rawEvents(),
            result.cleanRecords(),
            result.rowsWritten(),
            result.deadLetters(),
            result.seconds());
      }
      return 0;
    } catch (SQLException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      return 1;
    }
  }
}
