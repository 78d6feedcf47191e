package org.cricketstream.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.cricketstream.cricsheet.read.MatchFiles;
import org.cricketstream.sources.SourcesSettings;
import org.cricketstream.sources.connect.ConnectWorker;
import org.cricketstream.sources.connect.Connectors;
import org.cricketstream.sources.replay.MongoT20Sink;
import org.cricketstream.sources.replay.PostgresOdiSink;
import org.cricketstream.sources.replay.Replay;
import org.cricketstream.sources.replay.SourceSink;
import org.cricketstream.stack.LocalKafka;
import org.cricketstream.stack.LocalMongo;
import org.cricketstream.stack.LocalPostgres;
import org.cricketstream.topics.TopicAdmin;
import org.cricketstream.topics.Topics;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./cricket bench sources}: application server to raw topic, next to the databases. */
@Command(
    name = "sources",
    mixinStandardHelpOptions = true,
    description = {
      "Starts its own Kafka, MongoDB-protocol server, PostgreSQL and Kafka Connect (in a",
      "temporary directory) and measures, per source, in the same run: (1) the database's own",
      "insert rate for the same kind of writes (one document per insert; one row per",
      "transaction); (2) records per second from the application server at --pace 0 to the",
      "record being in its raw topic. Default data: the JSON and CSV2 matches under",
      "$CRICSHEET_DATA. Writes target/bench/sources.json."
    })
final class SourcesBench implements Callable<Integer> {
  private static final Duration TIMEOUT = Duration.ofMinutes(30);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "0..*", paramLabel = "PATH", description = "folders of Cricsheet files")
  List<Path> paths = new ArrayList<>();

  @Option(names = "--out", description = "JSON output (default target/bench/sources.json)")
  Path output;

  @Option(
      names = "--sessions",
      paramLabel = "N",
      defaultValue = "" + Replay.Options.DEFAULT_SESSIONS,
      description = "matches each source commits at the same time (default ${DEFAULT-VALUE})")
  int sessions;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Path> inputs =
        paths.isEmpty()
            ? List.of(
                BenchPaths.cricsheetData().resolve("t20i_json"),
                BenchPaths.cricsheetData().resolve("odi_csv"))
            : paths;
    long documents = 0;
    long rows = 0;
    List<Path> files = new ArrayList<>();
    for (Path input : inputs) {
      try (Stream<Path> list = Files.walk(input)) {
        list.filter(Files::isRegularFile).sorted().forEach(files::add);
      }
    }
    List<byte[]> json = new ArrayList<>();
    for (Path file : files) {
      String name = file.getFileName().toString();
      if (name.endsWith(".json")) {
        documents++;
        json.add(Files.readAllBytes(file));
      } else if (name.endsWith(".csv") && !name.endsWith("_info.csv")) {
        rows += 1 + MatchFiles.readMatch(file).deliveries().size();
      }
    }
    err.printf("%d documents and %d rows to replay%n", documents, rows);
    Path dir = Files.createTempDirectory("cricket-bench-sources-");
    Map<String, Object> report = new LinkedHashMap<>();
    try (LocalKafka kafka = LocalKafka.start(dir.resolve("kafka"));
        LocalMongo mongo = LocalMongo.start(dir.resolve("mongo"));
        LocalPostgres postgres = LocalPostgres.start(dir.resolve("postgres"))) {
      postgres.createDatabase("cricket");
      TopicAdmin.ensure(kafka.bootstrapServers(), Topics.all());
      SourcesSettings settings =
          new SourcesSettings(
              mongo.uri(), postgres.jdbcUrl("cricket"), LocalPostgres.USER, postgres.password());
      try (Connection c =
          DriverManager.getConnection(
              settings.postgresUrl(), settings.postgresUser(), settings.postgresPassword())) {
        PostgresOdiSink.createSchema(c);
      }
      err.println("measuring the databases' own insert rates...");
      double mongoRate = mongoInserts(mongo.uri(), json);
      double postgresRate = postgresInserts(settings, 5000);
      try (ConnectWorker worker =
          ConnectWorker.start(kafka.bootstrapServers(), "bench-connect", 0)) {
        Connectors connectors = new Connectors(worker.restUrl());
        for (String name : List.of(Connectors.T20I_MONGO, Connectors.ODI_POSTGRES)) {
          connectors.apply(name, Connectors.config(name, settings.connectorValues()));
          connectors.awaitRunning(name, Duration.ofMinutes(2));
        }
        err.println("replaying at --pace 0...");
        long start = System.nanoTime();
        Map<Replay.Source, SourceSink> sinks =
            Map.of(
                Replay.Source.T20I, new MongoT20Sink(mongo.uri()),
                Replay.Source.ODI,
                    new PostgresOdiSink(
                        settings.postgresUrl(),
                        settings.postgresUser(),
                        settings.postgresPassword()));
        Thread replay =
            new Thread(
                () -> {
                  try {
                    new Replay(
                            inputs,
                            new Replay.Options(
                                Duration.ZERO, 0, 1, dir.resolve("position.json"), sessions),
                            sinks,
                            err)
                        .run();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
        replay.start();
        double[] seconds = arrivals(kafka.bootstrapServers(), documents, rows, start);
        replay.join();
        sinks.values().forEach(SourceSink::close);
        report.put("t20i", figures(documents, seconds[0], mongoRate, "documents"));
        report.put("odi", figures(rows, seconds[1], postgresRate, "rows"));
      }
      report.put("sessions", sessions);
      report.put("cores", Runtime.getRuntime().availableProcessors());
    } finally {
      BenchReport.deleteRecursively(dir);
    }
    out.println(BenchReport.JSON.writeValueAsString(report));
    BenchReport.write("sources", output, report, out);
    return 0;
  }

  private static Map<String, Object> figures(
      long records, double seconds, double dbRate, String unit) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("records", records);
    f.put("unit", unit);
    f.put("seconds", Math.round(seconds * 10) / 10.0);
    f.put("recordsPerSecond", Math.round(records / seconds * 10) / 10.0);
    f.put("databaseInsertsPerSecond", Math.round(dbRate * 10) / 10.0);
    return f;
  }

  /** The store's own rate: the same documents inserted one by one into a scratch collection. */
  private static double mongoInserts(String uri, List<byte[]> documents) {
    try (MongoClient client = MongoClients.create(uri)) {
      MongoCollection<Document> scratch = client.getDatabase("bench").getCollection("t20i");
      long start = System.nanoTime();
      for (byte[] json : documents) {
        scratch.insertOne(Document.parse(new String(json, StandardCharsets.UTF_8)));
      }
      return documents.size() / ((System.nanoTime() - start) / 1e9);
    }
  }

  /** The store's own rate: single-row transactions into a copy of the ball table. */
  private static double postgresInserts(SourcesSettings settings, int count) throws SQLException {
    try (Connection c =
        DriverManager.getConnection(
            settings.postgresUrl(), settings.postgresUser(), settings.postgresPassword())) {
      c.setAutoCommit(true);
      try (Statement s = c.createStatement()) {
        s.execute("create table bench_deliveries (like odi_deliveries including all)");
      }
      try (PreparedStatement insert =
          c.prepareStatement(
              "insert into bench_deliveries (match_id, innings, ball, runs_off_bat, extras)"
                  + " values (?, 1, ?, 1, 0)")) {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
          insert.setString(1, "bench");
          insert.setString(2, (i / 6) + "." + (i % 6 + 1));
          insert.executeUpdate();
        }
        return count / ((System.nanoTime() - start) / 1e9);
      }
    }
  }

  /** Seconds from {@code start} until all documents and all ODI rows were in their raw topics. */
  private static double[] arrivals(String servers, long documents, long rows, long start) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-sources-" + System.nanoTime());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
    double[] seconds = {Double.NaN, Double.NaN};
    long seenDocuments = 0;
    long seenRows = 0;
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(
          List.of(
              Topics.RAW_T20I.name(),
              Topics.RAW_ODI_MATCHES.name(),
              Topics.RAW_ODI_DELIVERIES.name()));
      while (seenDocuments < documents || seenRows < rows) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "timed out: "
                  + seenDocuments
                  + " of "
                  + documents
                  + " documents, "
                  + seenRows
                  + " of "
                  + rows
                  + " rows");
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          if (record.topic().equals(Topics.RAW_T20I.name())) {
            seenDocuments++;
          } else {
            seenRows++;
          }
        }
        double now = (System.nanoTime() - start) / 1e9;
        if (seenDocuments >= documents && Double.isNaN(seconds[0])) {
          seconds[0] = now;
        }
        if (seenRows >= rows && Double.isNaN(seconds[1])) {
          seconds[1] = now;
        }
      }
    }
    return seconds;
  }
}
