package org.cricketstream.stack;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.cricketstream.cricsheet.read.CricsheetData;
import org.cricketstream.topics.SchemaIdInterceptor;
import org.cricketstream.topics.SchemaRegistry;
import org.cricketstream.topics.Schemas;
import org.cricketstream.topics.TopicAdmin;
import org.cricketstream.topics.Topics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Producers with a schema registry, on a real broker and a real Apicurio Registry: every record to
 * a topic with a declared schema carries the id the registry gave that schema, and a producer whose
 * schema the registry refuses is refused when it is made, with the registry's reason.
 */
class SchemaIdsIT {
  private static final String PASSWORD = "schema-ids-it-password";

  @TempDir Path dir;

  @BeforeAll
  static void theRegistryCanRun() {
    RegistryInstalled.checkout();
  }

  private LocalRegistry registry(String name) {
    List<Integer> ports = LocalKafka.freePorts(2);
    return LocalRegistry.start(
        CricsheetData.checkout().orElseThrow(),
        dir.resolve(name),
        ports.get(0),
        ports.get(1),
        PASSWORD,
        dir.resolve(name + ".log"));
  }

  private static Optional<SchemaRegistry.Login> login(LocalRegistry registry) {
    return Optional.of(new SchemaRegistry.Login(registry.url(), LocalRegistry.USER, PASSWORD));
  }

  private static KafkaProducer<String, String> producer(String kafka, LocalRegistry registry) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
    props.putAll(SchemaIdInterceptor.producerProperties(login(registry)));
    return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
  }

  @Test
  @Timeout(300)
  void recordsCarryTheIdOfTheirTopicsSchema() throws Exception {
    try (LocalKafka kafka = LocalKafka.start(dir.resolve("kafka"));
        LocalRegistry local = registry("registry")) {
      TopicAdmin.ensure(kafka.bootstrapServers(), List.of(Topics.MATCHES, Topics.RAW_TEST));
      try (KafkaProducer<String, String> producer = producer(kafka.bootstrapServers(), local)) {
        producer.send(new ProducerRecord<>(Topics.MATCHES.name(), "m1", "{}")).get();
        producer.send(new ProducerRecord<>(Topics.RAW_TEST.name(), "t1", "yaml")).get();
      }
      SchemaRegistry registry = new SchemaRegistry(local.url(), LocalRegistry.USER, PASSWORD);
      int matchesId = registry.latest(SchemaRegistry.subjectOf(Topics.MATCHES)).id();
      assertThat(registry.schema(matchesId)).isEqualTo(Schemas.current(Topics.MATCHES));

      List<ConsumerRecord<String, String>> read = new ArrayList<>();
      Properties props = new Properties();
      props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      props.put(ConsumerConfig.GROUP_ID_CONFIG, "schema-ids-it");
      props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      try (KafkaConsumer<String, String> consumer =
          new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
        consumer.subscribe(List.of(Topics.MATCHES.name(), Topics.RAW_TEST.name()));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (read.size() < 2 && System.nanoTime() < deadline) {
          consumer.poll(Duration.ofMillis(500)).forEach(read::add);
        }
      }
      assertThat(read).hasSize(2);
      for (ConsumerRecord<String, String> record : read) {
        if (record.topic().equals(Topics.MATCHES.name())) {
          // the value is the JSON as it was sent; the id travels beside it
          assertThat(record.value()).isEqualTo("{}");
          assertThat(SchemaIdInterceptor.idOf(record.headers())).hasValue(matchesId);
        } else {
          // a raw topic's value is its source's: no schema of ours, no id
          assertThat(SchemaIdInterceptor.idOf(record.headers())).isEmpty();
        }
      }
    }
  }

  @Test
  @Timeout(300)
  void aProducerWhoseSchemaTheRegistryRefusesIsRefusedWhenItIsMade() throws Exception {
    try (LocalKafka kafka = LocalKafka.start(dir.resolve("kafka"));
        LocalRegistry local = registry("registry")) {
      // the subject already holds a matches schema ours cannot follow under BACKWARD: its venue is
      // a number, and ours (a string, and no competition) would not read the data written with it
      SchemaRegistry registry = new SchemaRegistry(local.url(), LocalRegistry.USER, PASSWORD);
      String subject = SchemaRegistry.subjectOf(Topics.MATCHES);
      registry.setCompatibility(subject, SchemaRegistry.COMPATIBILITY);
      ObjectNode theirs = Schemas.load(Topics.MATCHES.name(), 1).deepCopy();
      ((ObjectNode) theirs.get("properties")).putObject("venue").put("type", "integer");
      registry.register(subject, theirs, "another team's matches schema");

      assertThatThrownBy(() -> producer(kafka.bootstrapServers(), local).close())
          .isInstanceOf(KafkaException.class)
          .rootCause()
          .isInstanceOf(SchemaRegistry.SchemaRegistryException.class)
          .hasMessageContaining("refused schemas/matches/v1.json for subject matches-value")
          .hasMessageContaining("Incompatible");
      assertThat(registry.latest(subject).version()).isEqualTo(1);
    }
  }

  /**
   * A newer producer registers a compatible heartbeats v2 (an optional field more) and writes with
   * it; a consumer built for v1, this build's, reads the record, and its header says a newer
   * version wrote it.
   */
  @Test
  @Timeout(300)
  void aConsumerBuiltForAnOlderVersionReadsANewerCompatibleOne() throws Exception {
    try (LocalKafka kafka = LocalKafka.start(dir.resolve("kafka"));
        LocalRegistry local = registry("registry")) {
      TopicAdmin.ensure(kafka.bootstrapServers(), List.of(Topics.HEARTBEATS));
      SchemaRegistry registry = new SchemaRegistry(local.url(), LocalRegistry.USER, PASSWORD);
      int v1 = registry.register(Topics.HEARTBEATS).id();
      ObjectNode v2 = Schemas.current(Topics.HEARTBEATS).deepCopy();
      ((ObjectNode) v2.get("properties"))
          .putObject("region")
          .putArray("type")
          .add("string")
          .add("null");
      String subject = SchemaRegistry.subjectOf(Topics.HEARTBEATS);
      int id2 = registry.register(subject, v2, "heartbeats v2 (a newer producer)");
      assertThat(id2).isNotEqualTo(v1);
      assertThat(registry.latest(subject).version()).isEqualTo(2);

      Properties producerProps = new Properties();
      producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      try (KafkaProducer<String, String> producer =
          new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
        ProducerRecord<String, String> record =
            new ProducerRecord<>(
                Topics.HEARTBEATS.name(),
                "odi",
                "{\"source\":\"odi\",\"committedAt\":1764633600000,\"region\":\"eu\"}");
        record.headers().add(SchemaIdInterceptor.HEADER, Integer.toString(id2).getBytes(UTF_8));
        producer.send(record).get();
      }

      Properties props = new Properties();
      props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      props.put(ConsumerConfig.GROUP_ID_CONFIG, "schema-ids-it-v1-consumer");
      props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      try (KafkaConsumer<String, org.cricketstream.topics.Heartbeat> consumer =
          new KafkaConsumer<>(
              props, new StringDeserializer(), Topics.HEARTBEATS.valueSerde().deserializer())) {
        consumer.subscribe(List.of(Topics.HEARTBEATS.name()));
        List<ConsumerRecord<String, org.cricketstream.topics.Heartbeat>> read = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (read.isEmpty() && System.nanoTime() < deadline) {
          consumer.poll(Duration.ofMillis(500)).forEach(read::add);
        }
        assertThat(read).hasSize(1);
        assertThat(read.get(0).value())
            .isEqualTo(new org.cricketstream.topics.Heartbeat("odi", 1764633600000L));
        assertThat(SchemaIdInterceptor.idOf(read.get(0).headers())).hasValue(id2);
      }
    }
  }
}
