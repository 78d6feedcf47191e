package org.cricketstream.cli;

import org.cricketstream.warehouse.WarehouseSettings;

/** What the warehouse commands share: settings from the environment, a URL option on top. */
final class WarehouseCommands {
  private WarehouseCommands() {}

  static WarehouseSettings settings(String url) {
    WarehouseSettings settings = WarehouseSettings.fromEnvironment();
    return url == null ? settings : settings.withUrl(url);
  }
}
