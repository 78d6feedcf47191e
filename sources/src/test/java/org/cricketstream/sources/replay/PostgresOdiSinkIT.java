package org.cricketstream.sources.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.cricketstream.cricsheet.read.CsvMatchReader;
import org.cricketstream.stack.LocalPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replay session commits each ball without asking the server first whether its connection is
 * alive: a connection the server ended fails the next insert with an error the replay retries (the
 * database unreachable), and the insert after it goes through on a new connection.
 */
class PostgresOdiSinkIT {
  private static final String DATABASE = "cricket";

  @Test
  void aConnectionTheServerEndedFailsOneInsertAndTheNextReconnects(@TempDir Path dir)
      throws Exception {
    try (LocalPostgres postgres = LocalPostgres.start(dir.resolve("postgres"))) {
      postgres.createDatabase(DATABASE);
      String url = postgres.jdbcUrl(DATABASE);
      PostgresOdiSink sink = new PostgresOdiSink(url, LocalPostgres.USER, postgres.password());
      try (Connection admin =
          DriverManager.getConnection(url, LocalPostgres.USER, postgres.password())) {
        sink.send(new ReplayRecord.OdiMatch("test", "1", "version,2.0.0\n"));
        sink.send(ball(1));

        terminateOtherSessions(admin);
        Throwable failed = catchThrowable(() -> sink.send(ball(2)));
        sink.send(ball(2));
        sink.send(ball(3));

        assertThat(failed).isInstanceOf(SQLException.class);
        assertThat(StoreErrors.unreachable(failed))
            .as("retried by the replay: %s", failed)
            .isTrue();
        assertThat(balls(admin)).containsExactly(1, 2, 3);
      } finally {
        sink.close();
      }
    }
  }

  private static ReplayRecord.OdiBall ball(int number) {
    List<String> fields =
        new ArrayList<>(Collections.nCopies(CsvMatchReader.BALL_COLUMNS.size(), ""));
    fields.set(CsvMatchReader.BALL_COLUMNS.indexOf("match_id"), "1");
    fields.set(CsvMatchReader.BALL_COLUMNS.indexOf("innings"), "1");
    fields.set(CsvMatchReader.BALL_COLUMNS.indexOf("ball"), "0." + number);
    fields.set(CsvMatchReader.BALL_COLUMNS.indexOf("runs_off_bat"), Integer.toString(number));
    return new ReplayRecord.OdiBall("test line " + number, fields);
  }

  private static void terminateOtherSessions(Connection admin) throws SQLException {
    try (Statement s = admin.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
      rs.next();
      assertThat(rs.getInt(1)).as("the sink's session").isEqualTo(1);
    }
  }

  private static List<Integer> balls(Connection admin) throws SQLException {
    List<Integer> runs = new ArrayList<>();
    try (Statement s = admin.createStatement();
        ResultSet rs = s.executeQuery("SELECT runs_off_bat FROM odi_deliveries ORDER BY id")) {
      while (rs.next()) {
        runs.add(rs.getInt(1));
      }
    }
    return runs;
  }
}
