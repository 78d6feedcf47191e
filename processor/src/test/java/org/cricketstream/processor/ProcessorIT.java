package org.cricketstream.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.cricketstream.cricsheet.model.Delivery;
import org.cricketstream.cricsheet.model.Innings;
import org.cricketstream.cricsheet.read.MatchFiles;
import org.cricketstream.cricsheet.score.InningsCard;
import org.cricketstream.cricsheet.score.Scorecard;
import org.cricketstream.stack.LocalKafka;
import org.cricketstream.testsupport.RawPublisher;
import org.cricketstream.testsupport.RawRecord;
import org.cricketstream.topics.RawFormats;
import org.cricketstream.topics.Topic;
import org.cricketstream.topics.TopicAdmin;
import org.cricketstream.topics.Topics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processor on a real broker, every raw event twice and matches interleaved: the whole sample
 * uninterrupted; a third of it (every third match file, all sources and eras) killed without a
 * clean shutdown and restarted, and shared by two instances of which one stops mid-load. Each time
 * the clean topics must hold exactly one record per natural key, equal to what the files say.
 */
class ProcessorIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(15);
  private static SampleLoad load;
  private static SampleLoad third;

  @TempDir Path dir;

  @BeforeAll
  static void buildLoad() {
    load = SampleLoad.ofSample();
    third = SampleLoad.ofSampleEvery(3);
  }

  /**
   * Half of the matches in their match's partition, as the sources place them, the other half where
   * Kafka's default partitioner puts their keys (as the connectors of a home made before records
   * were placed by match still do): those go through the repartition by match, and meet the same
   * stores. Of the latter, a T20I or Test document's repeat comes placed by match, so it is decoded
   * in its match's task while the first copy came there through the repartition: had either stayed
   * where it was read, both would pass.
   */
  @Test
  void theWholeSampleTwiceInterleavedGivesExactlyOneRecordPerKeyWhereverEachRecordWasPlaced() {
    try (LocalKafka kafka = kafka()) {
      CleanTopics clean = new CleanTopics(kafka.bootstrapServers());
      ProcessorApp app = ProcessorApp.start(settings(kafka, "one"));
      try {
        List<RawRecord> byMatch = new ArrayList<>();
        List<RawRecord> byKey = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (RawRecord record : load.records) {
          String matchId = record.matchId();
          boolean document =
              !record.topic().equals(RawFormats.ODI_MATCHES_TOPIC)
                  && !record.topic().equals(RawFormats.ODI_DELIVERIES_TOPIC);
          boolean placedByKey =
              matchId != null
                  && matchId.hashCode() % 2 == 0
                  && (!document || seen.add(record.topic() + "/" + record.key()));
          (placedByKey ? byKey : byMatch).add(record);
        }
        assertThat(byKey).isNotEmpty();
        assertThat(byMatch).isNotEmpty();
        try (RawPublisher placed = new RawPublisher(kafka.bootstrapServers());
            RawPublisher keyed =
                new RawPublisher(kafka.bootstrapServers(), RawPublisher.Placement.BY_KEY)) {
          placed.publish(byMatch);
          keyed.publish(byKey);
        }
        clean.readUntil(load.expectedDeliveries(), TIMEOUT);
      } finally {
        app.close();
        clean.close();
      }
      assertExactly(load, clean);
    }
  }

  @Test
  void aProcessorKilledMidLoadAndRestartedLeavesTheSameCleanTopics() throws Exception {
    try (LocalKafka kafka = kafka()) {
      ProcessorSettings settings = settings(kafka, "killed");
      Process first = processorProcess(settings, "first");
      third.publish(kafka.bootstrapServers(), 0, third.records.size());
      CleanTopics clean = new CleanTopics(kafka.bootstrapServers());
      clean.readAtLeast(third.expectedDeliveries() / 3, TIMEOUT);
      first.destroyForcibly();
      assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(clean.count(Topics.DELIVERIES.name())).isLessThan(third.expectedDeliveries());

      Process second = processorProcess(settings, "second");
      try {
        clean.readUntil(third.expectedDeliveries(), TIMEOUT);
        // a static member under the name kept with its state: the restarted process took the
        // killed one's place in the group instead of waiting for the broker to give up on it
        assertThat(members(kafka, settings))
            .containsExactly(ProcessorApp.instanceId(settings.stateDir()) + "-1");
      } finally {
        second.destroy();
        second.waitFor(60, TimeUnit.SECONDS);
        clean.close();
      }
      assertExactly(third, clean);
    }
  }

  @Test
  void twoInstancesShareTheWorkAndOneStoppingMidLoadLosesNothing() throws Exception {
    try (LocalKafka kafka = kafka()) {
      ProcessorSettings settings = settings(kafka, "shared");
      CleanTopics clean = new CleanTopics(kafka.bootstrapServers());
      ProcessorApp staying = ProcessorApp.start(settings.withStateDir(dir.resolve("a")));
      ProcessorApp leaving = ProcessorApp.start(settings.withStateDir(dir.resolve("b")));
      try {
        // both in the group before the load, so they share it
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (members(kafka, settings).size() < 2 && System.nanoTime() < deadline) {
          Thread.sleep(200);
        }
        assertThat(members(kafka, settings)).hasSize(2);
        third.publish(kafka.bootstrapServers(), 0, third.records.size());
        clean.readAtLeast(third.expectedDeliveries() / 3, TIMEOUT);
        leaving.close();
        // it left the group as it stopped: the other takes its partitions without waiting for
        // its session to end
        assertThat(members(kafka, settings))
            .containsExactly(ProcessorApp.instanceId(dir.resolve("a")) + "-1");
        assertThat(clean.count(Topics.DELIVERIES.name())).isLessThan(third.expectedDeliveries());
        clean.readUntil(third.expectedDeliveries(), TIMEOUT);
      } finally {
        leaving.close();
        staying.close();
        clean.close();
      }
      assertExactly(third, clean);
    }
  }

  /**
   * A stream thread that fails (here: the broker refuses every batch of balls for deliveries as too
   * large; 256 bytes leaves room for a transaction's markers, which the broker must still write)
   * stops the processor, exit code 1, still a member of its group under its name, not a new member
   * beside it as a replaced thread would be; started again, it takes the group back under the same
   * name and loads exactly.
   */
  @Test
  void aFailedStreamThreadStopsTheProcessorWhichComesBackUnderItsName() throws Exception {
    SampleLoad few = SampleLoad.ofSampleEvery(50);
    try (LocalKafka kafka = kafka();
        Admin admin =
            Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      ProcessorSettings settings = settings(kafka, "failed");
      ConfigResource deliveries =
          new ConfigResource(ConfigResource.Type.TOPIC, Topics.DELIVERIES.name());
      AlterConfigOp tiny =
          new AlterConfigOp(
              new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "256"),
              AlterConfigOp.OpType.SET);
      admin.incrementalAlterConfigs(Map.of(deliveries, List.of(tiny))).all().get();
      Process failing = processorProcess(settings, "failing");
      few.publish(kafka.bootstrapServers(), 0, few.records.size());
      assertThat(failing.waitFor(2, TimeUnit.MINUTES)).as("the processor stops").isTrue();
      assertThat(failing.exitValue()).isEqualTo(1);
      assertThat(Files.readString(dir.resolve("processor-failing.log")))
          .contains("processor thread failed; stopping, to be started again under its name");
      String name = ProcessorApp.instanceId(settings.stateDir()) + "-1";
      assertThat(members(kafka, settings)).containsExactly(name);

      AlterConfigOp back =
          new AlterConfigOp(
              new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, ""),
              AlterConfigOp.OpType.DELETE);
      admin.incrementalAlterConfigs(Map.of(deliveries, List.of(back))).all().get();
      Process again = processorProcess(settings, "again");
      CleanTopics clean = new CleanTopics(kafka.bootstrapServers());
      try {
        clean.readUntil(few.expectedDeliveries(), TIMEOUT);
        assertThat(members(kafka, settings)).containsExactly(name);
      } finally {
        again.destroy();
        assertThat(again.waitFor(60, TimeUnit.SECONDS)).isTrue();
        clean.close();
      }
      assertExactly(few, clean);
    }
  }

  private LocalKafka kafka() {
    LocalKafka kafka = LocalKafka.start(dir.resolve("kafka"));
    TopicAdmin.ensure(kafka.bootstrapServers(), Topics.all());
    return kafka;
  }

  private ProcessorSettings settings(LocalKafka kafka, String name) {
    return ProcessorSettings.fromEnvironment(Map.of())
        .withBootstrapServers(kafka.bootstrapServers())
        .withApplicationId("processor-it-" + name)
        .withStateDir(dir.resolve("state-" + name));
  }

  /** The names in the processor's group of its members, as the broker sees them now. */
  private static List<String> members(LocalKafka kafka, ProcessorSettings settings)
      throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      return admin
          .describeConsumerGroups(List.of(settings.applicationId()))
          .describedGroups()
          .get(settings.applicationId())
          .get(30, TimeUnit.SECONDS)
          .members()
          .stream()
          .map(member -> member.groupInstanceId().orElse("(dynamic) " + member.consumerId()))
          .toList();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return List.of(); // no member has joined yet
      }
      throw e;
    }
  }

  /** The processor as its own JVM, so it can be killed without any chance to clean up. */
  private Process processorProcess(ProcessorSettings settings, String name) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            ProcessorApp.class.getName());
    builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", settings.bootstrapServers());
    builder.environment().put("CRICKET_PROCESSOR_ID", settings.applicationId());
    builder.environment().put("CRICKET_PROCESSOR_STATE", settings.stateDir().toString());
    builder.redirectErrorStream(true);
    builder.redirectOutput(dir.resolve("processor-" + name + ".log").toFile());
    return builder.start();
  }

  private static void assertExactly(SampleLoad load, CleanTopics clean) {
    for (Topic<String, ?> topic : Topics.clean()) {
      assertThat(clean.repeated(topic.name())).as("repeated keys in %s", topic).isEmpty();
      Map<String, ?> actual = clean.current(topic.name());
      Map<String, ?> expected = load.expected.get(topic.name());
      assertThat(actual.keySet())
          .as("keys of %s", topic)
          .containsExactlyInAnyOrderElementsOf(expected.keySet());
      // the first few that differ, whole: a map of thousands of records is cut short when printed
      List<String> differing =
          expected.keySet().stream()
              .filter(key -> !Objects.equals(expected.get(key), actual.get(key)))
              .sorted()
              .limit(5)
              .map(key -> key + ": " + expected.get(key) + "\n  but was " + actual.get(key))
              .toList();
      assertThat(differing).as("records of %s", topic).isEmpty();
    }
    assertThat(clean.count(Topics.DEAD_LETTERS.name())).as("dead letters").isZero();
    assertInningsTotalsEqualScorecards(load, clean);
  }

  private static void assertInningsTotalsEqualScorecards(SampleLoad load, CleanTopics clean) {
    Map<String, Integer> runs = new HashMap<>();
    clean
        .current(Topics.DELIVERIES.name())
        .values()
        .forEach(
            v ->
                runs.merge(
                    ((Delivery) v).matchId() + "/" + ((Delivery) v).innings(),
                    ((Delivery) v).totalRuns(),
                    Integer::sum));
    clean
        .current(Topics.INNINGS.name())
        .values()
        .forEach(
            v -> runs.merge(((Innings) v).key(), ((Innings) v).inningsPenaltyRuns(), Integer::sum));
    for (Path file : load.files) {
      Scorecard card = Scorecard.of(MatchFiles.readMatch(file));
      for (InningsCard innings : card.innings()) {
        assertThat(runs.get(card.match() + "/" + innings.number()))
            .as("runs of match %s innings %d", card.match(), innings.number())
            .isEqualTo(innings.runs());
      }
    }
  }
}
