package org.cricketstream.warehouse;

import java.util.List;
import org.cricketstream.warehouse.schema.Migrations;

/** Test access to the migrations' script splitter. */
final class MigrationsAccess {
  private MigrationsAccess() {}

  static List<String> statements(String script) {
    return Migrations.statements(script);
  }
}
