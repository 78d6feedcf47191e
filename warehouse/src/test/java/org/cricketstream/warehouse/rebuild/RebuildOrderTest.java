package org.cricketstream.warehouse.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The order a rebuild replays the landing layer in: each partition in offset order, partitions
 * interleaved by when their records arrived (a partition's latest timestamp so far), ties by topic,
 * partition and offset; the same whether DuckDB sorts it whole or it is read in chunks by row
 * address, whatever order the rows were inserted in.
 */
class RebuildOrderTest {
  /** topic, partition, offset, timestamp, payload: inserted out of order. */
  private static final Object[][] RAW = {
    {"t2", 0, 1L, 12L, "e"},
    {"t1", 0, 2L, 20L, "ffffffff"},
    {"t1", 1, 1L, 30L, "g"},
    {"t1", 0, 0L, 10L, "bbbbbbb"},
    {"t1", 1, 0L, 7L, "a"},
    {"t2", 0, 0L, 10L, "dddd"},
    {"t1", 0, 1L, 5L, "cc"},
  };

  /**
   * Worked by hand: arrived is t1/0: 10, 10 (its timestamp 5 comes after 10), 20; t1/1: 7, 30;
   * t2/0: 10, 12.
   */
  private static final List<String> EXPECTED =
      List.of("t1/1/0", "t1/0/0", "t1/0/1", "t2/0/0", "t2/0/1", "t1/0/2", "t1/1/1");

  @Test
  void chunkedByRowAddressOrSortedWholeTheOrderIsTheProcessors() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
      try (Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE raw_events (topic VARCHAR, partition_id INTEGER, record_offset BIGINT,"
                + " record_timestamp BIGINT, record_key BLOB, headers VARCHAR, payload BLOB)");
      }
      try (PreparedStatement insert =
          c.prepareStatement("INSERT INTO raw_events VALUES (?, ?, ?, ?, NULL, '[]', ?)")) {
        for (Object[] r : RAW) {
          insert.setString(1, (String) r[0]);
          insert.setInt(2, (Integer) r[1]);
          insert.setLong(3, (Long) r[2]);
          insert.setLong(4, (Long) r[3]);
          insert.setBytes(5, ((String) r[4]).getBytes(StandardCharsets.UTF_8));
          insert.executeUpdate();
        }
      }
      assertThat(order(c, null, 5_000, 1 << 20)).isEqualTo(EXPECTED);
      assertThat(order(c, "rowid", 5_000, 1 << 20)).isEqualTo(EXPECTED);
      // chunks of two rows, of eight bytes: each row its own chunk or sharing one
      assertThat(order(c, "rowid", 2, 1 << 20)).isEqualTo(EXPECTED);
      assertThat(order(c, "rowid", 5_000, 8)).isEqualTo(EXPECTED);
      assertThat(order(c, "rowid", 1, 1)).isEqualTo(EXPECTED);
      // the order table is gone: a second rebuild in the same session makes it again
      assertThat(order(c, "rowid", 3, 5)).isEqualTo(EXPECTED);
    }
  }

  private static List<String> order(Connection c, String rowAddress, int rows, long bytes)
      throws Exception {
    List<String> seen = new ArrayList<>();
    Rebuild.inArrivalOrder(
        c,
        rowAddress,
        rows,
        bytes,
        rs -> {
          seen.add(rs.getString(1) + "/" + rs.getInt(2) + "/" + rs.getLong(3));
          // every column comes along, the payload included
          assertThat(rs.getBytes(7)).isNotEmpty();
        });
    return seen;
  }
}
