package org.cricketstream.warehouse.dialect;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.cricketstream.warehouse.WarehouseSettings;
import org.cricketstream.warehouse.schema.Table;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DuckLake: the warehouse's tables as Parquet files in {@code FOLDER/data/}, their catalog (which
 * files make up which snapshot of which table) in the SQLite database {@code
 * FOLDER/catalog.sqlite}. The sink writes through DuckDB with the DuckLake extension; readers
 * (query, Superset) attach the same catalog read-only from their own processes while it writes, and
 * each query sees the newest committed snapshot: no copy of the warehouse is ever made.
 *
 * <p>The catalog runs in SQLite's write-ahead-log mode, so readers never block the writer's commit
 * (in SQLite's default mode a commit waited up to a second for readers). A batch and its offsets
 * are one DuckLake transaction, one catalog commit: exactly once, as on the other dialects.
 *
 * <p>Or the catalog is a PostgreSQL database ({@code
 * jdbc:duckdb:ducklake:FOLDER?catalog=postgresql://HOST:PORT/DATABASE}), which DuckLake's docs name
 * for many clients: the sink logs in as {@code WAREHOUSE_USER}, readers as the read-only role
 * ({@code WAREHOUSE_READER_USER}), each through a DuckDB secret. Measured with DuckDB 1.5.5 on this
 * machine (25-row commits every 100 ms, a reader polling every 20 ms on a kept connection in
 * another process): commits p50 12 ms, visible to the reader at p50 38-45 ms and p99 58-67 ms; the
 * SQLite catalog (write-ahead log) 14 ms, but p99 1 s for both, as the writer waited for SQLite's
 * lock.
 *
 * <p>DuckLake has no primary keys, so merges are written without {@code ON CONFLICT}: an upsert
 * deletes the staged keys and inserts the staged rows; an insert of new rows skips keys already
 * there. Small commits write small files: the sink merges them and expires old snapshots every
 * {@link #MAINTENANCE_EVERY} ({@link #afterCommit}).
 */
public final class DuckLakeDialect implements DatabaseDialect {
  private static final Logger LOG = LoggerFactory.getLogger(DuckLakeDialect.class);

  /** The catalog's name inside each DuckDB connection. */
  static final String CATALOG = "warehouse";

  /**
   * How often the sink compacts small files and drops what no snapshot needs any more: a commit's
   * merges read every file written since the last compaction (bench e2e with a PostgreSQL catalog
   * spent 140 s of the load in merges with every 5 minutes, 91 s with every 30 seconds).
   */
  static final Duration MAINTENANCE_EVERY = Duration.ofSeconds(30);

  /** How long old snapshots stay readable (a reader's query started before a commit). */
  static final String KEEP_SNAPSHOTS = "10 minutes";

  private long lastMaintenanceNanos = System.nanoTime();

  @Override
  public void allowMemory(Connection connection, String size) throws SQLException {
    DuckDbDialect.memoryLimit(connection, size);
  }

  @Override
  public String name() {
    return "ducklake";
  }

  @Override
  public boolean runs(String migrationDialect) {
    return migrationDialect.equals("duckdb") || migrationDialect.equals(name());
  }

  /**
   * The migrations as DuckLake takes them: without primary keys (it has none; the merges keep keys
   * unique) and without per-column compression (its Parquet files are compressed as a whole).
   */
  @Override
  public String migrationSql(String sql) {
    return sql.replaceAll(",\\s*PRIMARY KEY \\([^)]*\\)", "")
        .replace(" PRIMARY KEY", "")
        .replace(" USING COMPRESSION zstd", "");
  }

  @Override
  public Connection openWriter(WarehouseSettings settings) throws SQLException {
    Path folder = WarehouseSettings.DuckDbUrls.lakeFolder(settings.url());
    Optional<URI> postgres = WarehouseSettings.DuckDbUrls.lakeCatalog(settings.url());
    Path catalog = folder.resolve("catalog.sqlite");
    try {
      Files.createDirectories(folder.resolve("data"));
    } catch (IOException e) {
      throw new SQLException("cannot create " + folder, e);
    }
    if (postgres.isEmpty() && !Files.exists(catalog)) {
      createCatalog(catalog);
    }
    Connection c = open(settings, new Properties());
    try (Statement s = c.createStatement()) {
      if (postgres.isPresent()) {
        s.execute(catalogSecret(settings.user(), settings.password()));
      }
      s.execute(attach(folder, postgres, false));
      s.execute("USE " + CATALOG);
      // Parquet compressed with zstd, as the DuckDB file's landing layer is
      s.execute("CALL " + CATALOG + ".set_option('parquet_compression', 'zstd')");
      if (postgres.isPresent()) {
        // small inserts go to Parquet files too, not into catalog tables: with them inlined in a
        // PostgreSQL catalog (DuckDB 1.5.5's default, up to 10 rows), the first queries after a
        // compaction of a freshly loaded lake aborted the JVM ("Attempted to access index 0
        // within vector of size 0", a fatal error; WarehouseIT, twice); without, it passed
        s.execute("CALL " + CATALOG + ".set_option('data_inlining_row_limit', 0)");
      }
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    c.setAutoCommit(false);
    return c;
  }

  /**
   * Creates the SQLite catalog file in write-ahead-log mode (a mode SQLite keeps in the file):
   * DuckDB's SQLite extension cannot switch it, since it runs every statement in a transaction.
   */
  private static void createCatalog(Path catalog) throws SQLException {
    Path partial = catalog.resolveSibling(catalog.getFileName() + ".partial");
    try {
      Files.deleteIfExists(partial);
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + partial);
          Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
      }
      Files.move(partial, catalog);
    } catch (IOException e) {
      throw new SQLException("cannot create the DuckLake catalog " + catalog, e);
    }
  }

  @Override
  public Connection openSecond(Connection writer, WarehouseSettings settings) throws SQLException {
    Connection c = writer.unwrap(DuckDBConnection.class).duplicate();
    try (Statement s = c.createStatement()) {
      s.execute("USE " + CATALOG);
    }
    c.setAutoCommit(false);
    return c;
  }

  /**
   * A reader: the catalog attached read-only, in a DuckDB that may touch no file outside the
   * warehouse's folder and whose configuration is then locked ({@link
   * DuckDbDialect#READER_CONFIG}). Inside the folder DuckDB's file access is not read-only: the
   * folder's data can be read directly, and a statement such as {@code COPY ... TO} into it is not
   * refused by DuckDB. Superset runs its warehouse with DML off, which refuses such statements
   * before they reach DuckDB.
   */
  @Override
  public Connection openReader(WarehouseSettings settings) throws SQLException {
    Path folder = WarehouseSettings.DuckDbUrls.lakeFolder(settings.url());
    Optional<URI> postgres = WarehouseSettings.DuckDbUrls.lakeCatalog(settings.url());
    if (postgres.isEmpty() && !Files.exists(folder.resolve("catalog.sqlite"))) {
      throw new SQLException(
          "no DuckLake catalog in "
              + folder
              + " yet: the sink creates it when it starts (./cricket sink)");
    }
    Properties props = new Properties();
    props.setProperty("allowed_directories", "['" + quote(folder) + "/']");
    Connection c = open(settings, props);
    try (Statement s = c.createStatement()) {
      if (postgres.isPresent()) {
        s.execute(catalogSecret(settings.readerUser(), settings.readerPassword()));
      }
      // attached first: with external access off DuckDB refuses to attach a PostgreSQL database
      s.execute(attach(folder, postgres, true));
      s.execute("SET enable_external_access = false");
      s.execute("USE " + CATALOG);
      s.execute("SET lock_configuration = true");
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /** An in-memory DuckDB with the DuckLake extensions loaded from their installed folder. */
  private static Connection open(WarehouseSettings settings, Properties extra) throws SQLException {
    Path extensions = DuckDbExtensions.directory(settings);
    Properties props = DuckDbDialect.limits(settings);
    props.setProperty("extension_directory", extensions.toString());
    props.setProperty("autoinstall_known_extensions", "false");
    props.setProperty("autoload_known_extensions", "false");
    props.putAll(extra);
    Connection c = DriverManager.getConnection(WarehouseSettings.DuckDbUrls.PREFIX, props);
    try (Statement s = c.createStatement()) {
      s.execute("LOAD ducklake");
      s.execute(
          WarehouseSettings.DuckDbUrls.lakeCatalog(settings.url()).isPresent()
              ? "LOAD postgres_scanner"
              : "LOAD sqlite_scanner");
    } catch (SQLException e) {
      c.close();
      throw new SQLException(
          "cannot load the DuckLake extensions from "
              + extensions
              + " (run warehouse/duckdb-extensions.sh install): "
              + e.getMessage(),
          e);
    }
    return c;
  }

  private static String attach(Path folder, Optional<URI> postgres, boolean readOnly) {
    String metadata =
        postgres
            .map(
                uri ->
                    "host="
                        + uri.getHost()
                        + " port="
                        + (uri.getPort() < 0 ? 5432 : uri.getPort())
                        + " dbname="
                        + uri.getPath().substring(1))
            .orElse("sqlite:" + folder.resolve("catalog.sqlite"));
    return "ATTACH 'ducklake:"
        + metadata.replace("'", "''")
        + "' AS "
        + CATALOG
        + " (DATA_PATH '"
        + quote(folder.resolve("data"))
        + "/'"
        + (readOnly ? ", READ_ONLY" : "")
        + (postgres.isPresent()
            ? ", METADATA_PARAMETERS MAP {'TYPE': 'postgres', 'SECRET': '" + SECRET + "'}"
            : "")
        + ")";
  }

  /** The secret that holds the login to a PostgreSQL catalog (shown redacted, never in a path). */
  private static final String SECRET = "warehouse_catalog";

  private static String catalogSecret(String user, String password) {
    return "CREATE SECRET "
        + SECRET
        + " (TYPE postgres, USER '"
        + user.replace("'", "''")
        + "', PASSWORD '"
        + password.replace("'", "''")
        + "')";
  }

  /**
   * With a PostgreSQL catalog, its database is set up as the PostgreSQL warehouse's is: the
   * read-only role exists, may read every catalog table (those DuckLake creates later too) and
   * create none. DuckLake created its tables when the writer attached.
   */
  @Override
  public void afterMigrations(Connection connection, WarehouseSettings settings)
      throws SQLException {
    Optional<URI> postgres = WarehouseSettings.DuckDbUrls.lakeCatalog(settings.url());
    if (postgres.isEmpty()) {
      return;
    }
    try (Connection catalog =
        DriverManager.getConnection(
            "jdbc:" + postgres.get(), settings.user(), settings.password())) {
      catalog.setAutoCommit(false);
      new PostgresDialect().afterMigrations(catalog, settings);
    }
  }

  private static String quote(Path path) {
    return path.toString().replace("'", "''");
  }

  @Override
  public void load(Connection connection, Table table, List<Object[]> rows) throws SQLException {
    DuckDbDialect.appendStaging(connection, table, rows);
  }

  @Override
  public String upsert(Table table) {
    return DatabaseDialect.replaceStaged(table);
  }

  @Override
  public String insertNew(Table table) {
    return DatabaseDialect.insertAbsent(table);
  }

  @Override
  public String jsonText(String bytes, String path) {
    return "json_extract_string(decode(" + bytes + "), '" + path + "')";
  }

  /** Every {@link #MAINTENANCE_EVERY}, after a commit: compaction and expiry, outside the batch. */
  @Override
  public void afterCommit(Connection connection, WarehouseSettings settings, Committed batch)
      throws SQLException {
    publishIfDue(connection, settings);
  }

  @Override
  public void publishIfDue(Connection connection, WarehouseSettings settings) throws SQLException {
    if (System.nanoTime() - lastMaintenanceNanos >= MAINTENANCE_EVERY.toNanos()) {
      maintain(connection);
    }
  }

  @Override
  public void publishNow(Connection connection, WarehouseSettings settings) throws SQLException {
    maintain(connection);
  }

  /**
   * Merges the small files that frequent commits write, expires snapshots older than {@link
   * #KEEP_SNAPSHOTS} and deletes the files no snapshot needs any more.
   */
  private void maintain(Connection connection) throws SQLException {
    long start = System.nanoTime();
    connection.setAutoCommit(true);
    try (Statement s = connection.createStatement()) {
      s.execute("CALL ducklake_merge_adjacent_files('" + CATALOG + "')");
      s.execute(
          "CALL ducklake_expire_snapshots('"
              + CATALOG
              + "', older_than => now() - INTERVAL '"
              + KEEP_SNAPSHOTS
              + "')");
      s.execute("CALL ducklake_cleanup_old_files('" + CATALOG + "', cleanup_all => true)");
    } finally {
      connection.setAutoCommit(false);
    }
    lastMaintenanceNanos = System.nanoTime();
    LOG.info("DuckLake maintenance in {} ms", (lastMaintenanceNanos - start) / 1_000_000);
  }
}
