package org.cricketstream.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.cricketstream.superset.LocalSuperset;
import org.cricketstream.superset.WarehouseConnection;
import org.cricketstream.warehouse.WarehouseSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./cricket superset}: Superset with the project's dashboards, until Ctrl-C. */
@Command(
    name = "superset",
    header = "Runs Superset with the dashboards imported.",
    footerHeading = "%nExamples:%n",
    footer = {"  ./cricket superset --port 8088 --warehouse jdbc:duckdb:/tmp/w.duckdb"},
    mixinStandardHelpOptions = true,
    description = {
      "Runs Apache Superset on 127.0.0.1 with the dashboards of superset/bundle imported: the live",
      "match centre, tournament and player analytics, pipeline health. Installs Superset's cached",
      "environment first if it is missing (about a minute; superset/superset.sh install). Reads",
      "the DuckDB warehouse's read-only snapshot (WAREHOUSE_SNAPSHOT, default beside the file) or",
      "PostgreSQL as the read-only role (WAREHOUSE_READER_USER, WAREHOUSE_READER_PASSWORD). The",
      "login is SUPERSET_ADMIN_USER (admin) with SUPERSET_ADMIN_PASSWORD, or a password generated",
      "once and kept in the home. Stops cleanly on Ctrl-C."
    })
final class SupersetCommand implements Callable<Integer> {
  @Option(
      names = "--home",
      defaultValue = "state/superset",
      description = "Superset's metadata, secret key, password and log (default state/superset)")
  Path home;

  @Option(names = "--port", defaultValue = "8088", description = "port on 127.0.0.1 (default 8088)")
  int port;

  @Option(
      names = "--warehouse",
      description =
          "warehouse JDBC URL (default $WAREHOUSE_URL or jdbc:duckdb:state/warehouse/cricket.duckdb)")
  String warehouse;

  @Override
  public Integer call() throws InterruptedException {
    WarehouseSettings settings = WarehouseCommands.settings(warehouse);
    WarehouseConnection target = WarehouseConnection.of(settings);
    if (settings.duckLake()
        && !Files.isRegularFile(
            WarehouseSettings.DuckDbUrls.lakeFolder(settings.url()).resolve("catalog.sqlite"))) {
      System.err.printf(
          "warning: no DuckLake catalog in %s yet: the dashboards show errors until the sink"
              + " (./cricket sink) creates it%n",
          WarehouseSettings.DuckDbUrls.lakeFolder(settings.url()));
    }
    if (settings.duckDb()
        && settings.served().isEmpty()
        && !Files.isRegularFile(settings.snapshot())) {
      System.err.printf(
          "warning: no DuckDB snapshot at %s yet: the dashboards show errors until the sink"
              + " (./cricket sink) publishes one (or set WAREHOUSE_SNAPSHOT / --warehouse)%n",
          settings.snapshot());
    }
    System.err.printf(
        "starting Superset for %s (home %s; log %s)%n",
        target, home.toAbsolutePath(), home.toAbsolutePath().resolve("superset.log"));
    LocalSuperset superset = LocalSuperset.start(home, port, target);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  superset.close();
                  stopped.countDown();
                },
                "superset-shutdown"));
    System.out.printf(
        "Superset ready at %s (login %s); dashboards: %s/dashboard/list/; Ctrl-C stops it%n",
        superset.url(), superset.login(), superset.url());
    System.out.flush();
    stopped.await();
    return 0;
  }
}
