package org.cricketstream.warehouse.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.cricketstream.warehouse.Warehouse;
import org.cricketstream.warehouse.WarehouseSettings;
import org.cricketstream.warehouse.dialect.DuckDbDialect;
import org.cricketstream.warehouse.dialect.PostgresDialect;
import org.cricketstream.warehouse.schema.Migrations;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Backup and restore of the warehouse, the system of record. A backup is one consistent snapshot:
 * every table, {@code sink_offsets} included, read in one transaction, so after a restore the sink
 * resumes exactly after what the backup holds and replays what Kafka still has from there.
 *
 * <p>A backup is a folder: {@code manifest.json} (dialect, schema version, rows per table, the
 * sink's offsets, when it was taken) and {@code data/}. It is written beside its final name and
 * renamed into place when complete, so a backup folder is whole or absent.
 *
 * <ul>
 *   <li>DuckDB: {@code EXPORT DATABASE} (schema and Parquet files) of the database file, or of the
 *       snapshot the sink publishes when the sink holds the file (DuckDB allows one writing process
 *       and no reader beside it; the snapshot is a checkpointed copy, consistent with its own
 *       offsets). Restore: the migrations up to the backup's schema version into a new file, then
 *       the export's COPY statements, then the later migrations.
 *   <li>PostgreSQL: {@code COPY ... TO STDOUT (FORMAT binary)} of every table of the warehouse's
 *       schema in one REPEATABLE READ READ ONLY transaction. Not pg_dump: the local PostgreSQL is
 *       zonky's embedded 14 binaries, which ship no pg_dump, and a client of another major version
 *       may refuse the server. Restore: the migrations up to the backup's schema version create the
 *       tables, COPY FROM loads them in one transaction, then the later migrations run.
 * </ul>
 */
public final class Backup {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String MANIFEST = "manifest.json";
  private static final String DATA = "data";

  private Backup() {}

  /** What a backup holds, or what a restore put back. */
  public record Manifest(
      String dialect,
      String source,
      String takenAt,
      int schemaVersion,
      Map<String, Long> rows,
      List<Map<String, Object>> sinkOffsets) {}

  /** Takes a backup of the warehouse into {@code dir}, which must not exist yet. */
  public static Manifest backup(WarehouseSettings settings, Path dir)
      throws SQLException, IOException {
    refuseDuckLake(settings);
    if (Files.exists(dir)) {
      throw new IOException(dir + " exists: a backup goes into a new folder");
    }
    Path partial = dir.resolveSibling(dir.getFileName() + ".partial");
    deleteRecursively(partial);
    Files.createDirectories(partial);
    Manifest manifest =
        settings.duckDb()
            ? backupDuckDb(settings, partial.resolve(DATA))
            : backupPostgres(settings, partial.resolve(DATA));
    JSON.writeValue(partial.resolve(MANIFEST).toFile(), manifest);
    Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
    return manifest;
  }

  /**
   * Restores the backup in {@code dir} into the warehouse of {@code settings}, which must be empty
   * (a DuckDB file that does not exist, a PostgreSQL database without the warehouse's tables).
   * Checks every table's row count against the manifest.
   */
  public static Manifest restore(WarehouseSettings settings, Path dir)
      throws SQLException, IOException {
    refuseDuckLake(settings);
    Manifest manifest = JSON.readValue(dir.resolve(MANIFEST).toFile(), Manifest.class);
    String dialect = settings.duckDb() ? "duckdb" : "postgres";
    if (!manifest.dialect().equals(dialect)) {
      throw new IOException(
          dir + " is a " + manifest.dialect() + " backup; the warehouse is " + settings.url());
    }
    if (settings.duckDb()) {
      restoreDuckDb(settings, dir.resolve(DATA), manifest);
    } else {
      restorePostgres(settings, dir.resolve(DATA), manifest);
    }
    try (Warehouse warehouse = Warehouse.open(settings)) {
      Map<String, Long> rows = rows(warehouse.connection(), manifest.rows().keySet());
      warehouse.connection().commit();
      for (Map.Entry<String, Long> e : manifest.rows().entrySet()) {
        if (!e.getValue().equals(rows.get(e.getKey()))) {
          throw new SQLException(
              "restored "
                  + e.getKey()
                  + " has "
                  + rows.get(e.getKey())
                  + " rows; the backup holds "
                  + e.getValue());
        }
      }
      warehouse.publishNow();
    }
    return manifest;
  }

  private static void refuseDuckLake(WarehouseSettings settings) throws IOException {
    if (settings.duckLake()) {
      throw new IOException(
          "backup and restore do not handle a DuckLake warehouse yet ("
              + settings.url()
              + "): copy its folder while the sink is stopped");
    }
  }

  private static Manifest backupDuckDb(WarehouseSettings settings, Path data) throws SQLException {
    Path file = WarehouseSettings.DuckDbUrls.file(settings.url());
    Properties readOnly = new Properties();
    readOnly.setProperty("duckdb.read_only", "true");
    Path source = file;
    Connection opened;
    try {
      opened = DriverManager.getConnection(WarehouseSettings.DuckDbUrls.PREFIX + file, readOnly);
    } catch (SQLException e) {
      if (!String.valueOf(e.getMessage()).contains("lock") || settings.snapshot() == null) {
        throw e;
      }
      // the sink holds the file: its last published snapshot is a consistent copy
      source = settings.snapshot();
      opened = DriverManager.getConnection(WarehouseSettings.DuckDbUrls.PREFIX + source, readOnly);
    }
    try (Connection c = opened) {
      c.setAutoCommit(false);
      Manifest manifest = describe(c, "duckdb", source.toString(), tables(c, "main"));
      try (Statement s = c.createStatement()) {
        s.execute("EXPORT DATABASE '" + quote(data) + "' (FORMAT parquet)");
      }
      c.commit();
      return manifest;
    }
  }

  /**
   * The schema comes from the migrations up to the backup's version, not from the export's {@code
   * schema.sql}: DuckDB writes views in creation order, and a view replaced by a later migration
   * would come before a view it reads. The data is the export's {@code load.sql} (one COPY per
   * table from its Parquet file).
   */
  private static void restoreDuckDb(WarehouseSettings settings, Path data, Manifest manifest)
      throws SQLException, IOException {
    Path file = WarehouseSettings.DuckDbUrls.file(settings.url());
    if (Files.exists(file)) {
      throw new IOException(file + " exists: restore into a new warehouse file");
    }
    Files.createDirectories(file.getParent());
    DuckDbDialect dialect = new DuckDbDialect();
    try (Connection c = dialect.openWriter(settings)) {
      Migrations.migrate(c, dialect, manifest.schemaVersion());
      try (Statement s = c.createStatement()) {
        s.execute("DELETE FROM schema_migrations");
        // the export names its files by the folder it wrote: read them where they are now
        s.execute(
            Files.readString(data.resolve("load.sql"))
                .replaceAll(
                    "'[^']*/([^/']+\\.parquet)'",
                    java.util.regex.Matcher.quoteReplacement("'" + quote(data) + "/") + "$1'"));
      }
      c.commit();
    }
  }

  private static Manifest backupPostgres(WarehouseSettings settings, Path data)
      throws SQLException, IOException {
    Files.createDirectories(data);
    try (Connection c =
        DriverManager.getConnection(settings.url(), settings.user(), settings.password())) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setReadOnly(true);
      List<String> tables = tables(c, "public");
      Manifest manifest = describe(c, "postgres", settings.url(), tables);
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      for (String table : tables) {
        try (OutputStream out = Files.newOutputStream(data.resolve(table + ".bin"))) {
          copy.copyOut("COPY " + table + " TO STDOUT (FORMAT binary)", out);
        }
      }
      c.commit();
      return manifest;
    }
  }

  private static void restorePostgres(WarehouseSettings settings, Path data, Manifest manifest)
      throws SQLException, IOException {
    try (Connection c =
        DriverManager.getConnection(settings.url(), settings.user(), settings.password())) {
      c.setAutoCommit(false);
      if (!tables(c, "public").isEmpty()) {
        throw new SQLException(
            settings.url() + " already has tables: restore into an empty database");
      }
      c.commit();
      // the tables as they were when the backup was taken; later migrations run after the load
      Migrations.migrate(c, new PostgresDialect(), manifest.schemaVersion());
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      try (Statement s = c.createStatement()) {
        s.execute("DELETE FROM schema_migrations");
      }
      for (String table : manifest.rows().keySet()) {
        try (InputStream in = Files.newInputStream(data.resolve(table + ".bin"))) {
          copy.copyIn("COPY " + table + " FROM STDIN (FORMAT binary)", in);
        }
      }
      c.commit();
    }
  }

  private static Manifest describe(Connection c, String dialect, String source, List<String> tables)
      throws SQLException {
    int version;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_migrations")) {
      rs.next();
      version = rs.getInt(1);
    }
    List<Map<String, Object>> offsets = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT topic, partition_id, next_offset, topic_id FROM sink_offsets"
                    + " ORDER BY topic, partition_id")) {
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("topic", rs.getString(1));
        row.put("partition", rs.getInt(2));
        row.put("nextOffset", rs.getLong(3));
        row.put("topicId", rs.getString(4));
        offsets.add(row);
      }
    }
    return new Manifest(
        dialect, source, Instant.now().toString(), version, rows(c, tables), offsets);
  }

  /** The warehouse's tables (not its views), by name. */
  private static List<String> tables(Connection c, String schema) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
                    + " AND table_schema = '"
                    + schema
                    + "' ORDER BY table_name")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    return tables;
  }

  private static Map<String, Long> rows(Connection c, Iterable<String> tables) throws SQLException {
    Map<String, Long> rows = new LinkedHashMap<>();
    try (Statement s = c.createStatement()) {
      for (String table : tables) {
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
          rs.next();
          rows.put(table, rs.getLong(1));
        }
      }
    }
    return rows;
  }

  private static String quote(Path path) {
    return path.toAbsolutePath().toString().replace("'", "''");
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
