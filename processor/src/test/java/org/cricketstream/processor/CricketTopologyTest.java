package org.cricketstream.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.test.TestRecord;
import org.cricketstream.cricsheet.model.Delivery;
import org.cricketstream.cricsheet.model.Innings;
import org.cricketstream.cricsheet.model.Match;
import org.cricketstream.cricsheet.read.CsvMatchReader;
import org.cricketstream.cricsheet.read.MatchFiles;
import org.cricketstream.cricsheet.score.InningsCard;
import org.cricketstream.cricsheet.score.Scorecard;
import org.cricketstream.testsupport.RawRecord;
import org.cricketstream.testsupport.RawRecords;
import org.cricketstream.topics.DeadLetter;
import org.cricketstream.topics.Heartbeat;
import org.cricketstream.topics.Json;
import org.cricketstream.topics.RawFormats;
import org.cricketstream.topics.Schemas;
import org.cricketstream.topics.Topic;
import org.cricketstream.topics.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CricketTopologyTest {
  private static final Path T20I = ProcessorTestData.fixtures().resolve("json/900001.json");
  private static final Path TEST = ProcessorTestData.fixtures().resolve("yaml/900002.yaml");
  private static final Path ODI = ProcessorTestData.fixtures().resolve("csv/900003.csv");

  @TempDir Path state;
  private TopologyHarness harness;
  private final RawRecords raw = new RawRecords();

  @BeforeEach
  void start() {
    harness = new TopologyHarness(state);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  // ---- whole-match documents: T20I JSON from MongoDB, Test YAML from S3 ----

  @ParameterizedTest
  @MethodSource("documents")
  void aMatchDocumentExplodesIntoEveryCleanTopic(Path file) {
    Match match = MatchFiles.readMatch(file);
    harness.sendAll(raw.of(file));

    assertThat(values(harness.read(Topics.MATCHES)))
        .containsExactly(match.info().withPlayers(List.of()));
    assertThat(values(harness.read(Topics.PLAYERS))).isEqualTo(match.info().players());
    assertThat(values(harness.read(Topics.INNINGS)))
        .isEqualTo(match.innings().stream().map(Innings::header).toList());
    List<TestRecord<String, Delivery>> deliveries = harness.read(Topics.DELIVERIES);
    assertThat(values(deliveries)).isEqualTo(match.deliveries());
    assertThat(deliveries).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().key()));
    assertThat(harness.read(Topics.DEAD_LETTERS)).isEmpty();
  }

  /**
   * A raw record in its match's partition is decoded in the task that reads it, one elsewhere in
   * the task of its match after the repartition: both reach the same deduplication store only if
   * the raw topics and the repartition topic are read by the same tasks, one sub-topology.
   */
  @Test
  void rawTopicsAndTheRepartitionByMatchAreReadByTheSameTasks() {
    TopologyDescription description = CricketTopology.build(Duration.ofDays(7)).describe();
    assertThat(description.subtopologies()).hasSize(1);
    List<String> sources = new ArrayList<>();
    for (TopologyDescription.Node node : description.subtopologies().iterator().next().nodes()) {
      if (node instanceof TopologyDescription.Source source) {
        sources.addAll(source.topicSet());
      }
    }
    List<String> expected = new ArrayList<>();
    for (RawSource source : RawSource.values()) {
      expected.add(source.topic().name());
    }
    expected.add(CricketTopology.BY_MATCH + "-repartition");
    assertThat(sources).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void theSameDocumentInsertedAgainUnderANewIdProducesNothing() throws IOException {
    RawRecord first = raw.of(T20I).get(0);
    harness.send(first);
    drainCleanTopics();

    ObjectNode again = Json.MAPPER.readValue(first.value(), ObjectNode.class);
    again.put(RawFormats.MONGO_ID_FIELD, "65f000000000000000000001");
    harness.send(
        new RawRecord(
            first.topic(),
            "{\"_id\":{\"_data\":\"other\"}}",
            Json.MAPPER.writeValueAsBytes(again),
            Map.of()));

    assertThat(drainCleanTopics()).isEmpty();
  }

  @Test
  void theSameS3ObjectDeliveredTwiceProducesNothingTheSecondTime() {
    harness.sendAll(raw.of(TEST));
    assertThat(drainCleanTopics()).isNotEmpty();
    harness.sendAll(raw.of(TEST));
    assertThat(drainCleanTopics()).isEmpty();
  }

  @Test
  void aCorrectedDocumentUpdatesOnlyWhatChanged() throws IOException {
    RawRecord first = raw.of(T20I).get(0);
    harness.send(first);
    drainCleanTopics();

    ObjectNode corrected = Json.MAPPER.readValue(first.value(), ObjectNode.class);
    ObjectNode runs = (ObjectNode) corrected.at("/innings/0/overs/0/deliveries/0/runs");
    runs.put("batter", runs.get("batter").asInt() + 1);
    runs.put("total", runs.get("total").asInt() + 1);
    harness.send(
        new RawRecord(
            first.topic(), first.key(), Json.MAPPER.writeValueAsBytes(corrected), Map.of()));

    assertThat(harness.read(Topics.MATCHES)).isEmpty();
    assertThat(harness.read(Topics.PLAYERS)).isEmpty();
    assertThat(harness.read(Topics.INNINGS)).isEmpty();
    List<Delivery> updated = values(harness.read(Topics.DELIVERIES));
    Delivery original = MatchFiles.readMatch(T20I).deliveries().get(0);
    assertThat(updated).hasSize(1);
    assertThat(updated.get(0).key()).isEqualTo(original.key());
    assertThat(updated.get(0).batterRuns()).isEqualTo(original.batterRuns() + 1);
  }

  @Test
  void aDocumentThatGrewPassesOnOnlyItsNewBalls() throws IOException {
    RawRecord whole = raw.of(T20I).get(0);
    ObjectNode shorter = Json.MAPPER.readValue(whole.value(), ObjectNode.class);
    ArrayNode overs = (ArrayNode) shorter.at("/innings/1/overs");
    overs.remove(overs.size() - 1);
    harness.send(
        new RawRecord(
            whole.topic(), whole.key(), Json.MAPPER.writeValueAsBytes(shorter), Map.of()));
    drainCleanTopics();

    harness.send(whole);

    // the balls of the second innings' last over, which the shorter document did not have
    List<Delivery> second =
        MatchFiles.readMatch(T20I).deliveries().stream().filter(d -> d.innings() == 2).toList();
    int lastOver = second.get(second.size() - 1).over();
    List<Delivery> added = values(harness.read(Topics.DELIVERIES));
    assertThat(added)
        .isNotEmpty()
        .isEqualTo(second.stream().filter(d -> d.over() == lastOver).toList());
    assertThat(harness.read(Topics.INNINGS)).isEmpty();
  }

  /**
   * A document brings its innings whole: the store keeps one entry for an innings' balls, not one
   * per ball (each of which was a store write and a changelog record).
   */
  @Test
  void aDocumentsBallsAreRememberedInOneEntryPerInnings() {
    Match match = MatchFiles.readMatch(TEST);
    harness.sendAll(raw.of(TEST));

    Set<String> ballKeys =
        match.deliveries().stream().map(Delivery::key).collect(Collectors.toSet());
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, String> all =
        harness.driver.<String, String>getKeyValueStore(Deduplicator.STORE).all()) {
      all.forEachRemaining(entry -> keys.add(entry.key));
    }
    assertThat(keys).noneMatch(ballKeys::contains);
    assertThat(keys.stream().filter(k -> k.startsWith("#innings/")))
        .hasSize(match.innings().size());
  }

  // ---- ODI rows from PostgreSQL via Debezium ----

  @Test
  void odiBallRowsBecomeDeliveriesAsTheyArriveNumberedWithinTheirInnings() {
    Match match = MatchFiles.readMatch(ODI);
    List<RawRecord> records = raw.of(ODI);
    RawRecord info = records.get(0);
    List<RawRecord> balls = records.subList(1, records.size());

    harness.sendAll(balls);
    assertThat(harness.read(Topics.MATCHES)).isEmpty();
    assertThat(values(harness.read(Topics.DELIVERIES))).isEqualTo(match.deliveries());
    assertThat(values(harness.read(Topics.INNINGS)))
        .isEqualTo(match.innings().stream().map(Innings::header).toList());

    harness.send(info);
    assertThat(values(harness.read(Topics.MATCHES)))
        .containsExactly(match.info().withPlayers(List.of()));
    assertThat(values(harness.read(Topics.PLAYERS))).isEqualTo(match.info().players());
  }

  @Test
  void aBallCommittedAgainWithANewPrimaryKeyProducesNothing() {
    harness.sendAll(raw.of(ODI));
    drainCleanTopics();
    // raw.of numbers rows anew: every ball comes again under a new id, as after a crash.
    harness.sendAll(raw.of(ODI));
    assertThat(drainCleanTopics()).isEmpty();
  }

  @Test
  void aCorrectedBallIsAnUpdateThatKeepsItsPlaceInTheInnings() throws IOException {
    harness.sendAll(raw.of(ODI));
    List<Delivery> first = values(harness.read(Topics.DELIVERIES));
    drainCleanTopics();

    List<List<String>> rows = ballRows(ODI);
    List<String> corrected = new ArrayList<>(rows.get(2));
    int runsOffBat = CsvMatchReader.BALL_COLUMNS.indexOf("runs_off_bat");
    corrected.set(runsOffBat, String.valueOf(Integer.parseInt(corrected.get(runsOffBat)) + 2));
    harness.send(raw.odiDelivery(corrected));

    List<Delivery> update = values(harness.read(Topics.DELIVERIES));
    assertThat(update).hasSize(1);
    assertThat(update.get(0).key()).isEqualTo(first.get(2).key());
    assertThat(update.get(0).sequence()).isEqualTo(first.get(2).sequence());
    assertThat(update.get(0).batterRuns()).isEqualTo(first.get(2).batterRuns() + 2);
  }

  @Test
  void aTenthBallPrintedAsTheFirstIsStillTheTenthAndItsRepeatsAreRemoved() {
    int ball = CsvMatchReader.BALL_COLUMNS.indexOf("ball");
    List<RawRecord> records = new ArrayList<>();
    for (List<String> row : ballRows(ODI)) {
      List<String> printed = new ArrayList<>(row);
      // As 1185312.csv and eleven other real files print it.
      printed.set(ball, printed.get(ball).replace(".10", ".1"));
      records.add(raw.odiDelivery(printed));
    }
    harness.sendAll(records);
    List<Delivery> deliveries = values(harness.read(Topics.DELIVERIES));
    assertThat(deliveries).isEqualTo(MatchFiles.readMatch(ODI).deliveries());
    assertThat(deliveries).extracting(Delivery::label).contains("1.10");
    drainCleanTopics();

    for (List<String> row : ballRows(ODI)) {
      List<String> printed = new ArrayList<>(row);
      printed.set(ball, printed.get(ball).replace(".10", ".1"));
      harness.send(raw.odiDelivery(printed));
    }
    assertThat(drainCleanTopics()).isEmpty();
  }

  @Test
  void odiRowsReadTheSameWithOrWithoutTheConvertersSchemaAndABrokenEnvelopeIsADeadLetter()
      throws IOException {
    // the connector writes no schema now; earlier versions wrote {"schema": ..., "payload": ...}
    List<RawRecord> records = raw.of(ODI);
    List<RawRecord> withSchema = new ArrayList<>();
    for (RawRecord record : records) {
      ObjectNode envelope = Json.MAPPER.createObjectNode();
      envelope.putObject("schema").put("type", "struct").put("name", record.topic() + ".Envelope");
      envelope.set("payload", Json.MAPPER.readTree(record.value()));
      withSchema.add(
          new RawRecord(
              record.topic(), record.key(), Json.MAPPER.writeValueAsBytes(envelope), Map.of()));
    }
    harness.sendAll(withSchema);
    Match match = MatchFiles.readMatch(ODI);
    assertThat(values(harness.read(Topics.DELIVERIES))).isEqualTo(match.deliveries());

    RawRecord ball = records.get(1);
    byte[] cut = java.util.Arrays.copyOf(ball.value(), ball.value().length - 1);
    harness.send(new RawRecord(ball.topic(), ball.key(), cut, Map.of()));
    harness.send(
        new RawRecord(
            ball.topic(), ball.key(), "[1, 2]".getBytes(StandardCharsets.UTF_8), Map.of()));
    List<DeadLetter> letters = values(harness.read(Topics.DEAD_LETTERS));
    assertThat(letters).hasSize(2);
    assertThat(letters.get(0).error()).contains("not a JSON change event");
    assertThat(letters.get(1).error()).contains("not a Debezium change event");
  }

  // ---- an upgrade: events a processor before the raw repartition left in its topic ----

  @Test
  void
      decodedEventsAnEarlierProcessorLeftInTheRepartitionTopicArePassedOnAndGarbageIsADeadLetter() {
    List<CleanEvent> events =
        RawSource.T20I.decode(
            new org.apache.kafka.streams.processor.api.Record<>(
                raw.of(T20I).get(0).key(), raw.of(T20I).get(0).value(), 0L),
            0,
            0);
    for (CleanEvent event : events) {
      harness.repartition.pipeInput(event.key(), CricketTopology.EVENT_SERDE.toBytes(event));
    }
    harness.repartition.pipeInput("garbage", "{\"kind\":".getBytes(StandardCharsets.UTF_8));
    RecordHeaders badOffset = new RecordHeaders();
    badOffset.add(MatchRoute.TOPIC, Topics.RAW_T20I.name().getBytes(StandardCharsets.UTF_8));
    badOffset.add(MatchRoute.PARTITION, "0".getBytes(StandardCharsets.UTF_8));
    badOffset.add(MatchRoute.OFFSET, "twelve".getBytes(StandardCharsets.UTF_8));
    harness.repartition.pipeInput(
        new TestRecord<>("routed", "{}".getBytes(StandardCharsets.UTF_8), badOffset));

    assertThat(harness.read(Topics.MATCHES)).hasSize(1);
    assertThat(harness.read(Topics.DELIVERIES))
        .hasSize((int) events.stream().filter(e -> e.kind() == CleanEvent.Kind.DELIVERY).count());
    List<DeadLetter> letters = values(harness.read(Topics.DEAD_LETTERS));
    assertThat(letters).hasSize(2);
    assertThat(letters)
        .allSatisfy(l -> assertThat(l.sourceTopic()).endsWith("-by-match-repartition"));
    assertThat(letters)
        .extracting(DeadLetter::offset)
        .containsExactly((long) events.size(), (long) events.size() + 1);
    assertThat(letters.get(1).error()).contains("twelve");
    drainCleanTopics(); // the players and innings
    // the same match from its source again is a repeat of what the earlier processor let through
    harness.sendAll(raw.of(T20I));
    assertThat(drainCleanTopics()).isEmpty();
  }

  // ---- heartbeats ----

  @Test
  void everyHeartbeatIsPassedOnWithItsCommitTimeAndABrokenOneIsADeadLetter() {
    harness.send(raw.odiHeartbeat("2026-12-02T01:00:00.123456Z"));
    harness.send(raw.odiHeartbeat("2026-12-02T03:00:01.5+02:00"));
    // the same beat again is passed on too: only the newest matters, the sink keeps it
    harness.send(raw.odiHeartbeat("2026-12-02T03:00:01.5+02:00"));
    harness.send(raw.odiHeartbeat("yesterday"));

    List<TestRecord<String, Heartbeat>> beats = harness.read(Topics.HEARTBEATS);
    assertThat(beats).extracting(TestRecord::key).containsExactly("odi", "odi", "odi");
    assertThat(values(beats))
        .extracting(Heartbeat::committedAt)
        .containsExactly(
            Instant.parse("2026-12-02T01:00:00.123Z").toEpochMilli(),
            Instant.parse("2026-12-02T01:00:01.500Z").toEpochMilli(),
            Instant.parse("2026-12-02T01:00:01.500Z").toEpochMilli());
    List<DeadLetter> letters = values(harness.read(Topics.DEAD_LETTERS));
    assertThat(letters).hasSize(1);
    assertThat(letters.get(0).sourceTopic()).isEqualTo(Topics.RAW_ODI_HEARTBEAT.name());
    assertThat(letters.get(0).offset()).isEqualTo(3);
    assertThat(letters.get(0).error()).contains("committed_at", "not a time: yesterday");
    // a heartbeat is no match: nothing else is written
    assertThat(harness.read(Topics.MATCHES)).isEmpty();
    assertThat(harness.read(Topics.DELIVERIES)).isEmpty();
  }

  // ---- bad records ----

  @Test
  void badRecordsGoToDeadLettersWithTheirCoordinatesAndProcessingGoesOn() {
    byte[] garbage = "\u0000not a document".getBytes(StandardCharsets.UTF_8);
    harness.send(new RawRecord(Topics.RAW_T20I.name(), "k1", garbage, Map.of()));
    harness.send(
        new RawRecord(
            Topics.RAW_TEST.name(),
            "tests/900099.yaml",
            "meta:\n  data_version: 0.92\ninfo: [".getBytes(StandardCharsets.UTF_8),
            Map.of(RawFormats.HEADER_BUCKET, "cricket-tests")));
    List<String> badRow = new ArrayList<>(ballRows(ODI).get(0));
    badRow.set(CsvMatchReader.BALL_COLUMNS.indexOf("runs_off_bat"), "four");
    RawRecord badBall = raw.odiDelivery(badRow);
    harness.send(badBall);
    harness.sendAll(raw.of(T20I));

    List<DeadLetter> letters = values(harness.read(Topics.DEAD_LETTERS));
    assertThat(letters).hasSize(3);
    assertThat(letters.get(0).sourceTopic()).isEqualTo(Topics.RAW_T20I.name());
    assertThat(letters.get(0).offset()).isEqualTo(0);
    assertThat(Base64.getDecoder().decode(letters.get(0).payloadBase64())).isEqualTo(garbage);
    assertThat(letters.get(1).origin()).contains("s3://cricket-tests/tests/900099.yaml");
    assertThat(letters.get(1).error()).startsWith("line ");
    assertThat(letters.get(2).sourceTopic()).isEqualTo(Topics.RAW_ODI_DELIVERIES.name());
    assertThat(letters.get(2).error()).contains("runs_off_bat 'four' is not a whole number");
    assertThat(Base64.getDecoder().decode(letters.get(2).payloadBase64()))
        .isEqualTo(badBall.value());
    // The good match after the bad records still arrives whole.
    assertThat(harness.read(Topics.MATCHES)).hasSize(1);
  }

  @Test
  void aMarkerForARecordTooLargeAtItsSourceIsADeadLetterSayingWhyAndNamingIt() {
    String why = "the source record of about 9000000 bytes is larger than the 8388608 bytes";
    harness.send(
        new RawRecord(
            Topics.RAW_T20I.name(),
            "{\"_id\": \"65f0c0ffee\"}",
            ("rejected: " + why).getBytes(StandardCharsets.UTF_8),
            Map.of(RawFormats.HEADER_CONNECT_REJECTED, why)));
    harness.send(
        new RawRecord(
            Topics.RAW_TEST.name(),
            "tests/huge.yaml",
            "# too large".getBytes(StandardCharsets.UTF_8),
            Map.of(RawFormats.HEADER_BRIDGE_REJECTED, "object of 20 MB")));
    harness.sendAll(raw.of(T20I));

    List<DeadLetter> letters = values(harness.read(Topics.DEAD_LETTERS));
    assertThat(letters).hasSize(2);
    assertThat(letters.get(0).error()).isEqualTo("header connect.rejected: " + why);
    assertThat(letters.get(0).origin()).contains("65f0c0ffee").contains(Topics.RAW_T20I.name());
    assertThat(letters.get(1).error()).isEqualTo("header bridge.rejected: object of 20 MB");
    assertThat(letters.get(1).origin()).contains("tests/huge.yaml");
    assertThat(harness.read(Topics.MATCHES)).hasSize(1);
  }

  @Test
  void aBallForATeamNotInItsMatchIsADeadLetter() {
    List<RawRecord> records = raw.of(ODI);
    harness.send(records.get(0));
    drainCleanTopics();
    List<String> row = new ArrayList<>(ballRows(ODI).get(0));
    row.set(CsvMatchReader.BALL_COLUMNS.indexOf("innings"), "2");
    row.set(CsvMatchReader.BALL_COLUMNS.indexOf("batting_team"), "Nowhere XI");
    harness.send(raw.odiDelivery(row));

    List<DeadLetter> letters = values(harness.read(Topics.DEAD_LETTERS));
    assertThat(letters).hasSize(1);
    assertThat(letters.get(0).error()).contains("Nowhere XI");
  }

  @ParameterizedTest
  @MethodSource("everyFixtureAndSomeRealMatches")
  void everyCleanRecordFollowsItsTopicsDeclaredSchema(Path file) {
    harness.sendAll(raw.of(file));
    for (Topic<String, ?> topic : Topics.clean()) {
      JsonSchema schema =
          JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
              .getSchema(Schemas.current(topic));
      for (TestRecord<String, ?> record : harness.read(topic)) {
        JsonNode value = Json.MAPPER.valueToTree(record.value());
        assertThat(schema.validate(value)).as("%s %s", topic, record.key()).isEmpty();
      }
    }
  }

  /**
   * The raw topics' schemas (what the registry holds for them) describe the records as the
   * connectors write them, and are not vacuous: a record of another shape is reported.
   */
  @ParameterizedTest
  @MethodSource("everyFixtureAndSomeRealMatches")
  void everyRawJsonRecordFollowsItsTopicsDeclaredSchema(Path file) throws Exception {
    List<RawRecord> records = new java.util.ArrayList<>(raw.of(file));
    records.add(raw.odiHeartbeat("2026-12-02T16:00:00.123456Z"));
    int checked = 0;
    for (RawRecord record : records) {
      Topic<String, ?> topic =
          Topics.all().stream().filter(t -> t.name().equals(record.topic())).findFirst().get();
      if (topic.schemaVersion() == 0) {
        continue; // YAML files: no JSON Schema
      }
      JsonSchema schema =
          JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
              .getSchema(Schemas.current(topic));
      JsonNode value = Json.MAPPER.readTree(record.value());
      assertThat(schema.validate(value)).as("%s %s", topic, record.key()).isEmpty();
      ObjectNode other = Json.MAPPER.createObjectNode().put("op", "x").put("match_id", 7);
      assertThat(schema.validate(other)).as("%s takes anything", topic).isNotEmpty();
      checked++;
    }
    assertThat(checked).isPositive();
  }

  // ---- totals ----

  @ParameterizedTest
  @MethodSource("everyFixtureAndSomeRealMatches")
  void inningsTotalsFromCleanDeliveriesEqualTheScorecard(Path file) {
    harness.sendAll(raw.of(file));
    Map<Integer, Integer> runs = new HashMap<>();
    for (Delivery d : values(harness.read(Topics.DELIVERIES))) {
      runs.merge(d.innings(), d.totalRuns(), Integer::sum);
    }
    for (Innings innings : values(harness.read(Topics.INNINGS))) {
      runs.merge(innings.number(), innings.inningsPenaltyRuns(), Integer::sum);
    }
    Scorecard card = Scorecard.of(MatchFiles.readMatch(file));
    for (InningsCard innings : card.innings()) {
      assertThat(runs.get(innings.number()))
          .as("match %s innings %d", card.match(), innings.number())
          .isEqualTo(innings.runs());
    }
  }

  static Stream<Path> documents() {
    return Stream.of(T20I, TEST);
  }

  static Stream<Arguments> everyFixtureAndSomeRealMatches() throws IOException {
    List<Path> files = new ArrayList<>(List.of(T20I, TEST, ODI));
    if (ProcessorTestData.real().isPresent()) {
      Path real = ProcessorTestData.real().get();
      for (String folder : List.of("t20i_json", "odi_csv", "test_yaml")) {
        try (Stream<Path> list = Files.list(real.resolve(folder))) {
          list.filter(p -> !p.toString().endsWith("_info.csv"))
              .sorted()
              .limit(5)
              .forEach(files::add);
        }
      }
    }
    return files.stream().map(Arguments::of);
  }

  private static List<List<String>> ballRows(Path csv) {
    try {
      List<List<String>> rows = new ArrayList<>();
      try (var parser =
          org.apache.commons.csv.CSVFormat.DEFAULT
              .builder()
              .setHeader()
              .get()
              .parse(new StringReader(Files.readString(csv)))) {
        parser.forEach(r -> rows.add(r.toList()));
      }
      return rows;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private List<Object> drainCleanTopics() {
    List<Object> all = new ArrayList<>();
    all.addAll(values(harness.read(Topics.MATCHES)));
    all.addAll(values(harness.read(Topics.PLAYERS)));
    all.addAll(values(harness.read(Topics.INNINGS)));
    all.addAll(values(harness.read(Topics.DELIVERIES)));
    all.addAll(values(harness.read(Topics.DEAD_LETTERS)));
    return all;
  }

  private static <V> List<V> values(List<TestRecord<String, V>> records) {
    return records.stream().map(TestRecord::value).toList();
  }
}
