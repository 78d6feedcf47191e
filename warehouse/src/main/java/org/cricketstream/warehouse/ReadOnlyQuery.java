package org.cricketstream.warehouse;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.cricketstream.warehouse.dialect.DatabaseDialect;

/**
 * Read-only SQL against the warehouse, as BI tools read it: DuckDB's published snapshot (opened
 * read-only) or PostgreSQL through the read-only role, in a read-only transaction.
 */
public final class ReadOnlyQuery {
  /** Column names and rows; values are Java numbers, booleans and text. */
  public record Result(List<String> columns, List<List<Object>> rows) {}

  private ReadOnlyQuery() {}

  /** Runs one query on a reader connection of its own. */
  public static Result run(WarehouseSettings settings, String sql) throws SQLException {
    try (Connection c = DatabaseDialect.forUrl(settings.url()).openReader(settings)) {
      return run(c, sql);
    }
  }

  private static Result run(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      boolean hasRows = s.execute(sql);
      if (!hasRows) {
        return new Result(List.of(), List.of());
      }
      try (ResultSet rs = s.getResultSet()) {
        return read(rs);
      }
    } finally {
      if (!c.getAutoCommit()) {
        c.rollback(); // the next query, a new read-only transaction, sees newer commits
      }
    }
  }

  /**
   * Whether a kept reader connection sees every commit (DuckLake, PostgreSQL, a DuckDB database the
   * sink serves), rather than the snapshot it opened (a DuckDB snapshot is replaced under its
   * readers).
   */
  public static boolean live(WarehouseSettings settings) {
    return !settings.duckDb() || settings.served().isPresent();
  }

  /**
   * Queries again and again, as a dashboard polls: on one kept connection where the warehouse is
   * read {@link #live}, else on a new connection each (a DuckDB reader's opening loads and checks
   * its extensions, some 55 MB hashed each time). A query that fails drops the kept connection; the
   * next opens another. Not for several threads at once.
   */
  public static final class Poller implements AutoCloseable {
    private final WarehouseSettings settings;
    private final DatabaseDialect dialect;
    private Connection kept;

    public Poller(WarehouseSettings settings) {
      this.settings = settings;
      this.dialect = DatabaseDialect.forUrl(settings.url());
    }

    public Result run(String sql) throws SQLException {
      return apply(c -> ReadOnlyQuery.run(c, sql));
    }

    /**
     * Reads on the kept connection (or a new one) as {@link #run} does: its transaction ended
     * after, so the next reading sees newer commits.
     */
    public <T> T apply(Reading<T> reading) throws SQLException {
      Connection c = kept != null ? kept : dialect.openReader(settings);
      kept = null;
      boolean keep = live(settings);
      try {
        T result = reading.read(c);
        if (!c.getAutoCommit()) {
          c.rollback();
        }
        return result;
      } catch (SQLException | RuntimeException e) {
        keep = false;
        throw e;
      } finally {
        if (keep) {
          kept = c;
        } else {
          c.close();
        }
      }
    }

    /** What {@link #apply} does with a reader connection. */
    @FunctionalInterface
    public interface Reading<T> {
      T read(Connection c) throws SQLException;
    }

    @Override
    public void close() throws SQLException {
      if (kept != null) {
        kept.close();
        kept = null;
      }
    }
  }

  /** The columns and rows of a result set, as {@link #run} gives them. */
  public static Result read(ResultSet rs) throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    List<String> columns = new ArrayList<>();
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      columns.add(meta.getColumnLabel(i));
    }
    List<List<Object>> rows = new ArrayList<>();
    while (rs.next()) {
      List<Object> row = new ArrayList<>(columns.size());
      for (int i = 1; i <= columns.size(); i++) {
        row.add(plain(rs.getObject(i)));
      }
      rows.add(row);
    }
    return new Result(columns, rows);
  }

  /** Numbers, booleans and text as they are; anything else as text (bytes in base64). */
  private static Object plain(Object value) {
    if (value == null
        || value instanceof String
        || value instanceof Boolean
        || value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Double
        || value instanceof Float
        || value instanceof BigDecimal
        || value instanceof BigInteger) {
      return value;
    }
    if (value instanceof byte[] bytes) {
      return Base64.getEncoder().encodeToString(bytes);
    }
    if (value instanceof java.sql.Blob blob) {
      try {
        return Base64.getEncoder().encodeToString(blob.getBytes(1, (int) blob.length()));
      } catch (SQLException e) {
        return String.valueOf(value);
      }
    }
    return String.valueOf(value);
  }
}
