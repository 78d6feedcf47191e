package org.cricketstream.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.cricketstream.cli.up.Stack;
import org.cricketstream.cricsheet.read.MatchFiles;
import org.cricketstream.processor.ProcessorApp;
import org.cricketstream.processor.ProcessorSettings;
import org.cricketstream.stack.LocalKafka;
import org.cricketstream.stack.LocalPostgres;
import org.cricketstream.testsupport.RawPublisher;
import org.cricketstream.testsupport.RawRecord;
import org.cricketstream.testsupport.RawRecords;
import org.cricketstream.topics.Json;
import org.cricketstream.topics.TopicAdmin;
import org.cricketstream.topics.Topics;
import org.cricketstream.warehouse.WarehouseSettings;
import org.cricketstream.warehouse.dialect.DuckDbDialect;
import org.cricketstream.warehouse.dialect.DuckDbExtensions;
import org.cricketstream.warehouse.dialect.PostgresDialect;
import org.cricketstream.warehouse.load.Batch;
import org.cricketstream.warehouse.schema.Column;
import org.cricketstream.warehouse.schema.Table;
import org.cricketstream.warehouse.schema.Tables;
import org.cricketstream.warehouse.sink.WarehouseSink;

/**
 * {@code ./cricket bench warehouse}: the sink's load rate into each backend, next to the raw fast
 * path of the same database (DuckDB Appender, PostgreSQL COPY) loading the same rows in the same
 * batches with no staging, no merge, no Kafka and no offsets, and next to Debezium's JDBC sink
 * connector loading the same rows from Kafka into the same PostgreSQL.
 *
 * <p>Setup (not timed): a broker of its own, the sample published as raw events, the processor run
 * until the clean topics hold the whole sample. Then each measurement starts from an empty
 * database. Rows are the warehouse rows written: raw events, matches, players, innings, miscounted
 * overs, deliveries, wickets.
 */
public final class WarehouseBench {
  private static final Duration TIMEOUT = Duration.ofMinutes(30);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<Table> ROW_TABLES =
      List.of(
          Tables.RAW_EVENTS,
          Tables.MATCHES,
          Tables.PLAYERS,
          Tables.INNINGS,
          Tables.MISCOUNTED_OVERS,
          Tables.DELIVERIES,
          Tables.WICKETS);

  private final PrintWriter log;
  private final Map<String, Object> details = new LinkedHashMap<>();

  private WarehouseBench(PrintWriter log) {
    this.log = log;
  }

  /** The report in the shape, and everything measured, to print or keep. */
  public record Report(Map<String, Object> figures, Map<String, Object> details) {}

  /** Runs the benchmark over the match files under {@code folders}. */
  public static Report run(List<Path> folders, Path connectJars, PrintWriter log) throws Exception {
    return new WarehouseBench(log).measure(folders, connectJars);
  }

  private Report measure(List<Path> folders, Path connectJars) throws Exception {
    Path dir = Files.createTempDirectory("cricket-bench-warehouse-");
    Map<String, Object> duck = new LinkedHashMap<>();
    Map<String, Object> pg = new LinkedHashMap<>();
    try (LocalKafka kafka = LocalKafka.start(dir.resolve("kafka"))) {
      String servers = kafka.bootstrapServers();
      TopicAdmin.ensure(servers, Topics.all());
      long deliveries = publish(servers, folders);
      List<Batch> batches = processAndRead(servers, dir, deliveries);
      long records = batches.stream().mapToLong(Batch::records).sum();
      long rows = batches.stream().mapToLong(Batch::rowCount).sum();
      details.put("records", records);
      details.put("rows", rows);
      log.printf("clean topics ready: %d records, %d warehouse rows%n", records, rows);

      WarehouseSettings base =
          WarehouseSettings.fromEnvironment(Map.of()).withBootstrapServers(servers);
      // with WAREHOUSE_SNAPSHOT's read path (a snapshot every tenth of a second while loading);
      // first, so that the sink measured below, as up runs it, finds this JVM as warm as the
      // baseline after it does
      double duckSnapshotSink =
          sink(
              base.withUrl("jdbc:duckdb:" + dir.resolve("duckdb/snapshot-sink.duckdb")),
              records,
              "duckdbSnapshot");
      // the DuckDB sink as up runs it: serving its database live, a snapshot every half minute
      double duckSink =
          sink(
              servedDuckDb(servers).withUrl("jdbc:duckdb:" + dir.resolve("duckdb/sink.duckdb")),
              records,
              "duckdb");
      double appender = appender(dir.resolve("duckdb/appender.duckdb"), batches, rows);
      duck.put("rowsPerSecond", round(duckSink));
      duck.put("appenderRowsPerSecond", round(appender));
      duck.put("ratio", round3(duckSink / appender));
      details.put("duckdbSnapshotRatio", round3(duckSnapshotSink / appender));

      try (LocalPostgres postgres = LocalPostgres.start(dir.resolve("postgres"))) {
        for (String db : List.of("sink", "copy", "debezium")) {
          postgres.createDatabase(db);
        }
        // the server requires passwords, as the stack's does
        String password = postgres.password();
        WarehouseSettings pgBase =
            base.withUrl(postgres.jdbcUrl("sink"))
                .withLogins(LocalPostgres.USER, password, base.readerUser(), base.readerPassword());
        double pgSink = sink(pgBase, records, "postgres");
        double copy = copy(postgres.jdbcUrl("copy"), password, batches, rows);
        pg.put("rowsPerSecond", round(pgSink));
        pg.put("copyRowsPerSecond", round(copy));
        pg.put("ratio", round3(pgSink / copy));
        try {
          double debezium =
              debezium(
                  servers, postgres.jdbcUrl("debezium"), password, batches, rows, connectJars, dir);
          pg.put("debeziumJdbcSinkRowsPerSecond", round(debezium));
        } catch (Exception e) {
          Throwable cause = e;
          while (cause.getCause() != null
              && (cause instanceof java.lang.reflect.InvocationTargetException
                  || cause instanceof java.util.concurrent.ExecutionException)) {
            cause = cause.getCause();
          }
          log.println("Debezium JDBC sink could not be measured:");
          cause.printStackTrace(log);
          pg.put("debeziumJdbcSinkRowsPerSecond", null);
          pg.put("debeziumJdbcSinkReason", cause.toString());
        }
      }
    } finally {
      deleteRecursively(dir);
    }
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("duckdb", duck);
    figures.put("postgres", pg);
    details.put("cores", Runtime.getRuntime().availableProcessors());
    details.put("java", System.getProperty("java.version"));
    return new Report(figures, details);
  }

  /**
   * The DuckDB sink's settings as {@code up} gives them: the database served over Quack on a free
   * port (no reader connects while it loads), the snapshot published every {@link
   * Stack#SERVED_SNAPSHOT_INTERVAL}.
   */
  private WarehouseSettings servedDuckDb(String servers) throws IOException, SQLException {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    Map<String, String> env =
        Map.of(
            WarehouseSettings.SERVE.name(),
            "quack:" + LocalKafka.HOST + ":" + port,
            WarehouseSettings.SERVE_TOKEN.name(),
            UUID.randomUUID().toString(),
            WarehouseSettings.SNAPSHOT_INTERVAL.name(),
            Stack.SERVED_SNAPSHOT_INTERVAL.toString(),
            WarehouseSettings.DUCKDB_EXTENSIONS.name(),
            DuckDbExtensions.install().toString());
    details.put(
        "duckdbSink",
        "served live over Quack, a snapshot every " + Stack.SERVED_SNAPSHOT_INTERVAL + " (up's)");
    details.put(
        "duckdbSnapshotSink",
        "a snapshot every "
            + WarehouseSettings.SNAPSHOT_INTERVAL.read(Map.of())
            + " (WAREHOUSE_SNAPSHOT's read path)");
    return WarehouseSettings.fromEnvironment(env).withBootstrapServers(servers);
  }

  private long publish(String servers, List<Path> folders) {
    List<RawRecord> records = new ArrayList<>();
    long deliveries = 0;
    RawRecords raw = new RawRecords();
    for (Path file : matchFiles(folders)) {
      records.addAll(raw.of(file));
      deliveries += MatchFiles.readMatch(file).deliveries().size();
    }
    log.printf("publishing %d raw records (%d deliveries)%n", records.size(), deliveries);
    try (RawPublisher publisher = new RawPublisher(servers)) {
      publisher.publish(records);
    }
    details.put("rawRecords", records.size());
    details.put("deliveries", deliveries);
    return deliveries;
  }

  /**
   * Runs the processor until the clean topics hold every delivery, reading all the sink's topics
   * into batches as the sink would cut them (its default batch size).
   */
  private List<Batch> processAndRead(String servers, Path dir, long deliveries) {
    long start = System.nanoTime();
    ProcessorSettings settings =
        ProcessorSettings.fromEnvironment(Map.of())
            .withBootstrapServers(servers)
            .withApplicationId("bench-warehouse-processor")
            .withStateDir(dir.resolve("processor"));
    int batchRecords = WarehouseSettings.fromEnvironment(Map.of()).batchRecords();
    List<Batch> batches = new ArrayList<>();
    ProcessorApp processor = ProcessorApp.start(settings);
    try (KafkaConsumer<byte[], byte[]> consumer = readAll(servers)) {
      consumer.subscribe(WarehouseSink.topics());
      Batch batch = new Batch();
      long seen = 0;
      long quietSince = System.nanoTime();
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (true) {
        int polled = 0;
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          polled++;
          batch.add(record);
          if (record.topic().equals(Topics.DELIVERIES.name())) {
            seen++;
          }
          if (batch.records() >= batchRecords) {
            batches.add(batch);
            batch = new Batch();
          }
        }
        if (polled > 0) {
          quietSince = System.nanoTime();
        }
        if (seen >= deliveries && System.nanoTime() - quietSince > 3_000_000_000L) {
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the processor did not finish: " + seen + " deliveries");
        }
      }
      if (batch.records() > 0) {
        batches.add(batch);
      }
    } finally {
      processor.close();
    }
    details.put("processorSeconds", round((System.nanoTime() - start) / 1e9));
    return batches;
  }

  /** The sink from an empty warehouse until it has committed every record; rows per second. */
  private double sink(WarehouseSettings settings, long records, String name)
      throws InterruptedException {
    AtomicLong committedRecords = new AtomicLong();
    AtomicLong rows = new AtomicLong();
    AtomicLong doneAt = new AtomicLong();
    WarehouseSink[] holder = new WarehouseSink[1];
    holder[0] =
        new WarehouseSink(
            settings.withGroupId("bench-" + name),
            commit -> {
              rows.addAndGet(commit.rows());
              if (committedRecords.addAndGet(commit.records()) >= records && doneAt.get() == 0) {
                doneAt.set(commit.committedAt());
                holder[0].stop();
              }
            });
    long start = System.nanoTime();
    Thread thread = new Thread(holder[0], "bench-sink-" + name);
    thread.start();
    thread.join(TIMEOUT.toMillis());
    if (doneAt.get() == 0) {
      holder[0].stop();
      throw new IllegalStateException(
          name + " sink did not finish: " + committedRecords + " records");
    }
    double seconds = (doneAt.get() - start) / 1e9;
    double rate = rows.get() / seconds;
    log.printf("%s sink: %d rows in %.1f s = %.0f rows/s%n", name, rows.get(), seconds, rate);
    details.put(name + "SinkSeconds", round(seconds));
    details.put(name + "SinkRows", rows.get());
    return rate;
  }

  /** The same rows, batch by batch, appended straight into plain DuckDB tables. */
  private double appender(Path file, List<Batch> batches, long rows) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file)) {
      createPlainTables(c, "VARCHAR");
      c.setAutoCommit(false);
      long start = System.nanoTime();
      for (Batch batch : batches) {
        for (Table table : ROW_TABLES) {
          List<Object[]> tableRows = batch.rows(table);
          if (!tableRows.isEmpty()) {
            DuckDbDialect.appendTo(c, "plain_" + table.name(), table, tableRows);
          }
        }
        c.commit();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      log.printf(
          "duckdb appender: %d rows in %.1f s = %.0f rows/s%n", rows, seconds, rows / seconds);
      details.put("duckdbAppenderSeconds", round(seconds));
      return rows / seconds;
    }
  }

  /** The same rows, batch by batch, COPYed straight into plain PostgreSQL tables. */
  private double copy(String url, String password, List<Batch> batches, long rows)
      throws SQLException {
    try (Connection c = DriverManager.getConnection(url, LocalPostgres.USER, password)) {
      createPlainTables(c, "TEXT");
      c.setAutoCommit(false);
      long start = System.nanoTime();
      for (Batch batch : batches) {
        for (Table table : ROW_TABLES) {
          List<Object[]> tableRows = batch.rows(table);
          if (!tableRows.isEmpty()) {
            PostgresDialect.load(c, "plain_" + table.name(), table, tableRows);
          }
        }
        c.commit();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      log.printf("postgres copy: %d rows in %.1f s = %.0f rows/s%n", rows, seconds, rows / seconds);
      details.put("postgresCopySeconds", round(seconds));
      return rows / seconds;
    }
  }

  private static void createPlainTables(Connection c, String text) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (Table table : ROW_TABLES) {
        String columns =
            table.columns().stream()
                .map(col -> col.name() + " " + plainType(col.type(), text))
                .collect(Collectors.joining(", "));
        s.execute("CREATE TABLE plain_" + table.name() + " (" + columns + ")");
      }
    }
  }

  private static String plainType(Column.Type type, String text) {
    return switch (type) {
      case TEXT -> text;
      case INT -> "INTEGER";
      case LONG -> "BIGINT";
      case BOOL -> "BOOLEAN";
      case DATE -> "DATE";
      case BYTES -> "BYTEA";
    };
  }

  /**
   * Debezium's JDBC sink loading the same rows into the same PostgreSQL. It needs records with
   * schemas, so every row is first published (not timed) as a JsonConverter record with a schema,
   * keyed by its table's key, one topic per table; then the connector (one task, upsert on the key,
   * tables created by schema evolution) is timed from its creation until every row is in.
   */
  private double debezium(
      String servers,
      String url,
      String password,
      List<Batch> batches,
      long rows,
      Path jars,
      Path dir)
      throws Exception {
    List<String> topics = new ArrayList<>();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
      List<NewTopic> create = new ArrayList<>();
      for (Table table : ROW_TABLES) {
        String topic = "dbz_" + table.name();
        topics.add(topic);
        create.add(
            new NewTopic(topic, Topics.PARTITIONS, (short) 1)
                .configs(Map.of("max.message.bytes", String.valueOf(32 << 20))));
      }
      admin.createTopics(create).all().get();
    }
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 32 << 20);
    // base64 payloads in JSON: compress them, and give a busy broker time rather than failing.
    // Not idempotent: on the local broker an idempotent producer of these large batches got stuck
    // retrying OUT_OF_ORDER_SEQUENCE_NUMBER; a resent row is absorbed by the connector's upsert.
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 300_000);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 900_000);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      List<Future<RecordMetadata>> acks = new ArrayList<>();
      for (Batch batch : batches) {
        for (Table table : ROW_TABLES) {
          ObjectNode keySchema = schema(table, table.key());
          ObjectNode valueSchema =
              schema(table, table.columns().stream().map(Column::name).toList());
          for (Object[] row : batch.rows(table)) {
            acks.add(
                producer.send(
                    new ProducerRecord<>(
                        "dbz_" + table.name(),
                        envelope(keySchema, table, row, table.key()),
                        envelope(valueSchema, table, row, null))));
          }
        }
        for (Future<RecordMetadata> ack : acks) {
          ack.get();
        }
        acks.clear();
      }
    }
    Map<String, String> config = new LinkedHashMap<>();
    config.put("connector.class", "io.debezium.connector.jdbc.JdbcSinkConnector");
    config.put("tasks.max", "1");
    config.put("topics", String.join(",", topics));
    config.put("connection.url", url);
    config.put("connection.username", LocalPostgres.USER);
    config.put("connection.password", password);
    config.put("insert.mode", "upsert");
    config.put("primary.key.mode", "record_key");
    config.put("schema.evolution", "basic");
    config.put("consumer.override.auto.offset.reset", "earliest");
    config.put("consumer.override.max.partition.fetch.bytes", String.valueOf(32 << 20));
    // the figures' file gets the configuration without the server's password
    Map<String, String> shown = new LinkedHashMap<>(config);
    shown.put("connection.password", "(the server's superuser password)");
    details.put("debeziumConnectorConfig", shown);
    try (DebeziumJdbcSink connect = DebeziumJdbcSink.start(jars, servers, dir.resolve("connect"));
        Connection c = DriverManager.getConnection(url, LocalPostgres.USER, password)) {
      long start = System.nanoTime();
      connect.putConnector("bench-jdbc-sink", config);
      long deadline = start + TIMEOUT.toNanos();
      long loaded = 0;
      while (System.nanoTime() < deadline) {
        loaded = count(c, topics);
        if (loaded >= rows) {
          break;
        }
        String status = connect.status("bench-jdbc-sink");
        if (status.contains("\"FAILED\"")) {
          throw new IllegalStateException("the connector failed: " + status);
        }
        Thread.sleep(500);
      }
      if (loaded < rows) {
        throw new IllegalStateException(
            "Debezium's JDBC sink loaded " + loaded + " of " + rows + " rows in " + TIMEOUT);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      log.printf(
          "debezium jdbc sink: %d rows in %.1f s = %.0f rows/s%n", rows, seconds, rows / seconds);
      details.put("debeziumJdbcSinkSeconds", round(seconds));
      return rows / seconds;
    }
  }

  private static long count(Connection c, List<String> tables) {
    long total = 0;
    for (String table : tables) {
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM \"" + table + "\"")) {
        rs.next();
        total += rs.getLong(1);
      } catch (SQLException e) {
        // not created yet
      }
    }
    return total;
  }

  /** A Connect struct schema (JsonConverter form) for some of a table's columns. */
  private static ObjectNode schema(Table table, List<String> names) {
    ObjectNode schema = NODES.objectNode();
    schema.put("type", "struct");
    schema.put("optional", false);
    schema.put("name", "dbz_" + table.name() + (names.equals(table.key()) ? ".Key" : ".Value"));
    ArrayNode fields = schema.putArray("fields");
    for (String name : names) {
      Column column =
          table.columns().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
      ObjectNode field = fields.addObject();
      field.put("field", name);
      field.put("optional", !table.key().contains(name));
      switch (column.type()) {
        case TEXT -> field.put("type", "string");
        case INT -> field.put("type", "int32");
        case LONG -> field.put("type", "int64");
        case BOOL -> field.put("type", "boolean");
        case BYTES -> field.put("type", "bytes");
        case DATE -> {
          field.put("type", "int32");
          field.put("name", "org.apache.kafka.connect.data.Date");
          field.put("version", 1);
        }
      }
    }
    return schema;
  }

  /** A JsonConverter record with its schema: {"schema": ..., "payload": {...}}. */
  private static byte[] envelope(ObjectNode schema, Table table, Object[] row, List<String> only) {
    ObjectNode payload = NODES.objectNode();
    List<Column> columns = table.columns();
    for (int i = 0; i < columns.size(); i++) {
      String name = columns.get(i).name();
      if (only != null && !only.contains(name)) {
        continue;
      }
      Object value = row[i];
      if (value == null) {
        payload.putNull(name);
      } else if (value instanceof String s) {
        payload.put(name, s);
      } else if (value instanceof Integer n) {
        payload.put(name, n);
      } else if (value instanceof Long n) {
        payload.put(name, n);
      } else if (value instanceof Boolean b) {
        payload.put(name, b);
      } else if (value instanceof LocalDate d) {
        payload.put(name, (int) d.toEpochDay());
      } else if (value instanceof byte[] b) {
        payload.put(name, Base64.getEncoder().encodeToString(b));
      }
    }
    ObjectNode record = NODES.objectNode();
    record.set("schema", schema);
    record.set("payload", payload);
    try {
      return Json.MAPPER.writeValueAsBytes(record);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static KafkaConsumer<byte[], byte[]> readAll(String servers) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-reader-" + UUID.randomUUID());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  static List<Path> matchFiles(List<Path> folders) {
    List<Path> files = new ArrayList<>();
    for (Path folder : folders) {
      try (Stream<Path> walk = Files.walk(folder)) {
        walk.filter(Files::isRegularFile)
            .filter(
                p -> {
                  String name = p.getFileName().toString();
                  return name.endsWith(".json")
                      || name.endsWith(".yaml")
                      || (name.endsWith(".csv") && !name.endsWith("_info.csv"));
                })
            .sorted()
            .forEach(files::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return files;
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }

  private static double round3(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory
    }
  }
}
