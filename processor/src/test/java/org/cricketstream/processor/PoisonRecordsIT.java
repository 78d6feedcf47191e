package org.cricketstream.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cricketstream.cricsheet.model.Match;
import org.cricketstream.cricsheet.read.MatchFiles;
import org.cricketstream.stack.LocalKafka;
import org.cricketstream.testsupport.RawPublisher;
import org.cricketstream.testsupport.RawRecord;
import org.cricketstream.testsupport.RawRecords;
import org.cricketstream.topics.DeadLetter;
import org.cricketstream.topics.RawFormats;
import org.cricketstream.topics.TopicAdmin;
import org.cricketstream.topics.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Poison records on a real broker: a Test match YAML of 10,000 nested brackets (one a line) from S3
 * and a 2 MB broken T20I JSON document from MongoDB become dead letters that name their origin, the
 * large one referring to its payload instead of repeating it, and the good matches published after
 * them are processed in full.
 */
class PoisonRecordsIT {
  private static final Path T20I = ProcessorTestData.fixtures().resolve("json/900001.json");
  private static final Path TEST = ProcessorTestData.fixtures().resolve("yaml/900002.yaml");
  private static final int TWO_MB = 2 * 1024 * 1024;

  @TempDir Path dir;

  @Test
  void poisonRecordsBecomeDeadLettersWithTheirOriginAndTheRecordsAfterThemAreProcessed() {
    RawRecords raw = new RawRecords();
    String nestedKey = "tests/poison-nested.yaml";
    RawRecord nested =
        raw.s3Object(
            "cricket-tests",
            nestedKey,
            ("x:\n" + " [\n".repeat(10_000)).getBytes(StandardCharsets.UTF_8));
    byte[] broken = ("{\"meta\": \"" + "a".repeat(TWO_MB)).getBytes(StandardCharsets.UTF_8);
    RawRecord large = new RawRecord(RawFormats.MONGO_TOPIC, "{\"_id\":\"big\"}", broken, Map.of());
    List<RawRecord> records = new ArrayList<>();
    records.add(nested);
    records.add(large);
    records.addAll(raw.of(T20I));
    records.addAll(raw.of(TEST));
    int goodDeliveries =
        MatchFiles.readMatch(T20I).deliveries().size()
            + MatchFiles.readMatch(TEST).deliveries().size();

    try (LocalKafka kafka = LocalKafka.start(dir.resolve("kafka"))) {
      TopicAdmin.ensure(kafka.bootstrapServers(), Topics.all());
      CleanTopics clean = new CleanTopics(kafka.bootstrapServers());
      ProcessorApp app =
          ProcessorApp.start(
              ProcessorSettings.fromEnvironment(Map.of())
                  .withBootstrapServers(kafka.bootstrapServers())
                  .withApplicationId("poison-it")
                  .withStateDir(dir.resolve("state")));
      try (RawPublisher publisher = new RawPublisher(kafka.bootstrapServers())) {
        publisher.publish(records);
        clean.readUntil(goodDeliveries, Duration.ofMinutes(3));
      } finally {
        app.close();
        clean.close();
      }

      Map<String, Object> letters = clean.current(Topics.DEAD_LETTERS.name());
      assertThat(letters).hasSize(2);
      DeadLetter fromS3 = (DeadLetter) letters.get(nestedKey);
      assertThat(fromS3.sourceTopic()).isEqualTo(RawFormats.S3_TOPIC);
      assertThat(fromS3.origin()).contains("s3://cricket-tests/" + nestedKey);
      assertThat(fromS3.error())
          .isEqualTo("line 65: nested more than 64 levels deep (a Cricsheet match nests about 8)");
      assertThat(fromS3.payloadBase64()).isNotNull();

      DeadLetter fromMongo = (DeadLetter) letters.get("{\"_id\":\"big\"}");
      assertThat(fromMongo.sourceTopic()).isEqualTo(RawFormats.MONGO_TOPIC);
      assertThat(fromMongo.error()).contains("not valid JSON");
      assertThat(fromMongo.payloadBase64()).as("a 2 MB payload is not repeated").isNull();
      assertThat(fromMongo.payloadBytes()).isEqualTo(broken.length);
      assertThat(fromMongo.payloadReference())
          .isEqualTo(
              RawFormats.MONGO_TOPIC
                  + "/"
                  + fromMongo.partition()
                  + "/"
                  + fromMongo.offset()
                  + " ("
                  + fromMongo.origin()
                  + ")");

      Match t20i = MatchFiles.readMatch(T20I);
      Match test = MatchFiles.readMatch(TEST);
      assertThat(clean.current(Topics.MATCHES.name()))
          .containsKeys(t20i.info().key(), test.info().key());
      assertThat(clean.count(Topics.DELIVERIES.name())).isEqualTo(goodDeliveries);
    }
  }
}
