package org.cricketstream.warehouse;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.cricketstream.config.KafkaClientProperties;
import org.cricketstream.config.Setting;
import org.cricketstream.config.Shared;
import org.cricketstream.topics.SchemaRegistry;

/**
 * The warehouse's configuration, declared in one place. Every setting has a default that runs
 * locally and an environment variable to change it.
 *
 * @param url WAREHOUSE_URL: {@code jdbc:duckdb:FILE} (default {@code
 *     jdbc:duckdb:state/warehouse/cricket.duckdb}), {@code jdbc:duckdb:ducklake:FOLDER} (a
 *     DuckLake: catalog and data files in FOLDER, read live while the sink writes) or any {@code
 *     jdbc:postgresql:} URL
 * @param user WAREHOUSE_USER, for PostgreSQL (default postgres)
 * @param password WAREHOUSE_PASSWORD, for PostgreSQL (default empty)
 * @param snapshot WAREHOUSE_SNAPSHOT: for DuckDB, the read-only snapshot BI tools and {@code query}
 *     read, a symbolic link to one of two files in {@code NAME.files/} that take turns (default:
 *     beside the database, {@code NAME.snapshot.duckdb})
 * @param snapshotInterval WAREHOUSE_SNAPSHOT_INTERVAL (ISO-8601), the least time between two
 *     snapshots while data arrives (default PT0.1S); while only heartbeats arrive, fifteen times
 *     that (1.5 s)
 * @param bootstrapServers KAFKA_BOOTSTRAP_SERVERS (default 127.0.0.1:9092)
 * @param kafkaClient CRICKET_KAFKA_PROPERTIES: Kafka client properties (TLS, SASL), default none
 * @param groupId CRICKET_WAREHOUSE_GROUP: the consumer group the sink commits its offsets to, for
 *     lag monitoring only (default cricket-warehouse)
 * @param batchRecords WAREHOUSE_BATCH_RECORDS: records per transaction at most (default 20000)
 * @param batchBytes WAREHOUSE_BATCH_BYTES: bytes held per transaction at most (default 64 MiB)
 * @param batchLinger WAREHOUSE_BATCH_LINGER (ISO-8601): how long a batch waits to fill while the
 *     sink is behind (PT0.5S); once it has read all there is, it commits at once
 * @param readerUser WAREHOUSE_READER_USER: PostgreSQL's read-only role (default cricket_reader)
 * @param readerPassword WAREHOUSE_READER_PASSWORD: its password (default empty; set one in
 *     production)
 * @param duckDbMemory WAREHOUSE_DUCKDB_MEMORY: DuckDB's {@code memory_limit} for the sink and for
 *     readers, each (default 256MB; DuckDB's own default is 80% of the machine's memory)
 * @param duckDbThreads WAREHOUSE_DUCKDB_THREADS: DuckDB's {@code threads} for each (default half
 *     the machine's cores, at least 1)
 * @param duckDbExtensions WAREHOUSE_DUCKDB_EXTENSIONS: the folder DuckDB loads the DuckLake
 *     extensions from (default: where {@code warehouse/duckdb-extensions.sh install} put them)
 * @param schemaRegistry SCHEMA_REGISTRY_URL (with SCHEMA_REGISTRY_USER and
 *     SCHEMA_REGISTRY_PASSWORD): the registry the sink asks what the schema ids on the records it
 *     reads are (default none: the ids are counted, not named or checked)
 * @param served WAREHOUSE_SERVE (with WAREHOUSE_SERVE_TOKEN): where the DuckDB sink serves its
 *     database live to readers over DuckDB's Quack protocol, {@code quack:HOST:PORT} (default none:
 *     readers open the snapshot); the snapshot is still published, for {@code backup} while the
 *     sink runs
 */
public record WarehouseSettings(
    String url,
    String user,
    String password,
    Path snapshot,
    Duration snapshotInterval,
    String bootstrapServers,
    KafkaClientProperties kafkaClient,
    String groupId,
    int batchRecords,
    long batchBytes,
    Duration batchLinger,
    String readerUser,
    String readerPassword,
    String duckDbMemory,
    int duckDbThreads,
    Path duckDbExtensions,
    Optional<SchemaRegistry.Login> schemaRegistry,
    Optional<Served> served) {

  public static final String DEFAULT_URL = "jdbc:duckdb:state/warehouse/cricket.duckdb";

  public static final Setting<String> URL =
      Setting.text(
              "WAREHOUSE_URL",
              DEFAULT_URL,
              "the warehouse: jdbc:duckdb:FILE, jdbc:duckdb:ducklake:FOLDER (its catalog in"
                  + " FOLDER, or ?catalog=postgresql://HOST:PORT/DATABASE) or a jdbc:postgresql:"
                  + " URL")
          .check(
              WarehouseSettings::validUrl,
              "a jdbc:duckdb:FILE, jdbc:duckdb:ducklake:FOLDER[?catalog=postgresql://HOST:PORT/"
                  + "DATABASE] or jdbc:postgresql://HOST:PORT/DATABASE URL");

  private static boolean validUrl(String url) {
    try {
      DuckDbUrls.lakeCatalog(url);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return url.startsWith("jdbc:duckdb:") || url.startsWith("jdbc:postgresql:");
  }

  public static final Setting<String> USER =
      Setting.text("WAREHOUSE_USER", "postgres", "the PostgreSQL warehouse's writer");
  public static final Setting<String> PASSWORD =
      Setting.text("WAREHOUSE_PASSWORD", "", "its password").secret();
  public static final Setting<Path> SNAPSHOT =
      Setting.path(
          "WAREHOUSE_SNAPSHOT",
          null,
          "DuckDB's read-only snapshot for BI tools and query, a link to one of two files that"
              + " take turns (default NAME.snapshot.duckdb beside the database)");
  public static final Setting<Duration> SNAPSHOT_INTERVAL =
      Setting.duration(
              "WAREHOUSE_SNAPSHOT_INTERVAL",
              "PT0.1S",
              "the least time between two snapshots while data arrives (while only heartbeats"
                  + " arrive: 15 times that)")
          .positive();
  public static final Setting<String> GROUP =
      Setting.text(
          "CRICKET_WAREHOUSE_GROUP",
          "cricket-warehouse",
          "the consumer group the sink commits its offsets to, for lag monitoring");
  public static final Setting<Integer> BATCH_RECORDS =
      Setting.integer("WAREHOUSE_BATCH_RECORDS", 20_000, "records per transaction at most")
          .between(1, 10_000_000);
  public static final Setting<Long> BATCH_BYTES =
      Setting.longInteger("WAREHOUSE_BATCH_BYTES", 64L << 20, "bytes held per transaction at most")
          .between(1 << 20, 1L << 34);
  public static final Setting<Duration> BATCH_LINGER =
      Setting.duration(
              "WAREHOUSE_BATCH_LINGER",
              "PT0.5S",
              "how long a batch waits to fill while the sink is behind (caught up, it commits at"
                  + " once)")
          .positive();
  public static final Setting<String> READER_USER =
      Setting.text("WAREHOUSE_READER_USER", "cricket_reader", "PostgreSQL's read-only role");
  public static final Setting<String> READER_PASSWORD =
      Setting.text("WAREHOUSE_READER_PASSWORD", "", "its password (set one in production)")
          .secret();
  public static final Setting<String> DUCKDB_MEMORY =
      size(
          "WAREHOUSE_DUCKDB_MEMORY",
          "256MB",
          "DuckDB's memory_limit for the sink and for each reader (outside the Java heap)");

  /**
   * A rebuild replays the whole landing layer in one transaction, with the sink stopped: what it
   * holds until the commit grows with the warehouse (the sample with its sources' repeats needed
   * 384 MB), beyond the sink's own limit.
   */
  public static final Setting<String> REBUILD_MEMORY =
      size(
          "WAREHOUSE_REBUILD_MEMORY",
          "2GB",
          "DuckDB's memory_limit while rebuild replays the landing layer in one transaction"
              + " (the sink stopped; it grows with the warehouse)");

  private static Setting<String> size(String name, String defaultValue, String help) {
    return Setting.text(name, defaultValue, help)
        .check(
            v -> v.strip().matches("\\d+(\\.\\d+)?\\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)"),
            "a size such as 512MB or 2GB");
  }

  /**
   * Half the machine's cores, at least one: the sink shares the machine with the rest of the stack.
   * On two cores, with every core busy while a sample loads, a second DuckDB thread took the sink
   * 4-5 more CPU seconds in {@code bench e2e} (26-27 against 21-25) and made its commits no faster.
   */
  static final int DEFAULT_DUCKDB_THREADS =
      Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

  public static final Setting<Integer> DUCKDB_THREADS =
      Setting.integer(
              "WAREHOUSE_DUCKDB_THREADS",
              DEFAULT_DUCKDB_THREADS,
              "DuckDB's threads for the sink and each reader (default: half the machine's cores,"
                  + " at least 1)")
          .between(1, 1024);
  public static final Setting<Path> DUCKDB_EXTENSIONS =
      Setting.path(
          "WAREHOUSE_DUCKDB_EXTENSIONS",
          null,
          "the folder DuckDB loads the DuckLake extensions from (default: where"
              + " warehouse/duckdb-extensions.sh install put them)");

  public static final Setting<String> SERVE =
      Setting.text(
              "WAREHOUSE_SERVE",
              "",
              "where the DuckDB sink serves its database live to readers (Superset, query, status),"
                  + " quack:HOST:PORT over DuckDB's Quack protocol (default: none, readers open the"
                  + " snapshot)")
          .check(v -> v.isEmpty() || Served.valid(v), "empty or quack:HOST:PORT");
  public static final Setting<String> SERVE_TOKEN =
      Setting.text(
              "WAREHOUSE_SERVE_TOKEN",
              "",
              "the token every reader of WAREHOUSE_SERVE gives (required with it; 4 characters or more)")
          .secret();

  /**
   * The DuckDB sink's database served live over DuckDB's Quack protocol (an official DuckDB
   * extension): readers attach it and see each commit as soon as it is made, where a snapshot is a
   * copy published after it.
   *
   * @param address {@code quack:HOST:PORT}
   * @param token what every reader gives; the server refuses any other
   */
  public record Served(String address, String token) {
    public Served {
      if (!valid(address)) {
        throw new IllegalArgumentException(
            "WAREHOUSE_SERVE: expected quack:HOST:PORT, got " + address);
      }
      if (token == null || token.isBlank()) {
        throw new IllegalArgumentException(
            "WAREHOUSE_SERVE_TOKEN: a token is required to serve the warehouse at " + address);
      }
      if (token.length() < MIN_TOKEN) {
        // DuckDB's Quack refuses it only when the sink starts serving
        throw new IllegalArgumentException(
            "WAREHOUSE_SERVE_TOKEN: at least " + MIN_TOKEN + " characters (Quack's minimum)");
      }
    }

    /** The shortest token Quack's server takes. */
    static final int MIN_TOKEN = 4;

    static boolean valid(String address) {
      return address != null && address.matches("quack:[A-Za-z0-9.\\-]+:\\d{1,5}");
    }

    /** The served database, if WAREHOUSE_SERVE gives one; only a DuckDB file is served. */
    static Optional<Served> fromEnvironment(Map<String, String> env, String url) {
      String address = SERVE.read(env);
      if (address.isEmpty()) {
        return Optional.empty();
      }
      if (!url.startsWith(DuckDbUrls.PREFIX) || url.startsWith(DuckDbUrls.LAKE_PREFIX)) {
        throw new IllegalArgumentException(
            "WAREHOUSE_SERVE serves a DuckDB file (jdbc:duckdb:FILE), not " + url);
      }
      return Optional.of(new Served(address, SERVE_TOKEN.read(env)));
    }

    @Override
    public String toString() {
      return address + " (token ***)";
    }
  }

  /** Every setting of the warehouse and its sink, in the order help shows them. */
  public static final List<Setting<?>> SETTINGS =
      List.of(
          URL,
          USER,
          PASSWORD,
          SNAPSHOT,
          SNAPSHOT_INTERVAL,
          Shared.KAFKA_BOOTSTRAP_SERVERS,
          Shared.KAFKA_PROPERTIES,
          GROUP,
          BATCH_RECORDS,
          BATCH_BYTES,
          BATCH_LINGER,
          READER_USER,
          READER_PASSWORD,
          DUCKDB_MEMORY,
          REBUILD_MEMORY,
          DUCKDB_THREADS,
          DUCKDB_EXTENSIONS,
          SERVE,
          SERVE_TOKEN,
          Shared.SCHEMA_REGISTRY_URL,
          Shared.SCHEMA_REGISTRY_USER,
          Shared.SCHEMA_REGISTRY_PASSWORD);

  public static WarehouseSettings fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  public static WarehouseSettings fromEnvironment(Map<String, String> env) {
    String url = URL.read(env);
    Optional<Served> served = Served.fromEnvironment(env, url);
    return new WarehouseSettings(
        url,
        USER.read(env),
        PASSWORD.read(env),
        SNAPSHOT.find(env).orElse(defaultSnapshot(url)),
        SNAPSHOT_INTERVAL.read(env),
        Shared.KAFKA_BOOTSTRAP_SERVERS.read(env),
        KafkaClientProperties.fromEnvironment(env),
        GROUP.read(env),
        BATCH_RECORDS.read(env),
        BATCH_BYTES.read(env),
        BATCH_LINGER.read(env),
        READER_USER.read(env),
        READER_PASSWORD.read(env),
        DUCKDB_MEMORY.read(env),
        DUCKDB_THREADS.read(env),
        DUCKDB_EXTENSIONS.find(env).orElse(null),
        SchemaRegistry.Login.fromEnvironment(env),
        served);
  }

  /** The environment variables that give these settings, for a child process. */
  public Map<String, String> toEnvironment() {
    Map<String, String> env = new java.util.LinkedHashMap<>();
    env.put(URL.name(), url);
    env.put(USER.name(), user);
    env.put(PASSWORD.name(), password);
    if (snapshot != null) {
      env.put(SNAPSHOT.name(), snapshot.toString());
    }
    env.put(SNAPSHOT_INTERVAL.name(), snapshotInterval.toString());
    env.put(Shared.KAFKA_BOOTSTRAP_SERVERS.name(), bootstrapServers);
    kafkaClient.file().ifPresent(f -> env.put(Shared.KAFKA_PROPERTIES.name(), f.toString()));
    env.put(GROUP.name(), groupId);
    env.put(BATCH_RECORDS.name(), String.valueOf(batchRecords));
    env.put(BATCH_BYTES.name(), String.valueOf(batchBytes));
    env.put(BATCH_LINGER.name(), batchLinger.toString());
    env.put(READER_USER.name(), readerUser);
    env.put(READER_PASSWORD.name(), readerPassword);
    env.put(DUCKDB_MEMORY.name(), duckDbMemory);
    env.put(DUCKDB_THREADS.name(), String.valueOf(duckDbThreads));
    if (duckDbExtensions != null) {
      env.put(DUCKDB_EXTENSIONS.name(), duckDbExtensions.toString());
    }
    served.ifPresent(
        s -> {
          env.put(SERVE.name(), s.address());
          env.put(SERVE_TOKEN.name(), s.token());
        });
    schemaRegistry.ifPresent(
        login -> {
          env.put(Shared.SCHEMA_REGISTRY_URL.name(), login.url());
          if (login.user() != null) {
            env.put(Shared.SCHEMA_REGISTRY_USER.name(), login.user());
          }
          if (login.password() != null) {
            env.put(Shared.SCHEMA_REGISTRY_PASSWORD.name(), login.password());
          }
        });
    return env;
  }

  /** These settings with the DuckDB database served live, or not ({@code Optional.empty()}). */
  public WarehouseSettings withServed(Optional<Served> newServed) {
    return with(copy -> copy.served = newServed);
  }

  /** A DuckDB file's snapshot sits beside it: {@code x.duckdb} gives {@code x.snapshot.duckdb}. */
  static Path defaultSnapshot(String url) {
    if (!url.startsWith(DuckDbUrls.PREFIX) || url.startsWith(DuckDbUrls.LAKE_PREFIX)) {
      return null;
    }
    Path file = DuckDbUrls.file(url);
    String name = file.getFileName().toString();
    String base = name.endsWith(".duckdb") ? name.substring(0, name.length() - 7) : name;
    return file.resolveSibling(base + ".snapshot.duckdb");
  }

  /** These settings for another warehouse; a snapshot given explicitly is kept. */
  public WarehouseSettings withUrl(String newUrl) {
    boolean defaultSnapshot = snapshot == null || snapshot.equals(defaultSnapshot(url));
    return with(
        copy -> {
          copy.url = newUrl;
          if (defaultSnapshot) {
            copy.snapshot = defaultSnapshot(newUrl);
          }
        });
  }

  /** These settings with other PostgreSQL logins: the writer's and the read-only role's. */
  public WarehouseSettings withLogins(
      String writer, String writerPassword, String reader, String readerSecret) {
    return with(
        copy -> {
          copy.user = writer;
          copy.password = writerPassword;
          copy.readerUser = reader;
          copy.readerPassword = readerSecret;
        });
  }

  public WarehouseSettings withBootstrapServers(String servers) {
    return with(copy -> copy.bootstrapServers = servers);
  }

  public WarehouseSettings withGroupId(String group) {
    return with(copy -> copy.groupId = group);
  }

  public WarehouseSettings withBatchRecords(int records) {
    return with(copy -> copy.batchRecords = records);
  }

  /** These settings with the DuckLake extensions loaded from {@code folder}. */
  public WarehouseSettings withDuckDbExtensions(Path folder) {
    return with(copy -> copy.duckDbExtensions = folder);
  }

  /** A copy of these settings with what {@code change} sets in it. */
  private WarehouseSettings with(Consumer<Copy> change) {
    Copy copy = new Copy(this);
    change.accept(copy);
    return copy.settings();
  }

  /** Every field of a {@link WarehouseSettings}, so that a copy can change a few. */
  private static final class Copy {
    private String url;
    private String user;
    private String password;
    private Path snapshot;
    private Duration snapshotInterval;
    private String bootstrapServers;
    private KafkaClientProperties kafkaClient;
    private String groupId;
    private int batchRecords;
    private long batchBytes;
    private Duration batchLinger;
    private String readerUser;
    private String readerPassword;
    private String duckDbMemory;
    private int duckDbThreads;
    private Path duckDbExtensions;
    private Optional<SchemaRegistry.Login> schemaRegistry;
    private Optional<Served> served;

    Copy(WarehouseSettings settings) {
      url = settings.url;
      user = settings.user;
      password = settings.password;
      snapshot = settings.snapshot;
      snapshotInterval = settings.snapshotInterval;
      bootstrapServers = settings.bootstrapServers;
      kafkaClient = settings.kafkaClient;
      groupId = settings.groupId;
      batchRecords = settings.batchRecords;
      batchBytes = settings.batchBytes;
      batchLinger = settings.batchLinger;
      readerUser = settings.readerUser;
      readerPassword = settings.readerPassword;
      duckDbMemory = settings.duckDbMemory;
      duckDbThreads = settings.duckDbThreads;
      duckDbExtensions = settings.duckDbExtensions;
      schemaRegistry = settings.schemaRegistry;
      served = settings.served;
    }

    WarehouseSettings settings() {
      return new WarehouseSettings(
          url,
          user,
          password,
          snapshot,
          snapshotInterval,
          bootstrapServers,
          kafkaClient,
          groupId,
          batchRecords,
          batchBytes,
          batchLinger,
          readerUser,
          readerPassword,
          duckDbMemory,
          duckDbThreads,
          duckDbExtensions,
          schemaRegistry,
          served);
    }
  }

  /** Whether this is a DuckDB warehouse in one file, read through its snapshot. */
  public boolean duckDb() {
    return url.startsWith(DuckDbUrls.PREFIX) && !duckLake();
  }

  /** Whether this is a DuckLake warehouse (a catalog and Parquet files, read live). */
  public boolean duckLake() {
    return url.startsWith(DuckDbUrls.LAKE_PREFIX);
  }

  /** How DuckDB JDBC URLs name their file, and DuckLake ones their folder. */
  public static final class DuckDbUrls {
    public static final String PREFIX = "jdbc:duckdb:";
    public static final String LAKE_PREFIX = PREFIX + "ducklake:";

    /** The folder of a {@code jdbc:duckdb:ducklake:FOLDER[?catalog=...]} URL. */
    public static Path lakeFolder(String url) {
      String rest = url.substring(LAKE_PREFIX.length());
      int query = rest.indexOf('?');
      return Path.of(query < 0 ? rest : rest.substring(0, query)).toAbsolutePath().normalize();
    }

    /**
     * The PostgreSQL database holding a DuckLake's catalog, from {@code
     * jdbc:duckdb:ducklake:FOLDER?catalog=postgresql://HOST:PORT/DATABASE}; empty when the catalog
     * is the SQLite file in the folder.
     */
    public static Optional<java.net.URI> lakeCatalog(String url) {
      int query = url.indexOf('?');
      if (!url.startsWith(LAKE_PREFIX) || query < 0) {
        return Optional.empty();
      }
      String parameter = url.substring(query + 1);
      if (!parameter.startsWith("catalog=")) {
        throw new IllegalArgumentException(
            "a DuckLake URL takes one parameter, catalog=postgresql://HOST:PORT/DATABASE: " + url);
      }
      java.net.URI catalog = java.net.URI.create(parameter.substring("catalog=".length()));
      if (!"postgresql".equals(catalog.getScheme())
          || catalog.getHost() == null
          || catalog.getPath() == null
          || catalog.getPath().length() < 2) {
        throw new IllegalArgumentException(
            "a DuckLake's catalog is postgresql://HOST[:PORT]/DATABASE, not " + catalog);
      }
      return Optional.of(catalog);
    }

    private DuckDbUrls() {}

    public static Path file(String url) {
      String rest = url.substring(PREFIX.length());
      int query = rest.indexOf('?');
      return Path.of(query < 0 ? rest : rest.substring(0, query)).toAbsolutePath().normalize();
    }
  }
}
