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
    if (url != null || System.getenv("WAREHOUSE_URL") != null) {
      return settings(url);
    }
    Object addresses = new StackHome(home.dir).state().get("addresses");
    Object recorded =
        addresses instanceof Map<?, ?> map && map.get("warehouse") instanceof String s ? s : null;
    return settings(recorded != null ? (String) recorded : home.duckDbUrl());
  }
}
