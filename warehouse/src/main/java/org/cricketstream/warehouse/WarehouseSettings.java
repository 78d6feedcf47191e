package org.cricketstream.warehouse;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The warehouse's configuration, declared in one place. Every setting has a default that runs
 * locally and an environment variable to change it.
 *
 * @param url WAREHOUSE_URL: {@code jdbc:duckdb:FILE} (default {@code
 *     jdbc:duckdb:state/warehouse/cricket.duckdb}) or any {@code jdbc:postgresql:} URL
 * @param user WAREHOUSE_USER, for PostgreSQL (default postgres)
 * @param password WAREHOUSE_PASSWORD, for PostgreSQL (default empty)
 * @param snapshot WAREHOUSE_SNAPSHOT: for DuckDB, the read-only copy BI tools and {@code query}
 *     read (default: beside the database, {@code NAME.snapshot.duckdb})
 * @param snapshotInterval WAREHOUSE_SNAPSHOT_INTERVAL (ISO-8601), the least time between two
 *     snapshots while data arrives (default PT2S)
 * @param bootstrapServers KAFKA_BOOTSTRAP_SERVERS (default 127.0.0.1:9092)
 * @param groupId CRICKET_WAREHOUSE_GROUP: the consumer group the sink commits its offsets to, for
 *     lag monitoring only (default cricket-warehouse)
 * @param batchRecords WAREHOUSE_BATCH_RECORDS: records per transaction at most (default 20000)
 * @param batchBytes WAREHOUSE_BATCH_BYTES: bytes held per transaction at most (default 64 MiB)
 * @param batchLinger WAREHOUSE_BATCH_LINGER (ISO-8601): how long a batch waits to fill (PT0.5S)
 * @param readerUser WAREHOUSE_READER_USER: PostgreSQL's read-only role (default cricket_reader)
 * @param readerPassword WAREHOUSE_READER_PASSWORD: its password (default empty; set one in
 *     production)
 */
public record WarehouseSettings(
    String url,
    String user,
    String password,
    Path snapshot,
    Duration snapshotInterval,
    String bootstrapServers,
    String groupId,
    int batchRecords,
    long batchBytes,
    Duration batchLinger,
    String readerUser,
    String readerPassword) {

  public static final String DEFAULT_URL = "jdbc:duckdb:state/warehouse/cricket.duckdb";

  public static WarehouseSettings fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  public static WarehouseSettings fromEnvironment(Map<String, String> env) {
    String url = env.getOrDefault("WAREHOUSE_URL", DEFAULT_URL);
    String snapshot = env.get("WAREHOUSE_SNAPSHOT");
    return new WarehouseSettings(
        url,
        env.getOrDefault("WAREHOUSE_USER", "postgres"),
        env.getOrDefault("WAREHOUSE_PASSWORD", ""),
        snapshot == null ? defaultSnapshot(url) : Path.of(snapshot),
        Duration.parse(env.getOrDefault("WAREHOUSE_SNAPSHOT_INTERVAL", "PT2S")),
        env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
        env.getOrDefault("CRICKET_WAREHOUSE_GROUP", "cricket-warehouse"),
        Integer.parseInt(env.getOrDefault("WAREHOUSE_BATCH_RECORDS", "20000")),
        Long.parseLong(env.getOrDefault("WAREHOUSE_BATCH_BYTES", String.valueOf(64L << 20))),
        Duration.parse(env.getOrDefault("WAREHOUSE_BATCH_LINGER", "PT0.5S")),
        env.getOrDefault("WAREHOUSE_READER_USER", "cricket_reader"),
        env.getOrDefault("WAREHOUSE_READER_PASSWORD", ""));
  }

  /** The environment variables that give these settings, for a child process. */
  public Map<String, String> toEnvironment() {
    Map<String, String> env = new java.util.LinkedHashMap<>();
    env.put("WAREHOUSE_URL", url);
    env.put("WAREHOUSE_USER", user);
    env.put("WAREHOUSE_PASSWORD", password);
    if (snapshot != null) {
      env.put("WAREHOUSE_SNAPSHOT", snapshot.toString());
    }
    env.put("WAREHOUSE_SNAPSHOT_INTERVAL", snapshotInterval.toString());
    env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
    env.put("CRICKET_WAREHOUSE_GROUP", groupId);
    env.put("WAREHOUSE_BATCH_RECORDS", String.valueOf(batchRecords));
    env.put("WAREHOUSE_BATCH_BYTES", String.valueOf(batchBytes));
    env.put("WAREHOUSE_BATCH_LINGER", batchLinger.toString());
    env.put("WAREHOUSE_READER_USER", readerUser);
    env.put("WAREHOUSE_READER_PASSWORD", readerPassword);
    return env;
  }

  /** A DuckDB file's snapshot sits beside it: {@code x.duckdb} gives {@code x.snapshot.duckdb}. */
  static Path defaultSnapshot(String url) {
    if (!url.startsWith(DuckDbUrls.PREFIX)) {
      return null;
    }
    Path file = DuckDbUrls.file(url);
    String name = file.getFileName().toString();
    String base = name.endsWith(".duckdb") ? name.substring(0, name.length() - 7) : name;
    return file.resolveSibling(base + ".snapshot.duckdb");
  }

  public WarehouseSettings withUrl(String newUrl) {
    return new WarehouseSettings(
        newUrl,
        user,
        password,
        defaultSnapshot(newUrl),
        snapshotInterval,
        bootstrapServers,
        groupId,
        batchRecords,
        batchBytes,
        batchLinger,
        readerUser,
        readerPassword);
  }

  public WarehouseSettings withBootstrapServers(String servers) {
    return new WarehouseSettings(
        url,
        user,
        password,
        snapshot,
        snapshotInterval,
        servers,
        groupId,
        batchRecords,
        batchBytes,
        batchLinger,
        readerUser,
        readerPassword);
  }

  public WarehouseSettings withGroupId(String group) {
    return new WarehouseSettings(
        url,
        user,
        password,
        snapshot,
        snapshotInterval,
        bootstrapServers,
        group,
        batchRecords,
        batchBytes,
        batchLinger,
        readerUser,
        readerPassword);
  }

  public WarehouseSettings withBatchRecords(int records) {
    return new WarehouseSettings(
        url,
        user,
        password,
        snapshot,
        snapshotInterval,
        bootstrapServers,
        groupId,
        records,
        batchBytes,
        batchLinger,
        readerUser,
        readerPassword);
  }

  /** Whether this is a DuckDB warehouse (else PostgreSQL). */
  public boolean duckDb() {
    return url.startsWith(DuckDbUrls.PREFIX);
  }

  /** How DuckDB JDBC URLs name their file. */
  public static final class DuckDbUrls {
    public static final String PREFIX = "jdbc:duckdb:";

    private DuckDbUrls() {}

    public static Path file(String url) {
      String rest = url.substring(PREFIX.length());
      int query = rest.indexOf('?');
      return Path.of(query < 0 ? rest : rest.substring(0, query)).toAbsolutePath().normalize();
    }
  }
}
