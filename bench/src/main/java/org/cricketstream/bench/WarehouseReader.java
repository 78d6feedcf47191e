package org.cricketstream.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.cricketstream.warehouse.ReadOnlyQuery;
import org.cricketstream.warehouse.WarehouseSettings;
import org.cricketstream.warehouse.dialect.DatabaseDialect;

/**
 * How the benchmark reads the warehouse, as a BI tool does ({@link ReadOnlyQuery.Poller}): where
 * the warehouse is read live (the DuckDB database the sink serves, DuckLake, PostgreSQL) one
 * connection is kept, as a pool keeps it, and each query sees what was committed before it ran; the
 * DuckDB snapshot is replaced under its readers, so each query there opens it again, and what it
 * finds was published before it was opened. What a new connection costs is measured apart ({@link
 * #connectionMillis}): it would otherwise slow the polling and be counted as staleness.
 */
final class WarehouseReader implements AutoCloseable {
  private final WarehouseSettings settings;
  private final DatabaseDialect dialect;
  private final boolean live;
  private final ReadOnlyQuery.Poller poller;

  WarehouseReader(WarehouseSettings settings) {
    this.settings = settings;
    this.dialect = DatabaseDialect.forUrl(settings.url());
    this.live = ReadOnlyQuery.live(settings);
    this.poller = new ReadOnlyQuery.Poller(settings);
  }

  /**
   * What the query found; {@code seenAt} gets the {@link System#nanoTime()} its view of the
   * warehouse was fixed at: when the query ran on a live warehouse, when the snapshot was opened.
   */
  List<List<Object>> query(String sql, long[] seenAt) throws SQLException {
    long opening = System.nanoTime();
    return poller.apply(
        c -> {
          seenAt[0] = live ? System.nanoTime() : opening;
          try (Statement s = c.createStatement();
              ResultSet rs = s.executeQuery(sql)) {
            return ReadOnlyQuery.read(rs).rows();
          }
        });
  }

  /** What opening {@code n} new reader connections took, one after another, in milliseconds. */
  List<Double> connectionMillis(int n) throws SQLException {
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long began = System.nanoTime();
      Connection c = dialect.openReader(settings);
      millis.add((System.nanoTime() - began) / 1e6);
      c.close();
    }
    return millis;
  }

  @Override
  public void close() throws SQLException {
    poller.close();
  }
}
