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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.cricketstream.config.KafkaClientProperties;
import org.cricketstream.config.Secrets;
import org.cricketstream.cricsheet.generate.GeneratedSample;
import org.cricketstream.cricsheet.model.Match;
import org.cricketstream.cricsheet.read.MatchFiles;
import org.cricketstream.processor.ProcessorApp;
import org.cricketstream.processor.ProcessorSettings;
import org.cricketstream.stack.LocalKafka;
import org.cricketstream.stack.LocalPostgres;
import org.cricketstream.testsupport.RawPublisher;
import org.cricketstream.testsupport.RawRecord;
import org.cricketstream.testsupport.RawRecords;
import org.cricketstream.topics.TopicAdmin;
import org.cricketstream.topics.TopicRetention;
import org.cricketstream.topics.Topics;
import org.cricketstream.warehouse.backup.Backup;
import org.cricketstream.warehouse.dialect.DatabaseDialect;
import org.cricketstream.warehouse.rebuild.Rebuild;
import org.cricketstream.warehouse.sink.Resume;
import org.cricketstream.warehouse.sink.TopicLogs;
import org.cricketstream.warehouse.sink.WarehouseSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Kafka is a buffer, the warehouse the record. Generated matches go through a real broker whose raw
 * topics' retention is shortened to seconds, the processor, and the sink into DuckDB and
 * PostgreSQL:
 *
 * <ol>
 *   <li>the broker empties the raw topics after the sink loaded them; {@code rebuild} still gives
 *       every match exactly, from the warehouse alone;
 *   <li>a backup of each backend restored into an empty home gives the same tables and views;
 *   <li>the Kafka data is deleted while the sink runs and a fresh broker starts on the same
 *       address: the sink goes on with the new topics, keeps everything it had, doubles nothing;
 *   <li>a sink that falls behind the window is warned first, then stops with an error naming the
 *       topic, partition and offsets.
 * </ol>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaBufferIT {
  private static final Duration RAW_WINDOW = Duration.ofSeconds(8);
  // generous: on a loaded 2-core machine the processor alone can take minutes; a pass is not slower
  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  private static final TopicRetention RETENTION =
      new TopicRetention(RAW_WINDOW, Duration.ofDays(7), Duration.ofDays(7), Duration.ofDays(1));
  private static final Map<String, String> BROKER =
      Map.of("log.retention.check.interval.ms", "500");

  private static Path dir;
  private static LocalKafka kafka;
  private static int port;
  private static ProcessorApp processor;
  private static LocalPostgres postgres;
  private static List<Path> before; // loaded before Kafka is lost
  private static List<Path> after; // sent to the fresh broker
  private static Path late; // sent while the sink is stopped, to expire unread
  private static WarehouseSettings duckDb;
  private static WarehouseSettings postgresWarehouse;
  private static Map<String, List<String>> modelBefore;

  @BeforeAll
  static void startBrokerAndProcessor() throws IOException {
    dir = Files.createTempDirectory("kafka-buffer-it-");
    Path sample = dir.resolve("sample");
    GeneratedSample.write(sample, 22, new GeneratedSample.Counts(5, 4, 2), m -> {});
    List<Path> files = new ArrayList<>();
    for (var format : GeneratedSample.FORMATS) {
      try (Stream<Path> list = Files.list(GeneratedSample.folder(sample, format))) {
        list.filter(p -> !p.getFileName().toString().endsWith("_info.csv"))
            .sorted()
            .forEach(files::add);
      }
    }
    late = files.remove(0);
    before = new ArrayList<>();
    after = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      (i % 2 == 0 ? before : after).add(files.get(i));
    }
    kafka = LocalKafka.start(dir.resolve("kafka"), 0, BROKER);
    port = kafka.port();
    startProcessor();
    postgres = LocalPostgres.start(dir.resolve("postgres"));
    postgres.createDatabase("warehouse");
    postgres.createDatabase("restored");
    duckDb = settings("jdbc:duckdb:" + dir.resolve("duckdb/cricket.duckdb"), "buffer-duckdb");
    postgresWarehouse =
        settings(postgres.jdbcUrl("warehouse"), "buffer-postgres")
            .withLogins(
                LocalPostgres.USER, postgres.password(), "cricket_reader", Secrets.generate());
  }

  @AfterAll
  static void stop() throws IOException {
    if (processor != null) {
      processor.close();
    }
    if (kafka != null) {
      kafka.close();
    }
    if (postgres != null) {
      postgres.close();
    }
    deleteRecursively(dir);
  }

  @Test
  @Order(1)
  void rawTopicsEmptiedByTheBrokerAfterLoadingStillRebuildEveryMatchExactly() throws Exception {
    publish(before);
    try (Sink duck = new Sink(duckDb);
        Sink pg = new Sink(postgresWarehouse)) {
      awaitLoaded(duckDb, before);
      awaitLoaded(postgresWarehouse, before);
      // loaded: now the operator shortens the raw window, and the broker empties the raw topics
      TopicAdmin.ensure(kafka.bootstrapServers(), Topics.all(), RETENTION);
      await("the broker to empty the raw topics", KafkaBufferIT::rawTopicsEmpty);
      assertThat(duck.failures).isEmpty();
      assertThat(pg.failures).isEmpty();
    }
    assertExactly(duckDb, before);
    try (Warehouse warehouse = Warehouse.open(duckDb)) {
      modelBefore = TableDump.of(warehouse.connection(), TableDump.MODEL);
    }
    Rebuild.Result rebuilt = Rebuild.run(duckDb);
    assertThat(rebuilt.rawEvents()).isEqualTo(rawRecords(before).size());
    try (Warehouse warehouse = Warehouse.open(duckDb)) {
      assertThat(
              TableDump.differences(
                  modelBefore, TableDump.of(warehouse.connection(), TableDump.MODEL)))
          .isEmpty();
    }
    assertExactly(duckDb, before);
  }

  @Test
  @Order(2)
  void backupThenRestoreIntoAnEmptyHomeGivesTheSameViewsOnEitherBackend() throws Exception {
    for (WarehouseSettings from : List.of(duckDb, postgresWarehouse)) {
      Path backup = dir.resolve("backup-" + DatabaseDialect.forUrl(from.url()).name());
      Backup.Manifest taken = Backup.backup(from, backup);
      WarehouseSettings to =
          from.duckDb()
              ? from.withUrl("jdbc:duckdb:" + dir.resolve("restored-home/warehouse/cricket.duckdb"))
              : from.withUrl(postgres.jdbcUrl("restored"));
      Backup.Manifest restored = Backup.restore(to, backup);
      assertThat(restored.rows()).isEqualTo(taken.rows());
      assertThat(taken.sinkOffsets()).isNotEmpty();
      assertExactly(to, before);
      try (Warehouse original = Warehouse.open(from);
          Warehouse copy = Warehouse.open(to)) {
        for (Map<String, String> tables : List.of(TableDump.MODEL, TableDump.LANDING)) {
          assertThat(
                  TableDump.differences(
                      TableDump.of(original.connection(), tables),
                      TableDump.of(copy.connection(), tables)))
              .isEmpty();
        }
        assertThat(copy.storedOffsets()).isEqualTo(original.storedOffsets());
      }
    }
  }

  @Test
  @Order(3)
  void kafkaLostWhileTheSinkRunsAFreshBrokerGoesOnWithNothingLostOrDoubled() throws Exception {
    Map<TopicPartition, Warehouse.StoredOffset> old;
    try (Warehouse warehouse = Warehouse.open(duckDb)) {
      old = warehouse.storedOffsets();
    }
    try (Sink sink = new Sink(duckDb)) {
      Thread.sleep(2000); // running, caught up
      processor.close();
      kafka.close();
      deleteRecursively(dir.resolve("kafka"));
      kafka = LocalKafka.start(dir.resolve("kafka"), port, BROKER);
      startProcessor();
      publish(after);
      List<Path> all = new ArrayList<>(before);
      all.addAll(after);
      awaitLoaded(duckDb, all);
      for (Throwable failure : sink.failures) {
        // the sink may stop once at the swap (the supervisor restarts it), never at a gap
        assertThat(failure).isNotInstanceOf(Resume.GapException.class);
      }
    }
    List<Path> all = new ArrayList<>(before);
    all.addAll(after);
    assertExactly(duckDb, all);
    try (Warehouse warehouse = Warehouse.open(duckDb)) {
      Map<TopicPartition, Warehouse.StoredOffset> now = warehouse.storedOffsets();
      Map<String, String> ids;
      try (TopicLogs logs = new TopicLogs(kafka.bootstrapServers(), KafkaClientProperties.NONE)) {
        ids = logs.ids(WarehouseSink.topics());
      }
      now.forEach(
          (tp, at) -> {
            assertThat(at.topicId()).as("%s", tp).isEqualTo(ids.get(tp.topic()));
            Warehouse.StoredOffset was = old.get(tp);
            assertThat(at.offsetBase())
                .as("%s lands after what it had", tp)
                .isEqualTo(was == null ? 0 : was.offsetBase() + was.nextOffset());
          });
    }
  }

  @Test
  @Order(4)
  void aSinkBehindTheWindowIsWarnedThenStopsNamingTopicPartitionAndOffsets() throws Exception {
    Map<TopicPartition, Long> next = new HashMap<>();
    try (Warehouse warehouse = Warehouse.open(duckDb)) {
      warehouse.storedOffsets().forEach((tp, at) -> next.put(tp, at.nextOffset()));
    }
    publish(List.of(late));
    TopicAdmin.ensure(kafka.bootstrapServers(), Topics.all(), RETENTION);
    List<String> states = new CopyOnWriteArrayList<>();
    try (TopicLogs logs = new TopicLogs(kafka.bootstrapServers(), KafkaClientProperties.NONE)) {
      await(
          "the unloaded raw records to expire",
          () -> {
            List<String> seen =
                logs.behind(next).stream()
                    .filter(
                        b ->
                            Topics.raw().stream()
                                .anyMatch(t -> t.name().equals(b.partition().topic())))
                    .map(TopicLogs.Behind::state)
                    .filter(s -> !s.equals("ok"))
                    .toList();
            states.addAll(seen);
            return seen.contains("expired");
          });
    }
    assertThat(states).as("warned before the records expired").contains("warning");
    assertThatThrownBy(() -> new WarehouseSink(duckDb, RETENTION, c -> {}).run())
        .isInstanceOf(Resume.GapException.class)
        .hasMessageMatching(
            "(?s)raw\\.[a-z0-9._]+-\\d: the sink's next offset \\d+ is below the log start offset"
                + " \\d+: records \\d+\\.\\.\\d+ expired in Kafka before the warehouse loaded them.*");
  }

  // ---- helpers ----

  /**
   * A sink on its own thread, started again after a failure as the supervisor does. It runs with
   * the deployed windows, as the processor does: a sink started with the raw window of seconds set
   * it on the broker at its start, so on a fresh broker the processor starting beside it could find
   * the window below its horizon and refuse to start, and records could expire before the processor
   * read them. Tests shorten the window themselves where they want records to expire.
   */
  private static final class Sink implements AutoCloseable {
    final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;
    private volatile WarehouseSink current;
    private final Thread thread;

    Sink(WarehouseSettings settings) {
      thread =
          new Thread(
              () -> {
                while (running) {
                  current = new WarehouseSink(settings, TopicRetention.defaults(), c -> {});
                  try {
                    current.run();
                  } catch (RuntimeException e) {
                    failures.add(e);
                    System.out.println("sink stopped (restarting it): " + e.getMessage());
                    sleep(1000);
                  }
                }
              },
              "sink-" + settings.groupId());
      thread.start();
    }

    @Override
    public void close() {
      running = false;
      if (current != null) {
        current.stop();
      }
      try {
        thread.join(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      assertThat(thread.isAlive()).isFalse();
    }
  }

  private static WarehouseSettings settings(String url, String group) {
    return WarehouseSettings.fromEnvironment(Map.of())
        .withUrl(url)
        .withBootstrapServers(kafka.bootstrapServers())
        .withGroupId(group);
  }

  /**
   * The processor as deployed (de-duplication horizon and windows of 7 days, checked at its start).
   * Records are published under the deployed window, so a loaded machine cannot expire them before
   * the sink reads them; a test shortens the raw window to seconds on the broker where it wants
   * records to expire, as an operator would.
   */
  private static void startProcessor() {
    processor =
        ProcessorApp.start(
            ProcessorSettings.fromEnvironment(Map.of())
                .withBootstrapServers(kafka.bootstrapServers())
                .withApplicationId("buffer-it")
                .withStateDir(dir.resolve("processor")),
            TopicRetention.defaults());
    TopicAdmin.ensure(kafka.bootstrapServers(), Topics.all(), TopicRetention.defaults());
  }

  private static List<RawRecord> rawRecords(List<Path> files) {
    RawRecords raw = new RawRecords();
    List<RawRecord> records = new ArrayList<>();
    for (Path file : files) {
      records.addAll(raw.of(file));
    }
    return records;
  }

  private static void publish(List<Path> files) {
    TopicAdmin.ensure(kafka.bootstrapServers(), Topics.all(), TopicRetention.defaults());
    try (RawPublisher publisher = new RawPublisher(kafka.bootstrapServers())) {
      publisher.publish(rawRecords(files));
    }
  }

  private static boolean rawTopicsEmpty() {
    try (TopicLogs logs = new TopicLogs(kafka.bootstrapServers(), KafkaClientProperties.NONE)) {
      return logs.live(Topics.raw().stream().map(t -> t.name()).toList()).values().stream()
          .allMatch(p -> p.logStart() == p.logEnd());
    }
  }

  private static void awaitLoaded(WarehouseSettings settings, List<Path> files) throws Exception {
    long raw = rawRecords(files).size();
    long deliveries = 0;
    for (Path file : files) {
      deliveries += MatchFiles.readMatch(file).deliveries().size();
    }
    long want = deliveries;
    long[] seen = new long[2];
    try {
      await(
          "the warehouse to hold " + files.size() + " matches",
          () -> {
            try (Connection c = DatabaseDialect.forUrl(settings.url()).openReader(settings)) {
              seen[0] = scalar(c, "SELECT COUNT(*) FROM raw_events");
              seen[1] = scalar(c, "SELECT COUNT(*) FROM deliveries");
              return seen[0] == raw && seen[1] == want;
            } catch (SQLException e) {
              return false;
            }
          });
    } catch (AssertionError e) {
      throw new AssertionError(
          e.getMessage()
              + ": raw events "
              + seen[0]
              + " of "
              + raw
              + ", deliveries "
              + seen[1]
              + " of "
              + want,
          e);
    }
  }

  /** Exactly these matches: every view equals the scorecard, every raw event landed once. */
  private static void assertExactly(WarehouseSettings settings, List<Path> files) throws Exception {
    try (Warehouse warehouse = Warehouse.open(settings)) {
      Connection c = warehouse.connection();
      assertThat(ScorecardCheck.differences(c, ScorecardCheck.expected(files))).isEmpty();
      assertThat(scalar(c, "SELECT COUNT(*) FROM raw_events")).isEqualTo(rawRecords(files).size());
      assertThat(scalar(c, "SELECT COUNT(*) FROM matches")).isEqualTo(files.size());
      long deliveries = 0;
      for (Path file : files) {
        Match match = MatchFiles.readMatch(file);
        deliveries += match.deliveries().size();
      }
      assertThat(scalar(c, "SELECT COUNT(*) FROM deliveries")).isEqualTo(deliveries);
      c.commit();
    }
  }

  private static long scalar(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void await(String what, BooleanSupplier done) {
    Awaitility.await(what)
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .until(done::getAsBoolean);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (path == null || !Files.exists(path)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(path)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
