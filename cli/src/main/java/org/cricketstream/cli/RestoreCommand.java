package org.cricketstream.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import org.cricketstream.warehouse.backup.Backup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./cricket restore DIR}: a backup into an empty warehouse. */
@Command(
    name = "restore",
    header = "Restores a backup into an empty warehouse.",
    footerHeading = "%nExamples:%n",
    footer = {"  ./cricket restore --url jdbc:duckdb:/tmp/new.duckdb backups/today"},
    mixinStandardHelpOptions = true,
    description = {
      "Restores a backup (./cricket backup) into an empty warehouse: a DuckDB file that does not",
      "exist yet (default <home>/warehouse/cricket.duckdb), or a PostgreSQL database without the",
      "warehouse's tables. Every table's row count is checked against the backup. Then start the",
      "sink (or ./cricket up): it resumes after the backup's offsets and loads what Kafka still",
      "holds; if Kafka no longer holds what came after the backup, it stops with an error."
    })
final class RestoreCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin HomeOption home;

  @Option(names = "--url", description = "warehouse JDBC URL (default $WAREHOUSE_URL)")
  String url;

  @Parameters(paramLabel = "DIR", description = "the backup folder")
  Path from;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try {
      Backup.Manifest manifest = Backup.restore(WarehouseCommands.settings(url, home), from);
      out.printf(
          "restored the %s backup taken at %s: %s%n",
          manifest.dialect(), manifest.takenAt(), manifest.rows());
      out.flush();
      return 0;
    } catch (SQLException | IOException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      return 1;
    }
  }
}
