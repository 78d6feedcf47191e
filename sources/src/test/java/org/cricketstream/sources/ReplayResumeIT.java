package org.cricketstream.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.cricketstream.cricsheet.generate.GeneratedSample;
import org.cricketstream.cricsheet.model.MatchFormat;
import org.cricketstream.sources.replay.PostgresOdiSink;
import org.cricketstream.sources.replay.Replay;
import org.cricketstream.sources.replay.SourceSink;
import org.cricketstream.stack.LocalPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ODI matches committed by several sessions at once, the replay stopped mid-way and started again:
 * every ball row of the files is in PostgreSQL (repeats allowed, as after a real crash), nothing
 * invented, and the saved position ends at every record.
 */
class ReplayResumeIT {
  private static final int SESSIONS = 4;

  @TempDir Path dir;

  /** The superuser's password of the server the test started. */
  private static String password;

  @Test
  void aStoppedReplayResumesWithEveryBallCommittedAndNoneInvented() throws Exception {
    GeneratedSample.write(dir.resolve("data"), 7, new GeneratedSample.Counts(0, 8, 0), m -> {});
    Path odis = GeneratedSample.folder(dir.resolve("data"), MatchFormat.ODI);
    Set<String> expected = new HashSet<>();
    long rows = 0;
    long matches = 0;
    try (Stream<Path> files = Files.list(odis)) {
      for (Path file : files.filter(f -> !f.toString().endsWith("_info.csv")).toList()) {
        // the oracle: the files' own lines, one ball each after the header
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        lines.subList(1, lines.size()).forEach(expected::add);
        rows += lines.size() - 1;
        matches++;
      }
    }
    assertThat(matches).isEqualTo(8);

    try (LocalPostgres postgres = LocalPostgres.start(dir.resolve("pg"))) {
      password = postgres.password();
      postgres.createDatabase("odi");
      String url = postgres.jdbcUrl("odi");
      try (Connection c = DriverManager.getConnection(url, LocalPostgres.USER, password)) {
        PostgresOdiSink.createSchema(c);
      }
      Path position = dir.resolve("position.json");

      Replay first = replay(url, odis, position);
      Thread running = new Thread(() -> runQuietly(first));
      running.start();
      long third = rows / 3;
      Awaitility.await("a third of the balls committed")
          .atMost(Duration.ofMinutes(3))
          .until(() -> committedRows(url) >= third);
      first.stop();
      running.join();
      assertThat(committedRows(url)).isLessThan(rows);

      Replay.Summary second = replay(url, odis, position).run();
      assertThat(second.errors()).isEmpty();

      assertThat(distinctRows(url)).isEqualTo(expected);
      assertThat(committedRows(url)).isGreaterThanOrEqualTo(rows);
      // the position counts every record: a match's info row and its balls
      assertThat(Files.readString(position)).contains("\"odi\":" + (rows + matches));
    }
  }

  private static Replay replay(String url, Path odis, Path position) {
    SourceSink sink = new PostgresOdiSink(url, LocalPostgres.USER, password);
    return new Replay(
        List.of(odis),
        new Replay.Options(Duration.ofMillis(1), 0, 1, position, SESSIONS),
        Map.of(Replay.Source.ODI, sink),
        new PrintWriter(System.err, true, StandardCharsets.UTF_8));
  }

  private static void runQuietly(Replay replay) {
    try {
      replay.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static long committedRows(String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, LocalPostgres.USER, password);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM odi_deliveries")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Every ball row as its CSV line, written back from the table's columns. */
  private static Set<String> distinctRows(String url) throws SQLException, IOException {
    List<String> columns = org.cricketstream.cricsheet.read.CsvMatchReader.BALL_COLUMNS;
    Set<String> rows = new HashSet<>();
    try (Connection c = DriverManager.getConnection(url, LocalPostgres.USER, password);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT " + String.join(", ", columns) + " FROM odi_deliveries")) {
      while (rs.next()) {
        List<String> fields = new ArrayList<>();
        for (int i = 1; i <= columns.size(); i++) {
          String value = rs.getString(i);
          fields.add(value == null ? "" : csv(value));
        }
        rows.add(String.join(",", fields));
      }
    }
    return rows;
  }

  private static String csv(String value) {
    return value.contains(",") || value.contains("\"")
        ? "\"" + value.replace("\"", "\"\"") + "\""
        : value;
  }
}
