package org.cricketstream.sources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.cricketstream.cricsheet.model.Match;
import org.cricketstream.cricsheet.read.CricsheetData;
import org.cricketstream.cricsheet.read.MatchFiles;
import org.cricketstream.processor.CleanEvent;
import org.cricketstream.processor.RawDecoder;
import org.cricketstream.sources.replay.MongoT20Sink;
import org.cricketstream.sources.replay.PostgresOdiSink;
import org.cricketstream.sources.replay.Replay;
import org.cricketstream.sources.replay.SourceSink;
import org.cricketstream.stack.LocalPostgres;
import org.cricketstream.topics.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The application server and Kafka Connect with real MongoDB-protocol and PostgreSQL servers. */
class SourcesIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(3);
  private static final Path T20I = CricsheetData.fixtures().resolve("json/900001.json");
  private static final Path ODI = CricsheetData.fixtures().resolve("csv/900003.csv");

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

      raw.readUntil(
          r ->
              r.values(Topics.RAW_T20I.name()).size() >= 1
                  && r.values(Topics.RAW_ODI_MATCHES.name()).size() >= 1
                  && r.values(Topics.RAW_ODI_DELIVERIES.name()).size() >= balls,
          TIMEOUT,
          "the replayed records");

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
    }
  }

  static Replay.Summary replay(SourcesStack stack, List<Path> files, Duration pace, double crash)
      throws InterruptedException {
    Map<Replay.Source, SourceSink> sinks =
        Map.of(
            Replay.Source.T20I, new MongoT20Sink(stack.mongo.uri()),
            Replay.Source.ODI, new PostgresOdiSink(stack.postgresUrl(), LocalPostgres.USER, ""));
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
