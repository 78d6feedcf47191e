package org.cricketstream.warehouse.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cricketstream.warehouse.dialect.DatabaseDialect;

/**
 * Versioned schema migrations: SQL files under {@code db/migration/}, listed in order in {@code
 * db/migration/index}. {@code V<n>__<what>.sql} runs on every dialect, {@code
 * V<n>__<what>.<dialect>.sql} only on that one. Each runs once, in its own transaction, recorded in
 * {@code schema_migrations}; a released migration is never edited, a change is a new version.
 */
public final class Migrations {
  private static final String FOLDER = "db/migration/";
  private static final Pattern NAME =
      Pattern.compile("V(\\d+)__([a-z0-9_]+)(?:\\.([a-z]+))?\\.sql");

  /** One migration file. */
  public record Migration(int version, String description, String dialect, String resource) {}

  private Migrations() {}

  /** Every migration in order. */
  public static List<Migration> all() {
    List<Migration> migrations = new ArrayList<>();
    for (String line : read(FOLDER + "index").lines().toList()) {
      String name = line.strip();
      if (name.isEmpty() || name.startsWith("#")) {
        continue;
      }
      Matcher m = NAME.matcher(name);
      if (!m.matches()) {
        throw new IllegalStateException(
            "migration " + name + " is not named V<n>__<what>[.<dialect>].sql");
      }
      migrations.add(
          new Migration(Integer.parseInt(m.group(1)), m.group(2), m.group(3), FOLDER + name));
    }
    return migrations;
  }

  /** Applies the migrations this database has not had yet; returns how many ran. */
  public static int migrate(Connection c, DatabaseDialect dialect) throws SQLException {
    return migrate(c, dialect, Integer.MAX_VALUE);
  }

  /**
   * Applies the migrations up to version {@code upTo} this database has not had yet (a restore
   * creates the tables a backup was taken from); returns how many ran.
   */
  public static int migrate(Connection c, DatabaseDialect dialect, int upTo) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          dialect.migrationSql(
              "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
                  + " description VARCHAR NOT NULL, applied_at_ms BIGINT NOT NULL)"));
    }
    c.commit();
    Set<Integer> applied = new HashSet<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version FROM schema_migrations")) {
      while (rs.next()) {
        applied.add(rs.getInt(1));
      }
    }
    c.commit();
    int ran = 0;
    for (Migration m : all()) {
      if (m.version() > upTo
          || applied.contains(m.version())
          || (m.dialect() != null && !dialect.runs(m.dialect()))) {
        continue;
      }
      try (Statement s = c.createStatement()) {
        try {
          // both drivers run a script of several statements (DuckDB's and pgjdbc's own parsers),
          // inside the transaction: a failing statement rolls the whole migration back
          s.execute(dialect.migrationSql(read(m.resource())));
        } catch (SQLException e) {
          throw new SQLException("migration " + m.resource() + " failed: " + e.getMessage(), e);
        }
        s.execute(
            "INSERT INTO schema_migrations VALUES ("
                + m.version()
                + ", '"
                + m.description()
                + "', "
                + System.currentTimeMillis()
                + ")");
        c.commit();
        ran++;
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
    return ran;
  }

  private static String read(String resource) {
    try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
