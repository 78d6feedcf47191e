package org.cricketstream.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import org.cricketstream.warehouse.WarehouseSettings;
import org.cricketstream.warehouse.backup.Backup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./cricket backup}: a consistent copy of the warehouse and the sink's offsets. */
@Command(
    name = "backup",
    header = "Backs up the warehouse and the sink's offsets.",
    footerHeading = "%nExamples:%n",
    footer = {"  ./cricket backup --to backups/today"},
    mixinStandardHelpOptions = true,
    description = {
      "Backs up the warehouse, the system of record: every table and the sink's offsets from one",
      "consistent snapshot, into a new folder (default <home>/backups/<UTC time>). DuckDB: EXPORT",
      "DATABASE (from the sink's snapshot while the sink runs); PostgreSQL: binary COPY of every",
      "table in one transaction. Take one more often than the topics' retention window",
      "(CRICKET_RAW_RETENTION): a restore replays from Kafka only what Kafka still holds."
    })
final class BackupCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin HomeOption home;

  @Option(names = "--url", description = "warehouse JDBC URL (default $WAREHOUSE_URL)")
  String url;

  @Option(names = "--to", paramLabel = "DIR", description = "the new backup folder")
  Path to;

  @Override
  public Integer call() {
    WarehouseSettings settings = WarehouseCommands.settings(url, home);
    Path dir =
        to != null
            ? to
            : home.dir
                .resolve("backups")
                .resolve(
                    Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace(':', '-'));
    PrintWriter out = spec.commandLine().getOut();
    try {
      Backup.Manifest manifest = Backup.backup(settings, dir);
      out.printf(
          "backed up %s (schema version %d, %d raw events, %d deliveries) from %s into %s%n",
          manifest.dialect(),
          manifest.schemaVersion(),
          manifest.rows().getOrDefault("raw_events", 0L),
          manifest.rows().getOrDefault("deliveries", 0L),
          manifest.source(),
          dir.toAbsolutePath());
      out.flush();
      return 0;
    } catch (SQLException | IOException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      return 1;
    }
  }
}
