package org.cricketstream.warehouse.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdleCheckpointTest {
  private static final long SECOND = 1_000_000_000L;

  /**
   * A sink idle for a second checkpoints a write-ahead log past 4 MiB (it is empty after), and
   * leaves it while commits keep coming or while it is small; the rows stay as committed.
   */
  @Test
  void anIdleSinkCheckpointsALargeWriteAheadLogAndNothingElse(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("w.duckdb");
    Path wal = dir.resolve("w.duckdb.wal");
    Properties props = new Properties();
    props.setProperty("checkpoint_threshold", "1GiB");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file, props);
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      DuckDbDialect dialect = new DuckDbDialect();
      s.execute("CREATE TABLE t (n INTEGER, text VARCHAR)");
      s.execute("INSERT INTO t SELECT 1, 'small'");
      c.commit();
      long now = System.nanoTime();
      // small: left to DuckDB
      assertThat(dialect.checkpointIfIdle(c, wal, now + 2 * SECOND)).isFalse();
      assertThat(Files.size(wal)).isPositive();

      s.execute("INSERT INTO t SELECT range, repeat('x', 100) || range FROM range(100000)");
      c.commit();
      assertThat(Files.size(wal)).isGreaterThan(DuckDbDialect.IDLE_CHECKPOINT_WAL_BYTES);
      // commits keep coming: no checkpoint
      assertThat(dialect.checkpointIfIdle(c, wal, System.nanoTime())).isFalse();
      assertThat(Files.size(wal)).isGreaterThan(DuckDbDialect.IDLE_CHECKPOINT_WAL_BYTES);
      // idle a second: checkpointed
      assertThat(dialect.checkpointIfIdle(c, wal, System.nanoTime() + 2 * SECOND)).isTrue();
      assertThat(Files.exists(wal) ? Files.size(wal) : 0).isZero();
      try (var rs = s.executeQuery("SELECT count(*) FROM t")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(100_001);
      }
      assertThat(c.getAutoCommit()).isFalse();
    }
  }
}
