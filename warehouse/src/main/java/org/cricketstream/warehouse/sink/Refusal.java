package org.cricketstream.warehouse.sink;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a failed write is the database refusing the data (so the record that caused it is to be
 * kept in {@code rejected_records} and the sink goes on), or the database being unavailable or in
 * trouble (so the sink stops, and a restart reads the same records again). When in doubt it is not
 * a refusal: setting a record aside because the database was down would be a silent loss.
 */
final class Refusal {
  private Refusal() {}

  /**
   * SQLSTATE classes that say nothing about the data: connection (08), transaction rollback such as
   * serialization failures (40), a missing table or privilege (42), insufficient resources (53),
   * program limits (54), object state (55), operator intervention (57), system errors (58),
   * configuration (F0), internal (XX).
   */
  private static final Set<String> NOT_THE_DATA =
      Set.of("08", "40", "42", "53", "54", "55", "57", "58", "F0", "XX");

  /** DuckDB reports no SQLSTATE; its error types are named at the start of the message. */
  private static final Set<String> DUCKDB_NOT_THE_DATA =
      Set.of(
          "io error",
          "out of memory",
          "fatal",
          "connection",
          "interrupt",
          "transaction",
          "catalog error",
          "binder error",
          "parser error",
          "permission error");

  static boolean isRefusal(Exception e, Connection connection) {
    SQLException sql = sqlException(e);
    if (sql == null) {
      return false;
    }
    String state = sql.getSQLState();
    if (state != null && state.length() >= 2 && NOT_THE_DATA.contains(state.substring(0, 2))) {
      return false;
    }
    String message = String.valueOf(sql.getMessage()).toLowerCase(Locale.ROOT);
    for (String kind : DUCKDB_NOT_THE_DATA) {
      if (message.startsWith(kind) || message.contains(": " + kind)) {
        return false;
      }
    }
    try {
      return connection.isValid(5);
    } catch (SQLException invalid) {
      return false;
    }
  }

  private static SQLException sqlException(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        return sql;
      }
    }
    return null;
  }
}
