package org.cricketstream.sources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.bson.Document;
import org.cricketstream.cricsheet.model.Match;
import org.cricketstream.cricsheet.read.CricsheetData;
import org.cricketstream.cricsheet.read.MatchFiles;
import org.cricketstream.cricsheet.read.MatchText;
import org.cricketstream.processor.CleanEvent;
import org.cricketstream.processor.CleanTopics;
import org.cricketstream.processor.ProcessorApp;
import org.cricketstream.processor.ProcessorSettings;
import org.cricketstream.processor.RawDecoder;
import org.cricketstream.processor.SampleLoad;
import org.cricketstream.sources.connect.Connectors;
import org.cricketstream.sources.connect.OversizeRecords;
import org.cricketstream.sources.replay.MongoT20Sink;
import org.cricketstream.sources.replay.PostgresOdiSink;
import org.cricketstream.sources.replay.Replay;
import org.cricketstream.sources.replay.SourceSink;
import org.cricketstream.stack.LocalPostgres;
import org.cricketstream.testsupport.Fixtures;
import org.cricketstream.topics.Heartbeat;
import org.cricketstream.topics.MatchPartitioner;
import org.cricketstream.topics.RawFormats;
import org.cricketstream.topics.Topic;
import org.cricketstream.topics.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The application server and Kafka Connect with real MongoDB-protocol and PostgreSQL servers. */
class SourcesIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(3);
  private static final Path T20I = Fixtures.folder().resolve("json/900001.json");
  private static final Path ODI = Fixtures.folder().resolve("csv/900003.csv");

  @TempDir Path dir;

  @Test
  void aDocumentInsertedIntoMongoAndRowsCommittedToPostgresArriveInTheirRawTopics()
      throws InterruptedException {
    try (SourcesStack stack = new SourcesStack(dir);
        RawTopics raw = new RawTopics(stack.kafka.bootstrapServers())) {
      Replay.Summary summary = replay(stack, List.of(T20I, ODI), Duration.ZERO, 0);
      Match odi = MatchFiles.readMatch(ODI);
      int balls = odi.deliveries().size();
      assertThat(summary.errors()).isEmpty();

      awaitTheReplay(raw, balls, "the replayed records");

      // What the connectors wrote decodes, with the project's decoders, into the files' matches.
      ConsumerRecord<String, byte[]> document = first(raw, Topics.RAW_T20I.name());
      List<CleanEvent> t20 =
          RawDecoder.t20i(document.key(), document.value(), new RecordHeaders(), source(document));
      assertThat(t20.get(0).match())
          .isEqualTo(MatchFiles.readMatch(T20I).info().withPlayers(List.of()));
      ConsumerRecord<String, byte[]> info = first(raw, Topics.RAW_ODI_MATCHES.name());
      assertThat(
              RawDecoder.odiMatch(info.key(), info.value(), new RecordHeaders(), source(info))
                  .get(0)
                  .match())
          .isEqualTo(odi.info().withPlayers(List.of()));
      List<JsonNode> rows = raw.rows(Topics.RAW_ODI_DELIVERIES.name());
      assertThat(rows).hasSize(balls);
      assertThat(rows.get(0).path("match_id").asText()).isEqualTo("900003");
      assertThat(raw.values(Topics.CONNECT_DEAD_LETTERS.name())).isEmpty();

      // every record of a match in its match's partition, where the processor decodes it without
      // a repartition (ByMatchPartition in both connectors)
      Map<String, String> matchOfTopic =
          Map.of(
              Topics.RAW_T20I.name(), "900001",
              Topics.RAW_ODI_MATCHES.name(), "900003",
              Topics.RAW_ODI_DELIVERIES.name(), "900003");
      List<ConsumerRecord<String, byte[]>> placed =
          raw.records.stream().filter(r -> matchOfTopic.containsKey(r.topic())).toList();
      assertThat(placed).hasSize(balls + 2);
      assertThat(placed)
          .allSatisfy(
              r ->
                  assertThat(r.partition())
                      .as("%s@%d", r.topic(), r.offset())
                      .isEqualTo(
                          MatchPartitioner.partition(
                              matchOfTopic.get(r.topic()), Topics.PARTITIONS)));
    }
  }

  /**
   * Debezium's {@code heartbeat.action.query} commits the heartbeat row every second, and the
   * update is captured like any row: each decodes to its commit time, later than the one before.
   */
  @Test
  void debeziumCommitsTheOdiHeartbeatEverySecondAndEachDecodesToItsCommitTime() {
    try (SourcesStack stack = new SourcesStack(dir);
        RawTopics raw = new RawTopics(stack.kafka.bootstrapServers())) {
      long started = System.currentTimeMillis();
      raw.readUntil(
          r -> r.values(Topics.RAW_ODI_HEARTBEAT.name()).size() >= 4, TIMEOUT, "4 heartbeats");
      List<Long> committed = new ArrayList<>();
      for (ConsumerRecord<String, byte[]> beat : raw.records) {
        if (beat.topic().equals(Topics.RAW_ODI_HEARTBEAT.name())) {
          Heartbeat decoded =
              RawDecoder.odiHeartbeat(beat.key(), beat.value(), new RecordHeaders(), source(beat))
                  .get(0)
                  .heartbeat();
          assertThat(decoded.source()).isEqualTo("odi");
          committed.add(decoded.committedAt());
        }
      }
      // the first is the snapshot of the row as the schema created it; the rest are updates
      List<Long> updates = committed.subList(1, committed.size());
      assertThat(updates).isSorted().doesNotHaveDuplicates();
      assertThat(updates.get(0)).isGreaterThan(started - 60_000);
      for (int i = 1; i < updates.size(); i++) {
        assertThat(updates.get(i) - updates.get(i - 1))
            .as("seconds between beats")
            .isLessThan(5_000);
      }
    }
  }

  /**
   * The worker finds its plugins by their service manifests, not by reading every jar: the MongoDB
   * connector's jar and this project's transform have none of their own, so {@code sources}
   * declares them, and the worker lists them as tools that ask Connect's REST API see them.
   */
  @Test
  void theWorkerListsTheConnectorsAndTheTransformItRuns() throws Exception {
    try (SourcesStack stack = new SourcesStack(dir)) {
      HttpResponse<String> plugins =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              stack.connect.restUrl() + "connector-plugins?connectorsOnly=false"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(plugins.statusCode()).isEqualTo(200);
      assertThat(plugins.body())
          .contains(
              "\"com.mongodb.kafka.connect.MongoSourceConnector\"",
              "\"io.debezium.connector.postgresql.PostgresConnector\"",
              "\"org.cricketstream.sources.connect.OversizeRecords\"",
              "\"org.cricketstream.sources.connect.ByMatchPartition\"");
      // what ./cricket connect reads before it applies a configuration over a connector's own
      assertThat(stack.connectors.current(Connectors.ODI_POSTGRES))
          .hasValueSatisfying(config -> assertThat(Connectors.placesByMatch(config)).isTrue());
      assertThat(stack.connectors.current("no-such-connector")).isEmpty();
    }
  }

  /** Reads until the T20I document, the ODI match and its {@code balls} rows are in. */
  private static void awaitTheReplay(RawTopics raw, int balls, String what) {
    raw.readUntil(
        r ->
            r.values(Topics.RAW_T20I.name()).size() >= 1
                && r.values(Topics.RAW_ODI_MATCHES.name()).size() >= 1
                && r.values(Topics.RAW_ODI_DELIVERIES.name()).size() >= balls,
        TIMEOUT,
        what);
  }

  @Test
  void theConnectWorkerAndBothConnectorsWriteThroughAScramListener() throws InterruptedException {
    try (SourcesStack stack = new SourcesStack(dir, true);
        RawTopics raw = new RawTopics(stack.bootstrapServers, stack.client)) {
      assertThat(stack.client.values()).containsEntry("sasl.mechanism", "SCRAM-SHA-512");
      Replay.Summary summary = replay(stack, List.of(T20I, ODI), Duration.ZERO, 0);
      assertThat(summary.errors()).isEmpty();
      int balls = MatchFiles.readMatch(ODI).deliveries().size();
      // the worker's own topics, and the connectors' producers, all went through SCRAM
      awaitTheReplay(raw, balls, "the replayed records, over SCRAM");
      assertThat(raw.values(Topics.CONNECT_DEAD_LETTERS.name())).isEmpty();
    }
  }

  @Test
  void aDocumentOrRowTooLargeForItsTopicBecomesAMarkerNamingItAndCaptureGoesOn() throws Exception {
    try (SourcesStack stack = new SourcesStack(dir);
        RawTopics raw = new RawTopics(stack.kafka.bootstrapServers())) {
      // over the readers' 8 MiB limit, under MongoDB's 16 MiB: a document the broker would refuse
      String huge = "x".repeat(MatchText.MAX_BYTES + 1024);
      String hugeId;
      try (MongoClient client = MongoClients.create(stack.mongo.uri())) {
        Document document = new Document("match_id", "999999").append("padding", huge);
        client
            .getDatabase(RawFormats.MONGO_DATABASE)
            .getCollection(RawFormats.MONGO_COLLECTION)
            .insertOne(document);
        hugeId = document.getObjectId("_id").toHexString();
      }
      try (Connection c =
              DriverManager.getConnection(
                  stack.postgresUrl(), LocalPostgres.USER, stack.postgres.password());
          PreparedStatement insert =
              c.prepareStatement("insert into odi_matches (match_id, info_csv) values (?, ?)")) {
        insert.setString(1, "999998");
        insert.setString(2, huge);
        insert.executeUpdate();
      }
      Replay.Summary summary = replay(stack, List.of(T20I, ODI), Duration.ZERO, 0);
      assertThat(summary.errors()).isEmpty();
      int balls = MatchFiles.readMatch(ODI).deliveries().size();
      // what came after the oversized records arrived: the sources did not stop
      raw.readUntil(
          r ->
              r.values(Topics.RAW_T20I.name()).size() >= 2
                  && r.values(Topics.RAW_ODI_MATCHES.name()).size() >= 2
                  && r.values(Topics.RAW_ODI_DELIVERIES.name()).size() >= balls,
          TIMEOUT,
          "the markers and the records after them");
      stack.connectors.awaitRunning(Connectors.T20I_MONGO, Duration.ofSeconds(10));
      stack.connectors.awaitRunning(Connectors.ODI_POSTGRES, Duration.ofSeconds(10));

      ConsumerRecord<String, byte[]> document = marker(raw, Topics.RAW_T20I.name());
      assertThat(document.key()).contains(hugeId);
      assertThat(header(document, RawFormats.HEADER_CONNECT_REJECTED))
          .contains("larger than the " + MatchText.MAX_BYTES + " bytes");
      assertThat(document.value().length).isLessThan(1024);
      ConsumerRecord<String, byte[]> row = marker(raw, Topics.RAW_ODI_MATCHES.name());
      assertThat(header(row, RawFormats.HEADER_CONNECT_REJECTED)).contains("larger than");
      assertThat(header(row, OversizeRecords.HEADER_SIZE)).isNotNull();
    }
  }

  /** The one record of {@code topic} that stands for a record its source could not publish. */
  private static ConsumerRecord<String, byte[]> marker(RawTopics raw, String topic) {
    List<ConsumerRecord<String, byte[]>> markers =
        raw.records.stream()
            .filter(r -> r.topic().equals(topic))
            .filter(r -> header(r, RawFormats.HEADER_CONNECT_REJECTED) != null)
            .toList();
    assertThat(markers).as("markers in %s", topic).hasSize(1);
    return markers.get(0);
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  /**
   * A task that starts without offsets (its first ones never flushed, as when the broker was held
   * down) snapshots the tables again: each table's rows must come in commit order, which a plain
   * scan does not give once rows have moved in the heap, or the processor numbers balls out of
   * order.
   */
  @Test
  void aSnapshotTakenAgainEmitsTheOdiRowsInCommitOrder() throws Exception {
    try (SourcesStack stack = new SourcesStack(dir);
        RawTopics raw = new RawTopics(stack.kafka.bootstrapServers())) {
      replay(stack, List.of(ODI), Duration.ZERO, 0);
      int balls = MatchFiles.readMatch(ODI).deliveries().size();
      try (Connection c =
              DriverManager.getConnection(
                  stack.postgresUrl(), LocalPostgres.USER, stack.postgres.password());
          Statement s = c.createStatement()) {
        // new versions of the first rows go to the end of the heap: a plain scan returns them last
        s.executeUpdate(
            "UPDATE odi_deliveries SET match_id = match_id"
                + " WHERE id IN (SELECT id FROM odi_deliveries ORDER BY id LIMIT 5)");
      }
      ObjectNode always = Connectors.config(Connectors.ODI_POSTGRES, stack.connectorValues());
      always.put("snapshot.mode", "always");
      stack.connectors.apply(Connectors.ODI_POSTGRES, always);

      raw.readUntil(
          r -> snapshotIds(r).size() >= balls, TIMEOUT, balls + " balls snapshotted again");
      List<Long> ids = snapshotIds(raw);
      assertThat(ids).hasSize(balls).isSorted();
    }
  }

  /** The row ids of the ODI balls that snapshots emitted, in topic order. */
  private static List<Long> snapshotIds(RawTopics raw) {
    return raw.values(Topics.RAW_ODI_DELIVERIES.name()).stream()
        .filter(v -> !v.path("source").path("snapshot").asText().equals("false"))
        .map(v -> v.path("after").path("id").asLong())
        .toList();
  }

  @Test
  void kafkaConnectStoppedAndRestartedMidReplayLosesNothing() throws Exception {
    try (SourcesStack stack = new SourcesStack(dir);
        RawTopics raw = new RawTopics(stack.kafka.bootstrapServers())) {
      Thread replay = inBackground(stack, sample(), Duration.ofMillis(1), 0);
      raw.readUntil(
          r -> r.values(Topics.RAW_ODI_DELIVERIES.name()).size() >= 500, TIMEOUT, "500 balls");
      stack.stopConnect();
      Thread.sleep(2000);
      stack.startConnect();
      replay.join();
      assertEverySentRecordArrived(stack, raw);
    }
  }

  @Test
  void sourceDatabasesRestartedMidReplayLoseNothing() throws Exception {
    try (SourcesStack stack = new SourcesStack(dir);
        RawTopics raw = new RawTopics(stack.kafka.bootstrapServers())) {
      Thread replay = inBackground(stack, sample(), Duration.ofMillis(1), 0);
      raw.readUntil(
          r -> r.values(Topics.RAW_ODI_DELIVERIES.name()).size() >= 500, TIMEOUT, "500 balls");
      stack.restartDatabases();
      replay.join();
      assertEverySentRecordArrived(stack, raw);
    }
  }

  @Test
  void aCrashReplayingSourceYieldsTheSameCleanTopicsAsOneWithoutRepeats() throws Exception {
    List<Path> files = sample();
    SampleLoad expected = SampleLoad.ofFiles(files);
    try (SourcesStack stack = new SourcesStack(dir)) {
      ProcessorApp processor =
          ProcessorApp.start(
              ProcessorSettings.fromEnvironment(Map.of())
                  .withBootstrapServers(stack.kafka.bootstrapServers())
                  .withStateDir(dir.resolve("processor")));
      CleanTopics clean = new CleanTopics(stack.kafka.bootstrapServers());
      try {
        Replay.Summary summary = replay(stack, files, Duration.ZERO, 0.3);
        assertThat(summary.repeated().values().stream().mapToLong(Long::longValue).sum())
            .as("records committed twice")
            .isPositive();
        clean.readUntil(expected.expectedDeliveries(), TIMEOUT);
      } finally {
        processor.close();
        clean.close();
      }
      for (Topic<String, ?> topic : Topics.clean()) {
        assertThat(clean.repeated(topic.name())).as("repeats in %s", topic).isEmpty();
        assertThat(clean.current(topic.name()))
            .as("%s", topic)
            .isEqualTo(expected.expected.get(topic.name()));
      }
    }
  }

  /** A few real matches of each source when real data is present, else the fixtures. */
  static List<Path> sample() {
    List<Path> files = new ArrayList<>(List.of(T20I, ODI));
    CricsheetData.real()
        .ifPresent(
            real -> {
              List<Path> json = SampleLoad.filesIn(List.of(real.resolve(CricsheetData.T20I_JSON)));
              List<Path> csv = SampleLoad.filesIn(List.of(real.resolve(CricsheetData.ODI_CSV)));
              files.addAll(json.subList(0, 10));
              files.addAll(csv.subList(0, 10));
            });
    return files;
  }

  private Thread inBackground(SourcesStack stack, List<Path> files, Duration pace, double crash) {
    Thread thread =
        new Thread(
            () -> {
              try {
                replay(stack, files, pace, crash);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "replay");
    thread.start();
    return thread;
  }

  /** Every document in MongoDB and every row in PostgreSQL reached its raw topic at least once. */
  private static void assertEverySentRecordArrived(SourcesStack stack, RawTopics raw)
      throws SQLException {
    Set<String> documents = new HashSet<>();
    try (MongoClient client = MongoClients.create(stack.mongo.uri())) {
      client
          .getDatabase(RawFormats.MONGO_DATABASE)
          .getCollection(RawFormats.MONGO_COLLECTION)
          .find()
          .forEach(d -> documents.add(d.getObjectId("_id").toHexString()));
    }
    Set<Long> balls = ids(stack, "select id from odi_deliveries");
    Set<Long> matches = ids(stack, "select id from odi_matches");
    raw.readUntil(
        r ->
            idsOf(r.values(Topics.RAW_T20I.name()), "_id").containsAll(documents)
                && longIds(r.rows(Topics.RAW_ODI_DELIVERIES.name())).containsAll(balls)
                && longIds(r.rows(Topics.RAW_ODI_MATCHES.name())).containsAll(matches),
        TIMEOUT,
        documents.size()
            + " documents, "
            + balls.size()
            + " balls, "
            + matches.size()
            + " matches");
    assertThat(balls).isNotEmpty();
    assertThat(documents).isNotEmpty();
  }

  private static Set<Long> ids(SourcesStack stack, String sql) throws SQLException {
    Set<Long> ids = new HashSet<>();
    try (Connection c =
            DriverManager.getConnection(
                stack.postgresUrl(), LocalPostgres.USER, stack.postgres.password());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
    }
    return ids;
  }

  private static Set<String> idsOf(List<JsonNode> values, String field) {
    Set<String> ids = new HashSet<>();
    values.forEach(
        v ->
            ids.add(
                v.path(field).isObject()
                    ? v.path(field).path("$oid").asText()
                    : v.path(field).asText()));
    return ids;
  }

  private static Set<Long> longIds(List<JsonNode> rows) {
    Set<Long> ids = new HashSet<>();
    rows.forEach(r -> ids.add(r.path("id").asLong()));
    return ids;
  }

  static Replay.Summary replay(SourcesStack stack, List<Path> files, Duration pace, double crash)
      throws InterruptedException {
    Map<Replay.Source, SourceSink> sinks =
        Map.of(
            Replay.Source.T20I, new MongoT20Sink(stack.mongo.uri()),
            Replay.Source.ODI,
                new PostgresOdiSink(
                    stack.postgresUrl(), LocalPostgres.USER, stack.postgres.password()));
    try {
      return new Replay(
              files,
              new Replay.Options(pace, crash, 42, stack.dir.resolve("replay-position.json")),
              sinks,
              new PrintWriter(System.err, true, StandardCharsets.UTF_8))
          .run();
    } finally {
      sinks.values().forEach(SourceSink::close);
    }
  }

  private static ConsumerRecord<String, byte[]> first(RawTopics raw, String topic) {
    return raw.records.stream().filter(r -> r.topic().equals(topic)).findFirst().orElseThrow();
  }

  private static CleanEvent.Source source(ConsumerRecord<String, byte[]> record) {
    return new CleanEvent.Source(record.topic(), record.partition(), record.offset());
  }
}
