package org.cricketstream.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.cricketstream.config.KafkaClientProperties;
import org.cricketstream.config.SettingException;
import org.cricketstream.cricsheet.model.Match;
import org.cricketstream.cricsheet.read.MatchFiles;
import org.cricketstream.processor.ProcessorApp;
import org.cricketstream.processor.ProcessorSettings;
import org.cricketstream.stack.LocalKafka;
import org.cricketstream.testsupport.RawPublisher;
import org.cricketstream.testsupport.RawRecord;
import org.cricketstream.testsupport.RawRecords;
import org.cricketstream.warehouse.dialect.DatabaseDialect;
import org.cricketstream.warehouse.sink.SinkMain;
import org.cricketstream.warehouse.sink.WarehouseSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pipeline against a cluster that wants SASL/SCRAM, as MSK, Confluent Cloud or Aiven do: the
 * local broker with its SCRAM listener, KAFKA_BOOTSTRAP_SERVERS at that listener and
 * CRICKET_KAFKA_PROPERTIES at the client properties file it wrote. A few matches are published,
 * processed and loaded into DuckDB by the sink in a child JVM, which gets the setting through its
 * environment as {@code ./cricket up} gives it; the password shows in no log. A client with a wrong
 * password is refused with a message that says so.
 */
class KafkaScramIT {
  private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(3);

  private static Path dir;
  private static LocalKafka kafka;
  private static Path clientFile;
  private static Map<String, String> env;
  private static String password;

  @BeforeAll
  static void startTheBrokerWithItsScramListener() throws IOException {
    dir = Files.createTempDirectory("kafka-scram-it-");
    kafka = LocalKafka.startWithScram(dir.resolve("kafka"), 0, 0);
    clientFile = kafka.writeScramClientProperties(dir.resolve("secrets/kafka-client.properties"));
    env =
        Map.of(
            "KAFKA_BOOTSTRAP_SERVERS",
            kafka.scramBootstrapServers(),
            "CRICKET_KAFKA_PROPERTIES",
            clientFile.toString());
    String jaas = kafka.scramClientProperties().get("sasl.jaas.config");
    password = jaas.replaceAll("(?s).*password=\"([^\"]+)\".*", "$1");
    assertThat(password).hasSizeGreaterThanOrEqualTo(32).doesNotContain("password=");
  }

  @AfterAll
  static void stop() throws IOException {
    if (kafka != null) {
      kafka.close();
    }
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void processorAndSinkLoadMatchesOverScram() throws Exception {
    List<Path> files = SampleFiles.fixtures(1);
    Map<String, Integer> expected = new HashMap<>();
    RawRecords raw = new RawRecords();
    List<RawRecord> records = new java.util.ArrayList<>();
    for (Path file : files) {
      records.addAll(raw.of(file));
      Match match = MatchFiles.readMatch(file);
      expected.merge("matches", 1, Integer::sum);
      expected.merge("deliveries", match.deliveries().size(), Integer::sum);
    }
    Map<String, String> processorEnv = new HashMap<>(env);
    processorEnv.put("CRICKET_PROCESSOR_ID", "scram-it-processor");
    processorEnv.put("CRICKET_PROCESSOR_STATE", dir.resolve("processor").toString());
    ProcessorSettings processorSettings = ProcessorSettings.fromEnvironment(processorEnv);
    assertThat(processorSettings.kafkaClient().file()).contains(clientFile);
    assertThat(processorSettings.toString()).doesNotContain(password);

    // the processor creates the topics, over SCRAM like everything else here
    ProcessorApp processor = ProcessorApp.start(processorSettings);
    try {
      try (RawPublisher publisher =
          new RawPublisher(
              kafka.scramBootstrapServers(), KafkaClientProperties.fromEnvironment(env))) {
        publisher.publish(records);
      }
      Map<String, String> sinkEnv = new HashMap<>(env);
      sinkEnv.put("WAREHOUSE_URL", "jdbc:duckdb:" + dir.resolve("duckdb/cricket.duckdb"));
      sinkEnv.put("CRICKET_WAREHOUSE_GROUP", "scram-it-sink");
      WarehouseSettings settings = WarehouseSettings.fromEnvironment(sinkEnv);
      assertThat(settings.toEnvironment())
          .containsEntry("CRICKET_KAFKA_PROPERTIES", clientFile.toString())
          .doesNotContainValue(password);
      Path log = dir.resolve("sink.log");
      Process sink = sinkProcess(settings, log);
      try {
        awaitLoaded(settings, sink, expected, log);
      } finally {
        sink.destroy();
        assertThat(sink.waitFor(60, TimeUnit.SECONDS)).isTrue();
      }
      try (Warehouse warehouse = Warehouse.open(settings)) {
        assertThat(
                ScorecardCheck.differences(warehouse.connection(), ScorecardCheck.expected(files)))
            .isEmpty();
      }
      String sinkLog = Files.readString(log);
      // each Kafka client logged its configuration (INFO, set above): the JAAS line is masked
      assertThat(sinkLog)
          .contains("security.protocol = SASL_PLAINTEXT")
          .contains("sasl.jaas.config = [hidden]")
          .doesNotContain(password);
    } finally {
      processor.close();
    }
  }

  @Test
  void aWrongPasswordIsRefusedWithAClearMessage() throws IOException {
    Path wrongFile = dir.resolve("wrong.properties");
    Properties wrong = new Properties();
    wrong.putAll(LocalKafka.scramClientProperties(LocalKafka.SCRAM_USER, "not-the-password"));
    try (var out = Files.newBufferedWriter(wrongFile)) {
      wrong.store(out, null);
    }
    Map<String, String> wrongEnv = new HashMap<>(env);
    wrongEnv.put("CRICKET_KAFKA_PROPERTIES", wrongFile.toString());
    wrongEnv.put("CRICKET_PROCESSOR_STATE", dir.resolve("wrong-processor").toString());

    assertThatThrownBy(() -> ProcessorApp.start(ProcessorSettings.fromEnvironment(wrongEnv)))
        .hasRootCauseInstanceOf(SaslAuthenticationException.class)
        .hasMessageContaining("cannot create topics on " + kafka.scramBootstrapServers())
        .hasMessageContaining("invalid credentials with SASL mechanism SCRAM-SHA-512");

    wrongEnv.put("WAREHOUSE_URL", "jdbc:duckdb:" + dir.resolve("wrong/cricket.duckdb"));
    WarehouseSink sink = new WarehouseSink(WarehouseSettings.fromEnvironment(wrongEnv), c -> {});
    assertThatThrownBy(sink::run)
        .hasRootCauseInstanceOf(SaslAuthenticationException.class)
        .hasMessageContaining("invalid credentials with SASL mechanism SCRAM-SHA-512");
  }

  @Test
  void aMissingPropertiesFileIsNamedBeforeAnythingConnects() {
    Map<String, String> missing = new HashMap<>(env);
    Path nowhere = dir.resolve("no-such.properties");
    missing.put("CRICKET_KAFKA_PROPERTIES", nowhere.toString());
    assertThatThrownBy(() -> WarehouseSettings.fromEnvironment(missing))
        .isInstanceOf(SettingException.class)
        .hasMessage(
            "CRICKET_KAFKA_PROPERTIES="
                + nowhere
                + ": no such file (expected Kafka client properties)");
  }

  /**
   * The sink in its own JVM, its settings in its environment, Kafka client configurations logged
   * (INFO).
   */
  private static Process sinkProcess(WarehouseSettings settings, Path log) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.common.config=info",
            "-cp",
            System.getProperty("java.class.path"),
            SinkMain.class.getName());
    builder.environment().putAll(settings.toEnvironment());
    builder.redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    return builder.start();
  }

  private static void awaitLoaded(
      WarehouseSettings settings, Process sink, Map<String, Integer> expected, Path log)
      throws Exception {
    try {
      Awaitility.await("the warehouse holding every match and every partition's end offset")
          .atMost(LOAD_TIMEOUT)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                assertThat(sink.isAlive()).as("the sink is running (see %s)", log).isTrue();
                try (Connection c = DatabaseDialect.forUrl(settings.url()).openReader(settings)) {
                  return counts(c).equals(expected) && SinkOffsets.stored(c).equals(endOffsets());
                } catch (SQLException e) {
                  return false; // no snapshot yet
                }
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("the warehouse did not load the matches; see " + log, e);
    }
  }

  private static Map<String, Integer> counts(Connection c) throws SQLException {
    Map<String, Integer> counts = new HashMap<>();
    for (String table : List.of("matches", "deliveries")) {
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
        rs.next();
        counts.put(table, rs.getInt(1));
      }
    }
    return counts;
  }

  /** The last stable offset of every partition the sink reads, asked over SCRAM. */
  private static Map<TopicPartition, Long> endOffsets() throws Exception {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.scramBootstrapServers());
    KafkaClientProperties.load(clientFile).applyTo(props);
    try (Admin admin = Admin.create(props)) {
      return SinkOffsets.ends(admin);
    }
  }
}
