package org.cricketstream.warehouse.dialect;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.cricketstream.warehouse.WarehouseSettings;
import org.cricketstream.warehouse.load.Batch;
import org.cricketstream.warehouse.schema.Column;
import org.cricketstream.warehouse.schema.Table;
import org.cricketstream.warehouse.schema.Tables;

/**
 * What differs between the databases the warehouse runs on: how to connect, the fast path that
 * loads a batch into staging, and what readers get. Everything else (migrations, merges, views) is
 * the same SQL on every dialect, written to the subset DuckDB and PostgreSQL share.
 */
public interface DatabaseDialect {

  /**
   * Short name; also the suffix of migrations only this dialect runs ({@code V4__x.postgres.sql}).
   */
  String name();

  /**
   * Whether this dialect runs the migrations only {@code migrationDialect} runs ({@code
   * V4__x.postgres.sql}).
   */
  default boolean runs(String migrationDialect) {
    return name().equals(migrationDialect);
  }

  /** A migration's SQL as this database takes it. */
  default String migrationSql(String sql) {
    return sql;
  }

  /** A connection for the one writer, auto-commit off. */
  Connection openWriter(WarehouseSettings settings) throws SQLException;

  /** A second connection to the same database for reading while the writer writes. */
  Connection openSecond(Connection writer, WarehouseSettings settings) throws SQLException;

  /** A connection that can only read, for BI and {@code ./cricket query}. */
  Connection openReader(WarehouseSettings settings) throws SQLException;

  /**
   * A column that addresses a row of any table for a cheap lookup within a transaction (DuckDB's
   * {@code rowid}: its row groups are skipped by its range), or null where there is none to rely
   * on.
   */
  default String rowAddress() {
    return null;
  }

  /** Loads rows into a staging table, the fastest way this database has. */
  default void load(Connection connection, Table table, List<Object[]> rows) throws SQLException {
    if (appendedDirectly().contains(table)) {
      append(connection, table.stagingName(), true, table.keysOnly(), table.keysOf(rows));
    } else {
      append(connection, table.stagingName(), true, table, rows);
    }
  }

  /**
   * The tables whose rows a batch appends into the table itself: their staging tables hold the
   * batch's keys only, for the deletes of the rows (and children) they replace and the landing
   * layer's check for records landed again; then the rows are appended by the fast path, in the
   * same transaction, not appended to staging and copied a second time by {@code INSERT ...
   * SELECT}. By default none; DuckDB's and PostgreSQL's are {@link Tables#GROWING}.
   */
  default Set<Table> appendedDirectly() {
    return Set.of();
  }

  /**
   * Appends rows laid out as {@code layout} into a table by the dialect's fast path (DuckDB's
   * Appender, PostgreSQL's COPY), inside the open transaction; {@code temporary}: the session's
   * staging table of that name.
   */
  default void append(
      Connection connection, String tableName, boolean temporary, Table layout, List<Object[]> rows)
      throws SQLException {
    throw new UnsupportedOperationException(name() + " has no fast path into " + tableName);
  }

  /** The SQL type of a column type. */
  default String sqlType(Column.Type type) {
    return switch (type) {
      case TEXT -> "VARCHAR";
      case INT -> "INTEGER";
      case LONG -> "BIGINT";
      case BOOL -> "BOOLEAN";
      case DATE -> "DATE";
      case BYTES -> "BYTEA";
    };
  }

  /**
   * Creates the session's staging table for a table (temporary: gone with the connection); of its
   * key columns only for a table {@link #appendedDirectly}.
   */
  default void createStaging(Connection connection, Table table) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE " + stagingTable(table));
    }
  }

  /**
   * {@code TEMPORARY TABLE <staging name> (<columns and types>)}: what creates it, after CREATE.
   */
  private String stagingTable(Table table) {
    Table layout = appendedDirectly().contains(table) ? table.keysOnly() : table;
    return "TEMPORARY TABLE "
        + table.stagingName()
        + layout.columns().stream()
            .map(c -> c.name() + " " + sqlType(c.type()))
            .collect(Collectors.joining(", ", " (", ")"));
  }

  /**
   * Empties the session's staging tables before a batch loads them (the first statement of its
   * transaction). DuckDB's way, each made again empty ({@code CREATE OR REPLACE}): a {@code DELETE}
   * leaves a temporary table's rows in memory, marked deleted, since nothing ever checkpoints the
   * temporary catalog. Emptied by {@code DELETE}, the staging tables held every batch the sink had
   * loaded: DuckDB's in-memory tables grew from 16 to 91 MB over half the whole sample in {@code
   * bench e2e}, then spilled to its temporary files, and every merge and key delete read the
   * deleted rows again.
   */
  default void emptyStaging(Statement statement, List<Table> tables) throws SQLException {
    for (Table table : tables) {
      statement.execute("CREATE OR REPLACE " + stagingTable(table));
    }
  }

  /**
   * Lets this connection's database use up to {@code size} of memory (a size such as 2GB), where
   * the database caps it per process (DuckDB's {@code memory_limit}); by default nothing.
   */
  default void allowMemory(Connection connection, String size) throws SQLException {}

  /** Empties a table inside the open transaction, so readers keep the old rows until commit. */
  default void emptyTable(Connection connection, String table) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("DELETE FROM " + table);
    }
  }

  /**
   * An SQL expression for the text at {@code path} (e.g. {@code $.payload.after.id}) in a JSON
   * document held as UTF-8 bytes in column {@code bytes}.
   */
  String jsonText(String bytes, String path);

  /** The statement that merges a table's staged rows in: staged keys replace the rows there. */
  default String upsert(Table table) {
    String updates =
        table.columns().stream()
            .map(Column::name)
            .filter(c -> !table.key().contains(c))
            .map(c -> c + " = EXCLUDED." + c)
            .collect(Collectors.joining(", "));
    return insertStaged(table)
        + " ON CONFLICT ("
        + String.join(", ", table.key())
        + ") DO UPDATE SET "
        + updates;
  }

  /** The statement that inserts a table's staged rows whose keys are not there yet. */
  default String insertNew(Table table) {
    return insertStaged(table) + " ON CONFLICT (" + String.join(", ", table.key()) + ") DO NOTHING";
  }

  /**
   * Merges a table's staged rows into it, overwriting the keys it has ({@link #upsert(Table)}).
   * {@code rows} are the rows {@link #load} staged, for a dialect that writes them into the table
   * itself rather than copying them from the staging table.
   *
   * @return whether rows the table had may have been replaced: false only where none was (every key
   *     new, the usual case for a ball), so that their children need no delete
   */
  default boolean upsert(Connection connection, Table table, List<Object[]> rows)
      throws SQLException {
    if (appendedDirectly().contains(table)) {
      int replaced;
      try (Statement s = connection.createStatement()) {
        replaced = s.executeUpdate(deleteStaged(table));
      }
      append(connection, table.name(), false, table, rows);
      return replaced > 0;
    }
    execute(connection, upsert(table));
    return true;
  }

  /** Inserts the staged rows whose keys the table does not have ({@link #insertNew(Table)}). */
  default void insertNew(Connection connection, Table table, List<Object[]> rows)
      throws SQLException {
    if (!appendedDirectly().contains(table)) {
      execute(connection, insertNew(table));
      return;
    }
    // the staged keys the table has: none, unless records are landed again
    Set<List<String>> present = new HashSet<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(stagedPresent(table))) {
      while (rs.next()) {
        List<String> key = new ArrayList<>();
        for (int i = 1; i <= table.key().size(); i++) {
          key.add(rs.getString(i));
        }
        present.add(key);
      }
    }
    if (!present.isEmpty()) {
      List<Object[]> keys = table.keysOf(rows);
      List<Object[]> absent = new ArrayList<>();
      for (int i = 0; i < rows.size(); i++) {
        if (!present.contains(Arrays.stream(keys.get(i)).map(String::valueOf).toList())) {
          absent.add(rows.get(i));
        }
      }
      rows = absent;
    }
    append(connection, table.name(), false, table, rows);
  }

  /** Inserts a child table's staged rows, their parents' old children deleted before. */
  default void insertChildren(Connection connection, Table child, List<Object[]> rows)
      throws SQLException {
    if (appendedDirectly().contains(child)) {
      append(connection, child.name(), false, child, rows);
    } else {
      execute(connection, insertStaged(child));
    }
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    }
  }

  /**
   * An upsert where the table has no key to conflict on: a delete of the staged keys, then an
   * insert of the staged rows (two statements, one transaction).
   */
  static String replaceStaged(Table table) {
    return deleteStaged(table) + "; " + insertStaged(table);
  }

  /** The statement that deletes a table's rows whose keys are staged. */
  static String deleteStaged(Table table) {
    return "DELETE FROM " + table.name() + " WHERE " + stagedKeys(table);
  }

  /** The query for the staged keys that a table has already, key columns in key order. */
  static String stagedPresent(Table table) {
    return "SELECT "
        + table.key().stream().map(k -> "s." + k).collect(Collectors.joining(", "))
        + " FROM "
        + table.stagingName()
        + " s WHERE EXISTS (SELECT 1 FROM "
        + table.name()
        + " t WHERE "
        + sameKey(table, "s", "t")
        + ")";
  }

  /**
   * The condition that a row's key is staged: {@code IN} for a key of one column, whose bounds
   * DuckDB pushes into the scan, so that a batch of the newest balls reads only the row groups that
   * can hold them (a delete of four deliveries among the sample's 690,000: 2 ms, 7 with {@code
   * EXISTS}, which reads them all).
   */
  private static String stagedKeys(Table table) {
    if (table.key().size() == 1) {
      String key = table.key().get(0);
      return key + " IN (SELECT " + key + " FROM " + table.stagingName() + ")";
    }
    return "EXISTS (SELECT 1 FROM "
        + table.stagingName()
        + " s WHERE "
        + sameKey(table, "s", table.name())
        + ")";
  }

  /** An insert of new rows where the table has no key to conflict on: staged keys not there. */
  static String insertAbsent(Table table) {
    return insertStaged(table)
        + " s WHERE NOT EXISTS (SELECT 1 FROM "
        + table.name()
        + " t WHERE "
        + sameKey(table, "s", "t")
        + ")";
  }

  private static String sameKey(Table table, String left, String right) {
    return table.key().stream()
        .map(k -> left + "." + k + " = " + right + "." + k)
        .collect(Collectors.joining(" AND "));
  }

  /** {@code INSERT INTO table (columns) SELECT columns FROM its staging table}. */
  static String insertStaged(Table table) {
    return "INSERT INTO "
        + table.name()
        + " ("
        + table.columnList()
        + ") SELECT "
        + table.columnList()
        + " FROM "
        + table.stagingName();
  }

  /**
   * Runs {@code work} (the migrations and what follows them) as the only writer doing so: a
   * database with several writers (sinks sharing its partitions) makes the others wait.
   */
  default void exclusively(Connection connection, SqlWork work) throws SQLException {
    work.run();
  }

  /**
   * Before a batch computes the tables derived from every match (teams, venues) again: a database
   * with several writers makes the others wait until this batch's transaction ends, so that each
   * computes them from the matches the one before committed. Nothing where there is one writer.
   */
  default void deriveAlone(Statement statement) throws SQLException {}

  /** Work on a connection. */
  @FunctionalInterface
  interface SqlWork {
    void run() throws SQLException;
  }

  /** Work after the migrations: roles, grants. */
  default void afterMigrations(Connection connection, WarehouseSettings settings)
      throws SQLException {}

  /**
   * A batch the writer committed, and how to write a batch by the same statements into the database
   * the writer's connection uses (DuckDB's snapshot files are brought up to date so).
   *
   * @param writeNanos what writing it took (its statements, not the commit)
   */
  record Committed(Batch batch, long writeNanos, BatchWrite write) {}

  /** Writes a batch into the database the connection uses, without committing. */
  @FunctionalInterface
  interface BatchWrite {
    void write(Batch batch) throws SQLException;
  }

  /** Called after each batch's commit; DuckDB publishes its read-only snapshot from here. */
  default void afterCommit(Connection connection, WarehouseSettings settings, Committed batch)
      throws SQLException {}

  /**
   * Called after writes that were not batches (rebuild, restore), committed: publishes what readers
   * see now.
   */
  default void publishNow(Connection connection, WarehouseSettings settings) throws SQLException {}

  /** Called before the writer's connection closes: readers of a stopped writer see its end. */
  default void closing(Connection connection, WarehouseSettings settings) throws SQLException {}

  /** Called while the sink is idle: publishes a snapshot owed since the last commit. */
  default void publishIfDue(Connection connection, WarehouseSettings settings)
      throws SQLException {}

  /** The dialect of a JDBC URL. */
  static DatabaseDialect forUrl(String url) {
    if (url.startsWith(WarehouseSettings.DuckDbUrls.LAKE_PREFIX)) {
      return new DuckLakeDialect();
    }
    if (url.startsWith(WarehouseSettings.DuckDbUrls.PREFIX)) {
      return new DuckDbDialect();
    }
    if (url.startsWith("jdbc:postgresql:")) {
      return new PostgresDialect();
    }
    throw new IllegalArgumentException(
        "unsupported warehouse URL "
            + url
            + " (expected jdbc:duckdb:FILE, jdbc:duckdb:ducklake:FOLDER or jdbc:postgresql:...)");
  }
}
