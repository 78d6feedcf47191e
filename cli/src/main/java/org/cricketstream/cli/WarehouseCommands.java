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
    WarehouseSettings settings;
    if (url != null || System.getenv("WAREHOUSE_URL") != null) {
      settings = settings(url);
    } else {
      Object addresses = new StackHome(home.dir).state().get("addresses");
      Object recorded =
          addresses instanceof Map<?, ?> map && map.get("warehouse") instanceof String s ? s : null;
      settings = settings(recorded != null ? (String) recorded : home.duckDbUrl());
      // the DuckDB warehouse the stack's sink serves live, read with the token up drew
      Object served =
          addresses instanceof Map<?, ?> map
                  && map.get(org.cricketstream.cli.up.Stack.SERVED_ADDRESS) instanceof String s
              ? s
              : null;
      java.nio.file.Path token =
          new StackHome(home.dir).resolve("secrets", org.cricketstream.cli.up.Stack.SERVE_SECRET);
      if (served != null && settings.served().isEmpty() && java.nio.file.Files.isReadable(token)) {
        settings =
            settings.withServed(
                java.util.Optional.of(
                    new WarehouseSettings.Served(
                        (String) served, org.cricketstream.config.Secrets.kept(token))));
      }
    }
    // a PostgreSQL warehouse's read-only role has the password up drew, unless one was set
    java.nio.file.Path secret =
        new StackHome(home.dir).resolve("secrets", org.cricketstream.cli.up.Stack.READER_SECRET);
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
