package org.cricketstream.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Utils;
import org.cricketstream.cricsheet.model.Match;
import org.cricketstream.cricsheet.read.MatchFiles;
import org.cricketstream.stack.LocalKafka;
import org.cricketstream.testsupport.RawPublisher;
import org.cricketstream.testsupport.RawRecord;
import org.cricketstream.testsupport.RawRecords;
import org.cricketstream.topics.DeadLetter;
import org.cricketstream.topics.MatchPartitioner;
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

  @Test
  void aRepartitionTopicAnEarlierProcessorMadeIsRaisedToTakeWholeRawRecords() throws Exception {
    RawRecords raw = new RawRecords();
    // of a match, and where Kafka's default partitioner puts its key, not in its match's
    // partition: it goes through the repartition topic
    byte[] broken =
        ("{\"match_id\": \"1234\", \"meta\": \"" + "a".repeat(TWO_MB))
            .getBytes(StandardCharsets.UTF_8);
    String key = keyPlacedOutsideItsMatch("1234");
    List<RawRecord> records = new ArrayList<>();
    records.add(new RawRecord(RawFormats.MONGO_TOPIC, key, broken, Map.of()));
    records.addAll(raw.of(T20I));

    try (LocalKafka kafka = LocalKafka.start(dir.resolve("kafka"))) {
      TopicAdmin.ensure(kafka.bootstrapServers(), Topics.all());
      ProcessorSettings settings =
          ProcessorSettings.fromEnvironment(Map.of())
              .withBootstrapServers(kafka.bootstrapServers())
              .withApplicationId("upgrade-it")
              .withStateDir(dir.resolve("state"));
      ConfigResource repartition =
          new ConfigResource(ConfigResource.Type.TOPIC, settings.repartitionTopic());
      try (Admin admin =
          Admin.create(
              Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
        // as Kafka Streams made it for decoded events: the broker's default record size
        admin
            .createTopics(
                List.of(new NewTopic(settings.repartitionTopic(), Topics.PARTITIONS, (short) 1)))
            .all()
            .get();
        assertThat(maxMessageBytes(admin, repartition)).isLessThan(TWO_MB);

        CleanTopics clean = new CleanTopics(kafka.bootstrapServers());
        ProcessorApp app = ProcessorApp.start(settings);
        try (RawPublisher publisher =
            new RawPublisher(kafka.bootstrapServers(), RawPublisher.Placement.BY_KEY)) {
          publisher.publish(records);
          clean.readUntil(MatchFiles.readMatch(T20I).deliveries().size(), Duration.ofMinutes(3));
        } finally {
          app.close();
          clean.close();
        }
        assertThat(maxMessageBytes(admin, repartition))
            .isEqualTo(ProcessorSettings.INTERNAL_MAX_MESSAGE_BYTES);
        // the 2 MB record went through it to its dead letter
        DeadLetter letter = (DeadLetter) clean.current(Topics.DEAD_LETTERS.name()).get(key);
        assertThat(letter.payloadBytes()).isEqualTo(broken.length);
      }
    }
  }

  /**
   * The topic's max.message.bytes, asked again while the broker does not know the topic yet: a
   * topic just created may not be in the metadata of the broker the request reaches (seen in CI).
   */
  private static int maxMessageBytes(Admin admin, ConfigResource topic) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        return Integer.parseInt(
            admin
                .describeConfigs(List.of(topic))
                .all()
                .get()
                .get(topic)
                .get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)
                .value());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
            || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  /** A MongoDB key the default partitioner puts outside the partition of {@code matchId}. */
  private static String keyPlacedOutsideItsMatch(String matchId) {
    for (int n = 0; ; n++) {
      String key = "{\"_id\":\"big-" + n + "\"}";
      int byKey =
          Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % Topics.PARTITIONS;
      if (byKey != MatchPartitioner.partition(matchId, Topics.PARTITIONS)) {
        return key;
      }
    }
  }
}
