package org.cricketstream.warehouse.dialect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.cricketstream.warehouse.WarehouseSettings;
import org.cricketstream.warehouse.schema.Column;
import org.cricketstream.warehouse.schema.Table;
import org.cricketstream.warehouse.schema.Tables;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DuckDB: one file, one writing process. Batches go through the Appender into temporary staging
 * tables (inside the open transaction), then one merge per table.
 *
 * <p>Readers cannot open a file a writer holds, so after commits the sink publishes a snapshot:
 * {@link SnapshotFiles} says how (two files that take turns, the one readers do not see brought up
 * to date by writing the batches again or by a copy, then named by the snapshot's link). A reader
 * sees the old snapshot or the new one, never a part; one that has the old open keeps reading it.
 * {@link SnapshotSchedule} says when: at most every {@code snapshotInterval} while data arrives,
 * and so that publishing costs the load at most a fifth of its time.
 */
public final class DuckDbDialect implements DatabaseDialect {
  private static final Logger LOG = LoggerFactory.getLogger(DuckDbDialect.class);

  private SnapshotSchedule schedule;
  private SnapshotFiles files;

  @Override
  public String name() {
    return "duckdb";
  }

  @Override
  public Connection openWriter(WarehouseSettings settings) throws SQLException {
    Path file = WarehouseSettings.DuckDbUrls.file(settings.url());
    try {
      Files.createDirectories(file.getParent());
    } catch (IOException e) {
      throw new SQLException("cannot create " + file.getParent(), e);
    }
    Properties props = limits(settings);
    props.putAll(NEW_FILES);
    props.putAll(WRITER);
    if (settings.served().isPresent()) {
      props.putAll(extensions(settings));
    }
    Connection c = DriverManager.getConnection(WarehouseSettings.DuckDbUrls.PREFIX + file, props);
    if (settings.served().isPresent()) {
      try {
        serve(c, settings.served().get(), settings.snapshot());
      } catch (SQLException e) {
        c.close();
        throw e;
      }
    }
    c.setAutoCommit(false);
    return c;
  }

  /**
   * Serves the sink's database to readers over DuckDB's Quack protocol (the official {@code quack}
   * extension, over {@code httpfs}'s HTTP, both loaded from the installed folder): a reader's query
   * runs in this database, so it sees every transaction committed before it, the moment it is
   * committed, with no snapshot copied. Plain HTTP, so the address is meant for this machine (the
   * extension refuses another host unless told); every request needs the token, and may only read
   * ({@link #READER_ONLY}). Then the database is confined as a reader's is (no file or URL outside
   * it but its own snapshot's folder, configuration locked), since readers' queries run in it. Its
   * threads live as long as the database: the sink stopped, its readers fail until it is back.
   */
  private static void serve(Connection c, WarehouseSettings.Served served, Path snapshot)
      throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("LOAD quack");
      s.execute("LOAD httpfs");
      s.execute(READER_ONLY);
      s.execute("SET quack_authorization_function = 'cricket_reader_only'");
      try (PreparedStatement q =
          c.prepareStatement("SELECT * FROM quack_serve(?, token := ?, disable_ssl := true)")) {
        q.setString(1, served.address());
        q.setString(2, served.token());
        q.executeQuery().close();
      }
      if (snapshot != null) {
        // the sink's own snapshot files, which it attaches to write them again
        s.execute(
            "SET allowed_directories = ["
                + literal(SnapshotFiles.folder(snapshot) + java.io.File.separator)
                + "]");
      }
      confine(s);
    } catch (SQLException e) {
      throw new SQLException(
          "cannot serve the warehouse at " + served.address() + ": " + e.getMessage(), e);
    }
    LOG.info("serving the warehouse live at {} (Quack)", served.address());
  }

  /** How a statement that reads begins (a regular expression's alternatives, in lower case). */
  private static final String READING = "select|with|from|values|table|describe|show|\\(";

  /**
   * What a reader of the served database may run, as Quack's authorization callback (given each
   * request's token and statement): one statement that reads (it begins SELECT, WITH, FROM, VALUES,
   * TABLE, DESCRIBE, SHOW or a parenthesis; no semicolon anywhere), calling none of Quack's own
   * functions (which could stop the server). A write, a SET or ATTACH is refused ("Authorization
   * failed"); files and URLs outside the database are refused by the database's own confinement.
   */
  static final String READER_ONLY =
      "CREATE OR REPLACE MACRO cricket_reader_only(token, query) AS"
          + " regexp_matches(query, '^\\s*("
          + READING
          + ")', 'i')"
          + " AND NOT contains(query, ';') AND NOT regexp_matches(query, 'quack_', 'i')";

  /**
   * Confines an open database as {@link #READER_CONFIG} does a reader's at its opening (the
   * extension settings given as connection properties already): external access off, then the
   * configuration locked.
   */
  private static void confine(Statement s) throws SQLException {
    for (Map.Entry<String, String> e : READER_CONFIG.entrySet()) {
      if (!e.getKey().startsWith("auto")) {
        s.execute("SET " + e.getKey() + " = " + e.getValue());
      }
    }
  }

  /** How DuckDB finds the installed extensions, never downloading one. */
  private static Properties extensions(WarehouseSettings settings) throws SQLException {
    Properties props = new Properties();
    props.setProperty("extension_directory", DuckDbExtensions.directory(settings).toString());
    props.setProperty("autoinstall_known_extensions", "false");
    props.setProperty("autoload_known_extensions", "false");
    return props;
  }

  /**
   * A reader of the served database: an in-memory DuckDB that attaches it ({@code warehouse}, made
   * the default, so tables are named as in the file), then is sandboxed as a snapshot's reader is
   * (external access off, configuration locked), which leaves the attached database readable.
   */
  private static Connection openServedReader(
      WarehouseSettings settings, WarehouseSettings.Served served) throws SQLException {
    Properties props = limits(settings);
    props.putAll(extensions(settings));
    Connection c = DriverManager.getConnection(WarehouseSettings.DuckDbUrls.PREFIX, props);
    try (Statement s = c.createStatement()) {
      s.execute("LOAD quack");
      s.execute("LOAD httpfs");
      s.execute("CREATE SECRET (TYPE quack, TOKEN " + literal(served.token()) + ")");
      s.execute("ATTACH " + literal(served.address()) + " AS warehouse");
      s.execute("USE warehouse");
      confine(s);
      // a wrong token fails here, not at the first query
      s.executeQuery(servedQuery(served.address(), "SELECT 1")).close();
    } catch (SQLException e) {
      c.close();
      throw new SQLException(
          "cannot read the warehouse served at "
              + served.address()
              + " (is the sink running?): "
              + e.getMessage(),
          e);
    }
    return ServedQueries.of(c, served.address());
  }

  /**
   * A query run whole by the served database: Quack's client reads one remote table per query (a
   * join of two fails, "Multiple streaming scans ... not currently supported"), so a reader's query
   * is sent to the server, which plans and runs it as the sink's own would be, and streams back its
   * rows. A trailing semicolon is dropped.
   */
  public static String servedQuery(String address, String sql) {
    String query = sql.strip();
    while (query.endsWith(";")) {
      query = query.substring(0, query.length() - 1).strip();
    }
    return "SELECT * FROM quack_query(" + literal(address) + ", " + literal(query) + ")";
  }

  /** Whether a statement reads (and may be sent whole to the served database). */
  static boolean reads(String sql) {
    return sql.stripLeading().toLowerCase(java.util.Locale.ROOT).matches("(?s)(" + READING + ").*");
  }

  static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  @Override
  public String rowAddress() {
    return "rowid";
  }

  @Override
  public Connection openSecond(Connection writer, WarehouseSettings settings) throws SQLException {
    Connection c = writer.unwrap(DuckDBConnection.class).duplicate();
    c.setAutoCommit(false);
    return c;
  }

  @Override
  public Connection openReader(WarehouseSettings settings) throws SQLException {
    Path snapshot = settings.snapshot();
    if (settings.served().isPresent()) {
      try {
        return openServedReader(settings, settings.served().get());
      } catch (SQLException e) {
        // the sink is down (stopped, or restarting): its last snapshot, published as it stopped
        if (snapshot == null
            || !Files.exists(snapshot)
            || !String.valueOf(e.getMessage()).contains("Could not connect")) {
          throw e;
        }
        LOG.debug("the served warehouse does not answer, reading its snapshot: {}", e.getMessage());
      }
    }
    if (snapshot == null || !Files.exists(snapshot)) {
      throw new SQLException(
          "no snapshot at "
              + snapshot
              + " yet: the sink publishes one after its first commit (./cricket sink)");
    }
    Properties props = limits(settings);
    props.putAll(readerSandbox());
    return DriverManager.getConnection(WarehouseSettings.DuckDbUrls.PREFIX + snapshot, props);
  }

  /**
   * How a new warehouse file is written: in DuckDB 1.5's newest storage format, not the 0.10 one it
   * writes by default for older readers, which stores short BLOBs uncompressed whatever the
   * column's {@code USING COMPRESSION} says (the landing layer took ten times the space).
   */
  static final Map<String, String> NEW_FILES = Map.of("storage_compatibility_version", "latest");

  /**
   * How the sink's connection writes: DuckDB checkpoints when its write-ahead log passes 32 MiB,
   * not 16 MB, its default, which the landing layer's raw payloads passed every few commits (a
   * commit that checkpoints took 132-151 ms instead of 30-35 for 3,500 raw events of about 1 KB),
   * nor 256 MiB, which the served sink (no snapshot checkpointing it every tenth of a second)
   * reached once or twice in a load and then wrote a checkpoint of seconds: in {@code bench
   * warehouse} the whole sample took it 7.9-10.3 s, 6.0 s with 32 MiB (DuckDB 1.5.5). A snapshot
   * copied from the database checkpoints it too.
   */
  static final Map<String, String> WRITER = Map.of("checkpoint_threshold", "32MiB");

  /**
   * The memory and threads DuckDB may take ({@code WAREHOUSE_DUCKDB_MEMORY}, {@code
   * WAREHOUSE_DUCKDB_THREADS}): by default it would take up to 80% of the machine's memory, outside
   * the Java heap and beyond any {@code -Xmx}. Its allocator keeps at most 32 MB of freed memory
   * after a task, not 128, and gives the rest back from a background thread of its own: the sink's
   * peak in {@code bench e2e} went from 676 to 612 MB (PSS) with it.
   */
  static Properties limits(WarehouseSettings settings) {
    Properties props = new Properties();
    props.setProperty("memory_limit", settings.duckDbMemory().strip());
    props.setProperty("threads", Integer.toString(settings.duckDbThreads()));
    props.setProperty("allocator_flush_threshold", "32MB");
    props.setProperty("allocator_background_threads", "true");
    return props;
  }

  @Override
  public void allowMemory(Connection connection, String size) throws SQLException {
    memoryLimit(connection, size);
  }

  /** Sets DuckDB's {@code memory_limit} (a size such as 2GB, checked by its setting). */
  static void memoryLimit(Connection connection, String size) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET memory_limit = '" + size.strip() + "'");
    }
  }

  /**
   * How every reader opens the warehouse: read-only, with no way out of the database file (no
   * {@code read_text}, {@code read_csv}, {@code COPY ... TO}, {@code ATTACH}: external access off),
   * no extension installed or loaded on demand, and the configuration locked so that no statement
   * can undo any of it. Superset opens its connection with the same options ({@link
   * #READER_CONFIG}).
   */
  private static Properties readerSandbox() {
    Properties props = new Properties();
    props.setProperty("duckdb.read_only", "true");
    READER_CONFIG.forEach(props::setProperty);
    return props;
  }

  /** DuckDB's configuration for readers, besides read-only; the lock comes last. */
  public static final Map<String, String> READER_CONFIG = readerConfig();

  private static Map<String, String> readerConfig() {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("enable_external_access", "false");
    config.put("autoinstall_known_extensions", "false");
    config.put("autoload_known_extensions", "false");
    config.put("lock_configuration", "true");
    return Collections.unmodifiableMap(config);
  }

  /**
   * Drops and creates the table again from its own DDL: deleting every row of an indexed table
   * costs DuckDB minutes at commit (each key leaves the index), this costs nothing. Views bind
   * tables by name when queried, so they keep working.
   */
  @Override
  public void emptyTable(Connection connection, String table) throws SQLException {
    String ddl;
    try (PreparedStatement q =
        connection.prepareStatement(
            "SELECT sql FROM duckdb_tables() WHERE table_name = ? AND schema_name = 'main'"
                + " AND database_name = current_database()")) {
      q.setString(1, table);
      try (ResultSet rs = q.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("no table " + table);
        }
        ddl = rs.getString(1);
      }
    }
    try (Statement s = connection.createStatement()) {
      s.execute("DROP TABLE " + table);
      s.execute(ddl);
    }
  }

  /**
   * The tables that grow with every ball, which DuckDB holds without primary keys (migration V12):
   * an index costs each upsert more than the delete and insert that keep the keys unique without it
   * (250-280 ms against 65-80 for 15,000 deliveries into the sample's 690,000), and the landing
   * layer's insert of new records half. The other tables keep their keys and {@code ON CONFLICT}.
   */
  static final Set<Table> KEYLESS = Tables.GROWING;

  /**
   * The {@link #KEYLESS} tables: their rows are appended into them (the whole sample's load in
   * {@code bench warehouse} spent 2.1-2.5 s of 7 copying staged rows into them).
   */
  @Override
  public Set<Table> appendedDirectly() {
    return KEYLESS;
  }

  @Override
  public void append(
      Connection connection, String tableName, boolean temporary, Table layout, List<Object[]> rows)
      throws SQLException {
    appendRows(connection, tableName, temporary, layout, rows);
  }

  private static void appendRows(
      Connection connection, String tableName, boolean temporary, Table layout, List<Object[]> rows)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    DuckDBConnection duck = connection.unwrap(DuckDBConnection.class);
    List<Column> columns = layout.columns();
    try (DuckDBAppender appender =
        temporary
            ? duck.createAppender("temp", "main", tableName)
            : duck.createAppender("main", tableName)) {
      for (Object[] row : rows) {
        appender.beginRow();
        for (int i = 0; i < columns.size(); i++) {
          append(appender, columns.get(i).type(), row[i]);
        }
        appender.endRow();
      }
    }
  }

  /** Appends rows into the connection's temporary staging table of {@code table} (DuckLake's). */
  static void appendStaging(Connection connection, Table table, List<Object[]> rows)
      throws SQLException {
    appendRows(connection, table.stagingName(), true, table, rows);
  }

  /** Appends into an ordinary table, as the benchmark's raw Appender baseline does. */
  public static void appendTo(
      Connection connection, String tableName, Table layout, List<Object[]> rows)
      throws SQLException {
    appendRows(connection, tableName, false, layout, rows);
  }

  private static void append(DuckDBAppender appender, Column.Type type, Object value)
      throws SQLException {
    if (value == null) {
      appender.appendNull();
      return;
    }
    switch (type) {
      case TEXT -> appender.append((String) value);
      case INT -> appender.append(((Integer) value).intValue());
      case LONG -> appender.append(((Long) value).longValue());
      case BOOL -> appender.append(((Boolean) value).booleanValue());
      case DATE -> appender.append((LocalDate) value);
      case BYTES -> appender.append((byte[]) value);
    }
  }

  @Override
  public void afterCommit(Connection connection, WarehouseSettings settings, Committed batch)
      throws SQLException {
    lastCommitAt = System.nanoTime();
    if (settings.snapshot() == null) {
      return;
    }
    files(settings).committed(batch);
    schedule(settings).committed(batch.batch().changesData());
    if (schedule(settings).dueAfterCommit(System.nanoTime())) {
      publish(connection, settings);
    }
  }

  @Override
  public void publishNow(Connection connection, WarehouseSettings settings) throws SQLException {
    if (settings.snapshot() == null) {
      return;
    }
    files(settings).rewritten();
    publish(connection, settings);
  }

  /**
   * A served database's readers read its snapshot while the sink is down (see {@link #openReader}):
   * the sink publishes one as it stops, so that they read where it stopped.
   */
  @Override
  public void closing(Connection connection, WarehouseSettings settings) throws SQLException {
    if (settings.served().isPresent() && settings.snapshot() != null) {
      publish(connection, settings);
    }
  }

  @Override
  public void publishIfDue(Connection connection, WarehouseSettings settings) throws SQLException {
    if (settings.snapshot() != null
        && schedule(settings).dueWhenIdle(System.nanoTime(), lastCommitAt)) {
      publish(connection, settings);
    }
    if (wal == null) {
      wal = SnapshotFiles.wal(WarehouseSettings.DuckDbUrls.file(settings.url()));
    }
    checkpointIfIdle(connection, wal, System.nanoTime());
  }

  /** The write-ahead log's size from which an idle sink checkpoints it. */
  static final long IDLE_CHECKPOINT_WAL_BYTES = 4L << 20;

  private long lastCommitAt = System.nanoTime();

  /** The database's write-ahead log, once known. */
  private Path wal;

  /**
   * Checkpoints the database when the sink has been idle a second with more than 4 MiB in its
   * write-ahead log. DuckDB otherwise checkpoints inside the commit that takes the log past 32 MiB
   * ({@link #WRITER}), and after a burst (the whole sample) the first commit to do so, a ball or
   * two, waited 1-1.5 s for it: {@code bench e2e}'s p99 at 100 rows/s. Idle, no ball waits; while
   * balls keep coming, nothing changes. Returns whether it tried.
   */
  boolean checkpointIfIdle(Connection connection, Path wal, long nowNanos) throws SQLException {
    if (nowNanos - lastCommitAt < SnapshotSchedule.IDLE_NANOS) {
      return false;
    }
    try {
      if (!Files.exists(wal) || Files.size(wal) < IDLE_CHECKPOINT_WAL_BYTES) {
        return false;
      }
    } catch (IOException e) {
      return false; // checkpointed meanwhile
    }
    long start = System.nanoTime();
    connection.setAutoCommit(true);
    try (Statement s = connection.createStatement()) {
      s.execute("CHECKPOINT");
      LOG.debug("checkpointed while idle in {} ms", (System.nanoTime() - start) / 1_000_000);
    } catch (SQLException e) {
      if (!String.valueOf(e.getMessage()).contains(CHECKPOINT_BUSY)) {
        throw e;
      }
      LOG.debug("idle checkpoint postponed: {}", e.getMessage());
    } finally {
      connection.setAutoCommit(false);
      lastCommitAt = System.nanoTime(); // at most one attempt per idle second
    }
    return true;
  }

  /** DuckDB's refusal to checkpoint while another connection's transaction holds it back. */
  static final String CHECKPOINT_BUSY = "Cannot CHECKPOINT";

  private SnapshotSchedule schedule(WarehouseSettings settings) {
    if (schedule == null) {
      schedule =
          new SnapshotSchedule(
              settings.snapshotInterval().toNanos(), settings.served().isPresent());
    }
    return schedule;
  }

  private SnapshotFiles files(WarehouseSettings settings) {
    if (files == null) {
      files = new SnapshotFiles(settings.snapshot());
    }
    return files;
  }

  private void publish(Connection connection, WarehouseSettings settings) throws SQLException {
    long start = System.nanoTime();
    SnapshotFiles.Published published;
    try {
      published =
          files(settings).publish(connection, WarehouseSettings.DuckDbUrls.file(settings.url()));
    } catch (SQLException e) {
      if (!String.valueOf(e.getMessage()).contains(CHECKPOINT_BUSY)) {
        throw e;
      }
      // another connection of this database (a served reader's query) is in a transaction that
      // DuckDB's checkpoint must wait for: the batches stay owed, published at the next interval
      // (even if no commit follows: the sink caught up must not leave readers behind)
      long end = System.nanoTime();
      schedule(settings).postponed(end, end - start);
      LOG.warn(
          "snapshot {} not published now, trying again in {}: {}",
          settings.snapshot(),
          settings.snapshotInterval(),
          e.getMessage());
      return;
    }
    long end = System.nanoTime();
    schedule(settings).published(end, end - start);
    LOG.debug(
        "snapshot {} published in {} ms, {} batches of {} records (written in {} ms) {}",
        settings.snapshot(),
        (end - start) / 1_000_000,
        published.batches(),
        published.records(),
        published.writeNanos() / 1_000_000,
        published.how());
  }

  @Override
  public String jsonText(String bytes, String path) {
    return "json_extract_string(decode(" + bytes + "), '" + path + "')";
  }
}
