package org.cricketstream.warehouse.dialect;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.cricketstream.warehouse.WarehouseSettings;
import org.cricketstream.warehouse.schema.Column;
import org.cricketstream.warehouse.schema.Table;
import org.cricketstream.warehouse.schema.Tables;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * PostgreSQL, at any URL. Batches are streamed with COPY (CSV) into temporary staging tables inside
 * the open transaction, then merged. Readers connect directly, as a role that may only read.
 */
public final class PostgresDialect implements DatabaseDialect {
  private static final int COPY_CHUNK = 1 << 20;
  private static final HexFormat HEX = HexFormat.of();

  /**
   * {@code TRUNCATE}, not {@code DELETE}: autovacuum never visits temporary tables, so every batch
   * a {@code DELETE} emptied stays in them as dead rows that each later statement reads again.
   * After the whole sample, emptying the raw events' staging took 30 ms and each merge reading a
   * staging table 12-30 ms for a batch of one record; a truncated table starts from no pages.
   */
  @Override
  public void emptyStaging(Statement statement, List<Table> tables) throws SQLException {
    statement.execute(
        "TRUNCATE " + tables.stream().map(Table::stagingName).collect(Collectors.joining(", ")));
  }

  /**
   * The tables that grow with every ball, as DuckDB's: their rows are COPYed straight into the
   * table ({@link #upsert}), where they were COPYed into staging and copied again by {@code INSERT
   * ... SELECT ... ON CONFLICT}; their keys are staged only for a batch that writes a key again.
   */
  @Override
  public Set<Table> appendedDirectly() {
    return Tables.GROWING;
  }

  /**
   * A batch of new keys, the usual case, is COPYed straight into the table: its primary key refuses
   * the COPY when a key is there already (a row written again), and then the COPY is undone to a
   * savepoint, the batch's keys are staged ({@link #load} leaves them for this) and the rows go in
   * by the staged keys' delete and a second COPY. Without the keys' COPY into staging, their delete
   * and the children's (which a new parent cannot have), {@code bench warehouse}'s PostgreSQL sink
   * spent about 1.7 s less of the 9 it spent in the database for the whole sample.
   */
  @Override
  public boolean upsert(Connection connection, Table table, List<Object[]> rows)
      throws SQLException {
    if (!appendedDirectly().contains(table)) {
      return DatabaseDialect.super.upsert(connection, table, rows);
    }
    if (appendedIfNew(connection, table, rows)) {
      return false;
    }
    DatabaseDialect.super.load(connection, table, rows);
    return DatabaseDialect.super.upsert(connection, table, rows);
  }

  /** As {@link #upsert}: straight in where no key is there yet, else only the new keys' rows. */
  @Override
  public void insertNew(Connection connection, Table table, List<Object[]> rows)
      throws SQLException {
    if (!appendedDirectly().contains(table)) {
      DatabaseDialect.super.insertNew(connection, table, rows);
    } else if (!appendedIfNew(connection, table, rows)) {
      DatabaseDialect.super.load(connection, table, rows);
      DatabaseDialect.super.insertNew(connection, table, rows);
    }
  }

  /** Stages a batch's rows, but a growing table's keys only when {@link #upsert} needs them. */
  @Override
  public void load(Connection connection, Table table, List<Object[]> rows) throws SQLException {
    if (!appendedDirectly().contains(table)) {
      DatabaseDialect.super.load(connection, table, rows);
    }
  }

  /** PostgreSQL's SQLSTATE for a duplicate key. */
  static final String UNIQUE_VIOLATION = "23505";

  /**
   * COPYs the rows into the table if none of their keys is there; false, with nothing written, if
   * one is.
   */
  private boolean appendedIfNew(Connection connection, Table table, List<Object[]> rows)
      throws SQLException {
    Savepoint before = connection.setSavepoint();
    try {
      append(connection, table.name(), false, table, rows);
    } catch (SQLException e) {
      if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw e;
      }
      connection.rollback(before);
      return false;
    }
    connection.releaseSavepoint(before);
    return true;
  }

  @Override
  public String name() {
    return "postgres";
  }

  @Override
  public Connection openWriter(WarehouseSettings settings) throws SQLException {
    Connection c =
        DriverManager.getConnection(settings.url(), settings.user(), settings.password());
    c.setAutoCommit(false);
    return c;
  }

  @Override
  public Connection openSecond(Connection writer, WarehouseSettings settings) throws SQLException {
    return openWriter(settings);
  }

  @Override
  public Connection openReader(WarehouseSettings settings) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", settings.readerUser());
    props.setProperty("password", settings.readerPassword());
    props.setProperty("readOnly", "true");
    Connection c = DriverManager.getConnection(settings.url(), props);
    // pgjdbc makes transactions read-only only outside auto-commit
    c.setAutoCommit(false);
    c.setReadOnly(true);
    return c;
  }

  @Override
  public void append(
      Connection connection, String tableName, boolean temporary, Table layout, List<Object[]> rows)
      throws SQLException {
    load(connection, tableName, layout, rows);
  }

  /**
   * COPYs rows into any table laid out as {@code layout} (the benchmark's baseline uses it too).
   */
  public static void load(
      Connection connection, String tableName, Table layout, List<Object[]> rows)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
    CopyIn in =
        copy.copyIn(
            "COPY " + tableName + " (" + layout.columnList() + ") FROM STDIN WITH (FORMAT csv)");
    try {
      List<Column> columns = layout.columns();
      StringBuilder text = new StringBuilder(COPY_CHUNK + 4096);
      for (Object[] row : rows) {
        for (int i = 0; i < columns.size(); i++) {
          if (i > 0) {
            text.append(',');
          }
          csv(text, columns.get(i).type(), row[i]);
        }
        text.append('\n');
        if (text.length() >= COPY_CHUNK) {
          write(in, text);
        }
      }
      write(in, text);
      in.endCopy();
    } finally {
      if (in.isActive()) {
        in.cancelCopy();
      }
    }
  }

  private static void write(CopyIn in, StringBuilder text) throws SQLException {
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    in.writeToCopy(bytes, 0, bytes.length);
    text.setLength(0);
  }

  /** CSV as COPY reads it: an unquoted empty field is NULL, a quoted one the empty string. */
  private static void csv(StringBuilder text, Column.Type type, Object value) {
    if (value == null) {
      return;
    }
    switch (type) {
      case TEXT -> {
        String s = (String) value;
        text.append('"');
        for (int i = 0; i < s.length(); i++) {
          char ch = s.charAt(i);
          if (ch == '"') {
            text.append('"');
          }
          text.append(ch);
        }
        text.append('"');
      }
      case BOOL -> text.append(((Boolean) value) ? 't' : 'f');
      case BYTES -> text.append("\\x").append(HEX.formatHex((byte[]) value));
      case INT, LONG, DATE -> text.append(value);
    }
  }

  /**
   * The read-only role, read-only by its grants: it may connect and read every table and view the
   * warehouse has and will have, and nothing else (no INSERT, no CREATE in schema {@code public},
   * no temporary tables). PUBLIC keeps neither CREATE in {@code public} nor TEMPORARY (PostgreSQL
   * 14 grants both to everyone). Creating the role or setting its password needs CREATEROLE; where
   * the sink's user lacks it, a DBA creates the role and the grants follow here.
   */
  /** The advisory lock sinks take while they migrate the schema: "cricket" in ASCII. */
  private static final long SCHEMA_LOCK = 0x637269636b6574L;

  /**
   * The advisory lock a batch holds from computing teams and venues again to the end of its
   * transaction: "derived" in ASCII.
   */
  private static final long DERIVED_LOCK = 0x64657269766564L;

  /**
   * Two sinks sharing the warehouse each deleted and inserted the teams their matches touch: the
   * second insert of a team both touched (a team plays in every partition) failed on its key, and
   * that sink committed its 21,717 records one at a time (ClusterIT, which then took more than 15
   * minutes). Held to the end of the transaction, the lock makes the next sink's statements see
   * this one's rows.
   */
  @Override
  public void deriveAlone(Statement statement) throws SQLException {
    statement.execute("SELECT pg_advisory_xact_lock(" + DERIVED_LOCK + ")");
  }

  /**
   * Holds a session-level advisory lock around {@code work}, so two sinks starting together do not
   * both create the same tables and roles.
   */
  @Override
  public void exclusively(Connection connection, SqlWork work) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("SELECT pg_advisory_lock(" + SCHEMA_LOCK + ")");
    }
    boolean done = false;
    try {
      work.run();
      connection.commit();
      done = true;
    } finally {
      if (!done) {
        connection.rollback();
      }
      try (Statement s = connection.createStatement()) {
        s.execute("SELECT pg_advisory_unlock(" + SCHEMA_LOCK + ")");
      }
      connection.commit();
    }
  }

  @Override
  public void afterMigrations(Connection connection, WarehouseSettings settings)
      throws SQLException {
    String reader = settings.readerUser();
    String role = quoteIdentifier(reader);
    boolean exists = ask(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", reader);
    boolean managesRoles =
        ask(
            connection,
            "SELECT 1 FROM pg_roles WHERE rolname = ? AND (rolsuper OR rolcreaterole)",
            settings.user());
    try (Statement s = connection.createStatement()) {
      if (!exists && !managesRoles) {
        throw new SQLException(
            "the read-only role "
                + reader
                + " does not exist and "
                + settings.user()
                + " may not create roles: a DBA runs CREATE ROLE "
                + role
                + " LOGIN PASSWORD '...'");
      }
      if (managesRoles) {
        s.execute((exists ? "ALTER ROLE " : "CREATE ROLE ") + role + " LOGIN");
        if (!settings.readerPassword().isEmpty()) {
          s.execute(
              "ALTER ROLE "
                  + role
                  + " PASSWORD '"
                  + settings.readerPassword().replace("'", "''")
                  + "'");
        }
      }
      String database = quoteIdentifier(connection.getCatalog());
      s.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
      s.execute("REVOKE TEMPORARY ON DATABASE " + database + " FROM PUBLIC");
      s.execute("GRANT CONNECT ON DATABASE " + database + " TO " + role);
      s.execute("GRANT USAGE ON SCHEMA public TO " + role);
      s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + role);
      s.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO " + role);
    }
    // a REVOKE its user may not make only warns: say what is still open, and stop
    if (ask(
        connection,
        "SELECT 1 WHERE has_schema_privilege(?, 'public', 'CREATE')"
            + " OR has_database_privilege(?, current_database(), 'TEMPORARY')",
        reader,
        reader)) {
      throw new SQLException(
          "the read-only role "
              + reader
              + " may still create tables in schema public or temporary tables (granted to"
              + " PUBLIC): the schema's and the database's owner runs REVOKE CREATE ON SCHEMA"
              + " public FROM PUBLIC; REVOKE TEMPORARY ON DATABASE "
              + connection.getCatalog()
              + " FROM PUBLIC");
    }
    connection.commit();
  }

  private static boolean ask(Connection connection, String query, String... values)
      throws SQLException {
    try (PreparedStatement q = connection.prepareStatement(query)) {
      for (int i = 0; i < values.length; i++) {
        q.setString(i + 1, values[i]);
      }
      try (ResultSet rs = q.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static String quoteIdentifier(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  @Override
  public String jsonText(String bytes, String path) {
    // $.a.b -> {a,b}
    return "(convert_from("
        + bytes
        + ", 'UTF8')::jsonb #>> '{"
        + path.substring(2).replace('.', ',')
        + "}')";
  }
}
