package org.cricketstream.sources.replay;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import java.util.Set;
import org.cricketstream.cricsheet.read.CsvMatchReader;

/**
 * Commits ODI data to PostgreSQL as the ODI application does: a match's info as one row, then each
 * ball row as its own INSERT in its own transaction, in order. Creates its tables on first use.
 */
public final class PostgresOdiSink implements SourceSink {
  private static final Set<String> INT_COLUMNS =
      Set.of("innings", "runs_off_bat", "extras", "wides", "noballs", "byes", "legbyes", "penalty");

  private final String url;
  private final String user;
  private final String password;
  private Connection connection;
  private PreparedStatement insertMatch;
  private PreparedStatement insertBall;

  public PostgresOdiSink(String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  /** A connection of its own, as another user of the ODI application would have. */
  @Override
  public SourceSink newSession() {
    return new PostgresOdiSink(url, user, password);
  }

  /** Creates the ODI tables and the publication Debezium reads. */
  public static void createSchema(Connection connection) throws SQLException {
    try (InputStream in =
            PostgresOdiSink.class.getClassLoader().getResourceAsStream("sql/odi-schema.sql");
        Statement statement = connection.createStatement()) {
      statement.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Opens the session's connection when it has none: at the first record, and after a failure
   * closed it. Not a validity check before every insert: that was one more round trip per ball,
   * half the statements the replay sent. A connection that broke fails its insert instead, which
   * the replay retries while the database is unreachable, on a new connection.
   */
  private void connect() throws SQLException {
    if (connection != null) {
      return;
    }
    Connection opened = DriverManager.getConnection(url, user, password);
    try {
      opened.setAutoCommit(true); // every statement is its own transaction
      createSchema(opened);
      insertMatch =
          opened.prepareStatement("insert into odi_matches (match_id, info_csv) values (?, ?)");
      insertBall =
          opened.prepareStatement(
              "insert into odi_deliveries ("
                  + String.join(", ", CsvMatchReader.BALL_COLUMNS)
                  + ") values ("
                  + "?, ".repeat(CsvMatchReader.BALL_COLUMNS.size() - 1)
                  + "?)");
    } catch (SQLException | RuntimeException e) {
      opened.close();
      throw e;
    }
    connection = opened;
  }

  @Override
  public void send(ReplayRecord record) throws SQLException {
    connect();
    try {
      insert(record);
    } catch (SQLException e) {
      // the connection may be broken (the server restarted, say): the next send opens another
      close();
      throw e;
    }
  }

  private void insert(ReplayRecord record) throws SQLException {
    if (record instanceof ReplayRecord.OdiMatch match) {
      insertMatch.setString(1, match.matchId());
      insertMatch.setString(2, match.infoCsv());
      insertMatch.executeUpdate();
    } else {
      List<String> fields = ((ReplayRecord.OdiBall) record).fields();
      for (int i = 0; i < CsvMatchReader.BALL_COLUMNS.size(); i++) {
        String column = CsvMatchReader.BALL_COLUMNS.get(i);
        String value = fields.get(i);
        if (value.isEmpty()) {
          insertBall.setNull(i + 1, INT_COLUMNS.contains(column) ? Types.INTEGER : Types.VARCHAR);
        } else if (INT_COLUMNS.contains(column)) {
          insertBall.setInt(i + 1, Integer.parseInt(value));
        } else {
          insertBall.setString(i + 1, value);
        }
      }
      insertBall.executeUpdate();
    }
  }

  @Override
  public String name() {
    return "odi→postgresql";
  }

  @Override
  public void close() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // The connection is being replaced or the replay is ending: nothing to keep.
      }
      connection = null;
    }
  }
}
