package org.cricketstream.cli;

import java.util.Map;
import org.cricketstream.cli.up.StackHome;
import org.cricketstream.warehouse.WarehouseSettings;

/** What the warehouse commands share: settings from the environment, a URL option on top. */
final class WarehouseCommands {
  private WarehouseCommands() {}

  static WarehouseSettings settings(String url) {
    WarehouseSettings settings = WarehouseSettings.fromEnvironment();
    return url == null ? settings : settings.withUrl(url);
  }

  /**
   * The warehouse of a local stack's home: {@code --url}, else $WAREHOUSE_URL, else the one the
   * stack in {@code home} wrote to ({@code stack.json}), else that home's DuckDB file.
   */
  static WarehouseSettings settings(String url, HomeOption home) {
    StackHome stack = new StackHome(home.dir);
    WarehouseSettings settings;
    if (url != null || System.getenv("WAREHOUSE_URL") != null) {
      settings = settings(url);
    } else {
      Map<?, ?> addresses =
          stack.state().get("addresses") instanceof Map<?, ?> recorded ? recorded : Map.of();
      settings = settings(addresses.get("warehouse") instanceof String s ? s : home.duckDbUrl());
      // the DuckDB warehouse the stack's sink serves live, read with the token up drew
      java.nio.file.Path token =
          stack.resolve("secrets", org.cricketstream.cli.up.Stack.SERVE_SECRET);
      if (addresses.get(org.cricketstream.cli.up.Stack.SERVED_ADDRESS) instanceof String served
          && settings.served().isEmpty()
          && java.nio.file.Files.isReadable(token)) {
        settings =
            settings.withServed(
                java.util.Optional.of(
                    new WarehouseSettings.Served(
                        served, org.cricketstream.config.Secrets.kept(token))));
      }
    }
    // a PostgreSQL warehouse's read-only role has the password up drew, unless one was set
    java.nio.file.Path secret =
        stack.resolve("secrets", org.cricketstream.cli.up.Stack.READER_SECRET);
    if (!settings.duckDb()
        && settings.readerPassword().isEmpty()
        && java.nio.file.Files.isReadable(secret)) {
      settings =
          settings.withLogins(
              settings.user(),
              settings.password(),
              settings.readerUser(),
              org.cricketstream.config.Secrets.kept(secret));
    }
    return settings;
  }
}
