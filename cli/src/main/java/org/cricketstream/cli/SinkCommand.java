package org.cricketstream.cli;

import java.util.concurrent.Callable;
import org.cricketstream.warehouse.WarehouseSettings;
import org.cricketstream.warehouse.sink.Resume;
import org.cricketstream.warehouse.sink.SinkMain;
import org.cricketstream.warehouse.sink.SinkShare;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./cricket sink}: loads the raw and clean topics into the warehouse, exactly once. */
@Command(
    name = "sink",
    header = "Runs the exactly-once warehouse sink.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  ./cricket sink --url jdbc:duckdb:state/warehouse/cricket.duckdb",
      "  WAREHOUSE_USER=me ./cricket sink --url jdbc:postgresql://db:5432/cricket"
    },
    mixinStandardHelpOptions = true,
    description = {
      "Runs the warehouse sink: raw topics into the landing layer, clean topics into the",
      "analytics model, each batch in one database transaction with the offsets it read; resumes",
      "from the offsets stored in the warehouse (a topic created again is read from its start;",
      "records expired before they were loaded stop it with an error, exit 2). DuckDB (default) also gets a read-only snapshot",
      "for BI tools after commits; a DuckLake is read live. Stops cleanly on Ctrl-C. Defaults come from the environment:",
      "WAREHOUSE_URL (jdbc:duckdb:state/warehouse/cricket.duckdb,",
      "jdbc:duckdb:ducklake:FOLDER[?catalog=postgresql://HOST:PORT/DATABASE] or jdbc:postgresql://...),",
      "WAREHOUSE_USER, WAREHOUSE_PASSWORD, WAREHOUSE_SNAPSHOT, WAREHOUSE_SNAPSHOT_INTERVAL,",
      "KAFKA_BOOTSTRAP_SERVERS, CRICKET_KAFKA_PROPERTIES (a file of Kafka client properties:",
      "security.protocol, sasl.*, ssl.*), CRICKET_WAREHOUSE_GROUP, WAREHOUSE_BATCH_RECORDS,",
      "WAREHOUSE_BATCH_BYTES, WAREHOUSE_BATCH_LINGER, WAREHOUSE_READER_USER,",
      "WAREHOUSE_READER_PASSWORD, CRICKET_SINK_SHARE (I/N: several sinks sharing a PostgreSQL",
      "warehouse's partitions), and the topic windows CRICKET_RAW_RETENTION,",
      "CRICKET_DEAD_LETTER_RETENTION, CRICKET_CLEAN_RETENTION, CRICKET_TOMBSTONE_RETENTION."
    })
final class SinkCommand implements Callable<Integer> {
  @Option(names = "--url", description = "warehouse JDBC URL (default $WAREHOUSE_URL)")
  String url;

  @Option(
      names = "--bootstrap-servers",
      description = "Kafka to read (default $KAFKA_BOOTSTRAP_SERVERS or 127.0.0.1:9092)")
  String bootstrapServers;

  @Option(
      names = "--share",
      paramLabel = "I/N",
      description = {
        "load the I-th of N equal shares of the partitions, with N-1 other sinks given the",
        "other shares (default $CRICKET_SINK_SHARE or 1/1; PostgreSQL warehouse only)"
      })
  String share;

  @Override
  public Integer call() throws InterruptedException {
    WarehouseSettings settings = WarehouseCommands.settings(url);
    if (bootstrapServers != null) {
      settings = settings.withBootstrapServers(bootstrapServers);
    }
    System.err.printf(
        "sink from %s into %s; Ctrl-C stops it%n", settings.bootstrapServers(), settings.url());
    try {
      SinkMain.runUntilStopped(
          settings,
          share == null ? SinkShare.fromEnvironment(System.getenv()) : SinkShare.parse(share));
    } catch (Resume.GapException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
    return 0;
  }
}
