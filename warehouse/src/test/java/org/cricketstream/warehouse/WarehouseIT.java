package org.cricketstream.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.cricketstream.config.Secrets;
import org.cricketstream.cricsheet.model.Match;
import org.cricketstream.cricsheet.read.MatchFiles;
import org.cricketstream.processor.ProcessorApp;
import org.cricketstream.processor.ProcessorSettings;
import org.cricketstream.stack.LocalKafka;
import org.cricketstream.stack.LocalPostgres;
import org.cricketstream.stack.PostgresAdmin;
import org.cricketstream.testsupport.RawPublisher;
import org.cricketstream.testsupport.RawRecord;
import org.cricketstream.testsupport.RawRecords;
import org.cricketstream.topics.Json;
import org.cricketstream.topics.Topic;
import org.cricketstream.topics.TopicAdmin;
import org.cricketstream.topics.Topics;
import org.cricketstream.warehouse.dialect.DatabaseDialect;
import org.cricketstream.warehouse.rebuild.Rebuild;
import org.cricketstream.warehouse.sink.SinkMain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A third of the sample (every third match file, so every format and era; the fixtures on a fresh
 * clone) from raw events through the processor and the clean topics into both warehouses, with the
 * sink killed (kill -9: a child JVM destroyed forcibly) at random moments several times during the
 * load and restarted each time.
 *
 * <p>One broker and one processor run feed every scenario, to stay within CI's budget: the DuckDB
 * sink loads while the processor is still producing, the PostgreSQL sink after it. Each warehouse
 * must end with exactly the sample: the scorecard views equal {@code Scorecard.of} of every match
 * file, every raw event landed once, offsets at the topics' ends; and the two warehouses, and the
 * DuckDB one after {@code rebuild}, must hold identical tables.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WarehouseIT {
  private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(10);
  private static final int KILLS = 3;

  private static Path dir;
  private static LocalKafka kafka;
  private static ProcessorApp processor;
  private static List<Path> files;
  private static int rawRecords;
  private static Map<String, Integer> expectedCounts;
  private static Map<String, Long> expectedLanded;
  private static long newestHeartbeat;
  private static Map<String, Map<String, List<String>>> expectedViews;
  private static Map<String, List<String>> duckDbTables;
  private static Map<String, List<String>> duckDbLanding;
  private static final long SEED = System.nanoTime();
  private static final Random RANDOM = new Random(SEED);

  @BeforeAll
  static void publishTheSampleAndStartTheProcessor() throws IOException {
    System.out.println("WarehouseIT random seed " + SEED);
    dir = Files.createTempDirectory("warehouse-it-");
    kafka = LocalKafka.start(dir.resolve("kafka"));
    TopicAdmin.ensure(kafka.bootstrapServers(), Topics.all());
    // UpIT loads the whole sample; here the point is the kills, which a third shows as well
    files = SampleFiles.every(3);
    RawRecords raw = new RawRecords();
    List<List<RawRecord>> perMatch = new ArrayList<>();
    expectedCounts = new HashMap<>();
    for (Path file : files) {
      perMatch.add(raw.of(file));
      Match match = MatchFiles.readMatch(file);
      expectedCounts.merge("matches", 1, Integer::sum);
      expectedCounts.merge("players", match.info().players().size(), Integer::sum);
      expectedCounts.merge("innings", match.innings().size(), Integer::sum);
      expectedCounts.merge("deliveries", match.deliveries().size(), Integer::sum);
    }
    // Matches interleaved record by record, as concurrent sources deliver them.
    List<RawRecord> records = new ArrayList<>();
    for (int i = 0; ; i++) {
      boolean any = false;
      for (List<RawRecord> match : perMatch) {
        if (i < match.size()) {
          records.add(match.get(i));
          any = true;
        }
      }
      if (!any) {
        break;
      }
    }
    rawRecords = records.size();
    expectedLanded = distinctPerSource(records);
    try (RawPublisher publisher = new RawPublisher(kafka.bootstrapServers())) {
      // the pipeline's heartbeat, first (the processor passes it on long before the last ball):
      // the newest is kept, an older one read after it is not
      long now = System.currentTimeMillis();
      newestHeartbeat = now - 30_000;
      publisher.publish(
          List.of(
              raw.odiHeartbeat(Instant.ofEpochMilli(now - 60_000).toString()),
              raw.odiHeartbeat(Instant.ofEpochMilli(newestHeartbeat).toString()),
              raw.odiHeartbeat(Instant.ofEpochMilli(now - 90_000).toString())));
      publisher.publish(records);
    }
    processor =
        ProcessorApp.start(
            ProcessorSettings.fromEnvironment(Map.of())
                .withBootstrapServers(kafka.bootstrapServers())
                .withApplicationId("warehouse-it-processor")
                .withStateDir(dir.resolve("processor")));
    expectedViews = ScorecardCheck.expected(files);
  }

  @AfterAll
  static void stop() throws IOException {
    if (processor != null) {
      processor.close();
    }
    if (kafka != null) {
      kafka.close();
    }
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  @Order(1)
  void duckDbSinkKilledRepeatedlyDuringTheLoadEndsWithExactlyTheSample() throws Exception {
    WarehouseSettings settings =
        settings("jdbc:duckdb:" + dir.resolve("duckdb/cricket.duckdb"), "it-duckdb");
    loadWithKills(settings, "duckdb");
    try (Warehouse warehouse = Warehouse.open(settings)) {
      assertExactlyTheSample(warehouse.connection(), settings);
      duckDbTables = TableDump.of(warehouse.connection(), TableDump.MODEL);
      duckDbLanding = TableDump.of(warehouse.connection(), TableDump.LANDING);
    }
    // BI reads the published snapshot: it holds the same, and it cannot be written
    try (Connection snapshot = DatabaseDialect.forUrl(settings.url()).openReader(settings)) {
      assertThat(TableDump.differences(duckDbTables, TableDump.of(snapshot, TableDump.MODEL)))
          .isEmpty();
      assertThat(TableDump.differences(duckDbLanding, TableDump.of(snapshot, TableDump.LANDING)))
          .isEmpty();
    }
    assertThat(ReadOnlyQuery.run(settings, "SELECT COUNT(*) AS n FROM deliveries").rows())
        .containsExactly(List.of((Object) (long) expectedCounts.get("deliveries")));
    assertThatThrownBy(() -> ReadOnlyQuery.run(settings, "DELETE FROM deliveries"))
        .isInstanceOf(SQLException.class);
  }

  @Test
  @Order(2)
  void postgresSinkKilledRepeatedlyEndsWithTheSameTablesAsDuckDb() throws Exception {
    try (LocalPostgres postgres = LocalPostgres.start(dir.resolve("postgres"))) {
      WarehouseSettings settings =
          withOwnRoles(
              postgres, "warehouse", settings(postgres.jdbcUrl("warehouse"), "it-postgres"));
      loadWithKills(settings, "postgres");
      try (Warehouse warehouse = Warehouse.open(settings)) {
        assertExactlyTheSample(warehouse.connection(), settings);
        assertSameTablesAsDuckDb(warehouse.connection());
      }
      // BI reads through the read-only role, which can read every view and write nothing
      ReadOnlyQuery.Result result =
          ReadOnlyQuery.run(settings, "SELECT COUNT(*) AS n FROM batting_scorecard");
      assertThat(result.columns()).containsExactly("n");
      assertThatThrownBy(() -> ReadOnlyQuery.run(settings, "DELETE FROM deliveries"))
          .isInstanceOf(SQLException.class);
      try (Connection reader = DatabaseDialect.forUrl(settings.url()).openReader(settings);
          Statement s = reader.createStatement()) {
        reader.setAutoCommit(true);
        reader.setReadOnly(false);
        assertThatThrownBy(() -> s.execute("INSERT INTO venues VALUES ('x', 'y', 1)"))
            .isInstanceOf(SQLException.class);
      }
    }
  }

  @Test
  @Order(3)
  void rebuildFromTheLandingLayerGivesIdenticalTables() throws Exception {
    WarehouseSettings settings =
        settings("jdbc:duckdb:" + dir.resolve("duckdb/cricket.duckdb"), "it-duckdb");
    // too little memory for its one transaction: it says which setting to raise, changes nothing
    assertThatThrownBy(() -> Rebuild.run(settings, "1MB"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("WAREHOUSE_REBUILD_MEMORY=1MB")
        .hasMessageContaining("nothing was changed");
    try (Warehouse warehouse = Warehouse.open(settings)) {
      assertThat(
              TableDump.differences(
                  duckDbTables, TableDump.of(warehouse.connection(), TableDump.MODEL)))
          .isEmpty();
    }
    Rebuild.Result result = Rebuild.run(settings);
    System.out.println("rebuild: " + result);
    assertThat(result.rawEvents()).isEqualTo(rawRecords);
    assertThat(result.deadLetters()).isZero();
    try (Warehouse warehouse = Warehouse.open(settings)) {
      assertThat(
              TableDump.differences(
                  duckDbTables, TableDump.of(warehouse.connection(), TableDump.MODEL)))
          .isEmpty();
      assertThat(ScorecardCheck.differences(warehouse.connection(), expectedViews)).isEmpty();
    }
  }

  /**
   * The same load into a DuckLake (Parquet files and a SQLite catalog), the sink killed as above:
   * the same tables as DuckDB's, and readers in other processes read it while the sink writes, with
   * no snapshot copied.
   */
  @Test
  @Order(4)
  void duckLakeSinkKilledRepeatedlyEndsWithTheSameTablesAsDuckDbAndIsReadWhileItLoads()
      throws Exception {
    Path extensions = DuckLakeExtensionsInstalled.folder();
    WarehouseSettings settings =
        settings("jdbc:duckdb:ducklake:" + dir.resolve("ducklake"), "it-ducklake")
            .withDuckDbExtensions(extensions);
    duckLakeKilledRepeatedlyAndReadWhileItLoads(settings, "ducklake");
  }

  /**
   * The same with the DuckLake's catalog in PostgreSQL, which the sink writes as a role that owns
   * only the catalog's database and the readers read as the read-only role.
   */
  @Test
  @Order(5)
  void duckLakeWithAPostgresCatalogEndsWithTheSameTablesAsDuckDbAndIsReadWhileItLoads()
      throws Exception {
    Path extensions = DuckLakeExtensionsInstalled.folder();
    try (LocalPostgres postgres = LocalPostgres.start(dir.resolve("lake-postgres"))) {
      String catalog = postgres.jdbcUrl("lake").substring("jdbc:".length());
      WarehouseSettings settings =
          withOwnRoles(
              postgres,
              "lake",
              settings(
                      "jdbc:duckdb:ducklake:" + dir.resolve("ducklake-pg") + "?catalog=" + catalog,
                      "it-ducklake-pg")
                  .withDuckDbExtensions(extensions));
      duckLakeKilledRepeatedlyAndReadWhileItLoads(settings, "ducklake-pg");
      // the read-only role reads the catalog and writes none of it
      try (Connection reader =
              java.sql.DriverManager.getConnection(
                  postgres.jdbcUrl("lake"), "cricket_reader", settings.readerPassword());
          Statement s = reader.createStatement()) {
        try (java.sql.ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM ducklake_snapshot")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getLong(1)).isPositive();
        }
        assertThatThrownBy(() -> s.execute("DELETE FROM ducklake_snapshot"))
            .isInstanceOf(SQLException.class);
      }
    }
  }

  private void duckLakeKilledRepeatedlyAndReadWhileItLoads(WarehouseSettings settings, String name)
      throws Exception {
    assertThat(settings.snapshot()).isNull();
    Process sink = sinkProcess(settings, name + "-live");
    try {
      // a reader opened while the sink holds the warehouse reads what it has committed so far
      Awaitility.await("a reader seeing the live sink's first commits")
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> sink.isAlive() && loaded(settings) > 0);
      long first = loaded(settings);
      Awaitility.await("a reader seeing the live sink's later commits")
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> !sink.isAlive() || loaded(settings) > first || caughtUp(settings));
      assertThat(sink.isAlive()).as("the sink is running (see its log in %s)", dir).isTrue();
    } finally {
      sink.destroyForcibly();
      assertThat(sink.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    loadWithKills(settings, name);
    try (Warehouse warehouse = Warehouse.open(settings)) {
      // compaction and snapshot expiry (the sink's every 30 seconds) change no row
      warehouse.publishNow();
      assertExactlyTheSample(warehouse.connection(), settings);
      assertSameTablesAsDuckDb(warehouse.connection());
    }
    assertThatThrownBy(() -> ReadOnlyQuery.run(settings, "DELETE FROM deliveries"))
        .isInstanceOf(SQLException.class);
    assertThatThrownBy(
            () -> ReadOnlyQuery.run(settings, "SELECT * FROM read_text('/etc/hostname')"))
        .isInstanceOf(SQLException.class);
    // rebuild works on a DuckLake too: the same tables from its landing layer
    Rebuild.Result rebuilt = Rebuild.run(settings);
    assertThat(rebuilt.rawEvents()).isEqualTo(rawRecords);
    try (Warehouse warehouse = Warehouse.open(settings)) {
      assertSameTablesAsDuckDb(warehouse.connection());
    }
  }

  /**
   * The sink writes as a role of its own that owns {@code database} and nothing else; the read-only
   * role exists already (a DBA's work: the writer may not create roles).
   */
  private static WarehouseSettings withOwnRoles(
      LocalPostgres postgres, String database, WarehouseSettings settings) {
    PostgresAdmin admin = postgres.admin();
    String writerPassword = Secrets.generate();
    String readerPassword = Secrets.generate();
    admin.login("cricket_warehouse", writerPassword, "");
    admin.login("cricket_reader", readerPassword, "");
    admin.database(database, "cricket_warehouse");
    return settings.withLogins(
        "cricket_warehouse", writerPassword, "cricket_reader", readerPassword);
  }

  /** The model and landing tables hold what the DuckDB warehouse of the first test holds. */
  private static void assertSameTablesAsDuckDb(Connection c) throws SQLException {
    assertThat(TableDump.differences(duckDbTables, TableDump.of(c, TableDump.MODEL))).isEmpty();
    assertThat(TableDump.differences(duckDbLanding, TableDump.of(c, TableDump.LANDING))).isEmpty();
  }

  private static boolean caughtUp(WarehouseSettings settings) throws Exception {
    Map<TopicPartition, Long> ends = endOffsets();
    try (Connection c = DatabaseDialect.forUrl(settings.url()).openReader(settings)) {
      return SinkOffsets.stored(c).equals(ends);
    }
  }

  private static WarehouseSettings settings(String url, String group) {
    return WarehouseSettings.fromEnvironment(Map.of())
        .withUrl(url)
        .withBootstrapServers(kafka.bootstrapServers())
        .withGroupId(group)
        .withBatchRecords(5000);
  }

  /**
   * Runs the sink as a child JVM, kills it with SIGKILL at random moments {@link #KILLS} times,
   * then lets a last one run until the warehouse has caught up with every topic, and stops it.
   */
  private static void loadWithKills(WarehouseSettings settings, String name) throws Exception {
    long start = System.nanoTime();
    long before = loaded(settings);
    for (int kill = 1; kill <= KILLS; kill++) {
      Process sink = sinkProcess(settings, name + "-" + kill);
      // a random moment after this run has committed something (a kill before the first commit
      // would test nothing); in the fixtures' tiny load that may be after it has finished
      long progressDeadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      long everything = (long) rawRecords + expectedCounts.get("deliveries");
      for (long now = loaded(settings);
          now <= before && now < everything && System.nanoTime() < progressDeadline;
          now = loaded(settings)) {
        assertThat(sink.isAlive()).as("the sink is running (see its log in %s)", dir).isTrue();
        Thread.sleep(100);
      }
      long millis = RANDOM.nextInt(SampleFiles.real() ? 4000 : 500);
      Thread.sleep(millis);
      sink.destroyForcibly();
      assertThat(sink.waitFor(30, TimeUnit.SECONDS)).isTrue();
      before = loaded(settings);
      System.out.printf(
          "%s sink killed %d ms after its progress showed (kill %d of %d): %s%n",
          name, millis, kill, KILLS, progress(settings));
    }
    Process last = sinkProcess(settings, name + "-last");
    try {
      awaitCaughtUp(settings, last, name);
    } finally {
      last.destroy();
      assertThat(last.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    System.out.printf(
        "%s: loaded with %d kills in %.1f s%n", name, KILLS, (System.nanoTime() - start) / 1e9);
  }

  /** Raw events plus deliveries the warehouse readers see, or 0 before there is anything. */
  private static long loaded(WarehouseSettings settings) {
    try (Connection c = DatabaseDialect.forUrl(settings.url()).openReader(settings)) {
      return scalar(
          c, "SELECT (SELECT COUNT(*) FROM raw_events) + (SELECT COUNT(*) FROM deliveries)");
    } catch (SQLException e) {
      return 0;
    }
  }

  private static Process sinkProcess(WarehouseSettings settings, String name) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            SinkMain.class.getName());
    builder.environment().putAll(settings.toEnvironment());
    builder.redirectErrorStream(true);
    builder.redirectOutput(dir.resolve("sink-" + name + ".log").toFile());
    return builder.start();
  }

  /** Waits until the warehouse holds every expected row and has read every partition to its end. */
  private static void awaitCaughtUp(WarehouseSettings settings, Process sink, String name)
      throws Exception {
    try {
      Awaitility.await("the warehouse holding every row and every partition's end offset")
          .atMost(LOAD_TIMEOUT)
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                assertThat(sink.isAlive())
                    .as("the sink is running (see its log in %s)", dir)
                    .isTrue();
                Map<TopicPartition, Long> ends = endOffsets();
                try (Connection c = DatabaseDialect.forUrl(settings.url()).openReader(settings)) {
                  return SinkOffsets.stored(c).equals(ends) && counts(c).equals(expectedCounts);
                } catch (SQLException e) {
                  return false; // no snapshot yet
                }
              });
    } catch (ConditionTimeoutException e) {
      String readers = progress(settings);
      throw new AssertionError(
          "the warehouse did not catch up: " + readers + "\n" + diagnosis(settings, sink, name), e);
    }
  }

  /**
   * Where a load that did not catch up stands, to tell a sink behind (its offsets short of the
   * ends) from a snapshot behind the database (DuckDB: the sink stopped, its file read directly)
   * from rows lost: offsets as the readers see them and as the database holds them, and the end of
   * each of its sinks' logs.
   */
  private static String diagnosis(WarehouseSettings settings, Process sink, String name) {
    StringBuilder out = new StringBuilder();
    try {
      Map<TopicPartition, Long> ends = endOffsets();
      try (Connection c = DatabaseDialect.forUrl(settings.url()).openReader(settings)) {
        out.append("readers' offsets short of the ends: ")
            .append(shortOf(SinkOffsets.stored(c), ends))
            .append('\n');
      }
      sink.destroy();
      sink.waitFor(60, TimeUnit.SECONDS);
      if (settings.duckDb()) {
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (Connection c = java.sql.DriverManager.getConnection(settings.url(), readOnly)) {
          out.append("the database itself: ")
              .append(counts(c))
              .append(", raw events ")
              .append(scalar(c, "SELECT COUNT(*) FROM raw_events"))
              .append(", offsets short of the ends: ")
              .append(shortOf(SinkOffsets.stored(c), ends))
              .append(", rejected records ")
              .append(scalar(c, "SELECT COUNT(*) FROM rejected_records"))
              .append('\n');
        }
      }
    } catch (Exception e) {
      out.append("(diagnosis failed: ").append(e).append(")\n");
    }
    try (var logs = Files.list(dir)) {
      for (Path log :
          logs.filter(p -> p.getFileName().toString().startsWith("sink-" + name))
              .sorted()
              .toList()) {
        List<String> lines = Files.readAllLines(log);
        out.append("--- ").append(log.getFileName()).append(", last lines:\n");
        lines
            .subList(Math.max(0, lines.size() - 15), lines.size())
            .forEach(l -> out.append(l).append('\n'));
      }
    } catch (IOException e) {
      out.append("(no sink logs: ").append(e).append(")\n");
    }
    return out.toString();
  }

  /** The partitions whose stored offset is not their end: stored/end. */
  private static Map<TopicPartition, String> shortOf(
      Map<TopicPartition, Long> stored, Map<TopicPartition, Long> ends) {
    Map<TopicPartition, String> differing =
        new java.util.TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
    ends.forEach(
        (tp, end) -> {
          if (!end.equals(stored.get(tp))) {
            differing.put(tp, stored.get(tp) + "/" + end);
          }
        });
    return differing;
  }

  private static String progress(WarehouseSettings settings) {
    try (Connection c = DatabaseDialect.forUrl(settings.url()).openReader(settings)) {
      return counts(c)
          + " of "
          + expectedCounts
          + ", raw events "
          + scalar(c, "SELECT COUNT(*) FROM raw_events")
          + " of "
          + rawRecords;
    } catch (SQLException e) {
      return "nothing readable yet (" + e.getMessage() + ")";
    }
  }

  private static void assertExactlyTheSample(Connection c, WarehouseSettings settings)
      throws Exception {
    assertThat(counts(c)).isEqualTo(expectedCounts);
    assertThat(scalar(c, "SELECT COUNT(*) FROM raw_events")).isEqualTo(rawRecords);
    // each source's documents, objects and rows counted once, as the completeness check counts
    assertThat(Landed.distinct(c, DatabaseDialect.forUrl(settings.url())))
        .isEqualTo(expectedLanded);
    Map<TopicPartition, Long> offsets = SinkOffsets.stored(c);
    assertThat(offsets).isEqualTo(endOffsets());
    assertThat(committedToKafka(settings.groupId())).isEqualTo(offsets);
    assertThat(ScorecardCheck.differences(c, expectedViews)).isEmpty();
    c.commit();
    // the newest heartbeat, and how far behind it the warehouse is as its readers see it
    List<List<Object>> lag =
        ReadOnlyQuery.run(settings, "SELECT source, seconds_behind FROM pipeline_lag").rows();
    assertThat(lag).hasSize(1);
    assertThat(lag.get(0).get(0)).isEqualTo("odi");
    double behind = (System.currentTimeMillis() - newestHeartbeat) / 1000.0;
    assertThat(((Number) lag.get(0).get(1)).doubleValue()).isCloseTo(behind, within(5.0));
  }

  /** Distinct documents and objects (by key) and rows (by Debezium's after.id) per raw topic. */
  private static Map<String, Long> distinctPerSource(List<RawRecord> records) throws IOException {
    Map<String, java.util.Set<String>> ids = new java.util.TreeMap<>();
    for (Topic<String, byte[]> topic : Topics.raw()) {
      ids.put(topic.name(), new java.util.HashSet<>());
    }
    for (RawRecord r : records) {
      boolean debezium =
          r.topic().equals(Topics.RAW_ODI_MATCHES.name())
              || r.topic().equals(Topics.RAW_ODI_DELIVERIES.name());
      ids.get(r.topic())
          .add(
              debezium
                  ? Json.MAPPER.readTree(r.value()).path("after").path("id").asText()
                  : r.key());
    }
    Map<String, Long> counts = new java.util.TreeMap<>();
    ids.forEach((topic, set) -> counts.put(topic, (long) set.size()));
    return counts;
  }

  private static Map<String, Integer> counts(Connection c) throws SQLException {
    Map<String, Integer> counts = new HashMap<>();
    for (String table : List.of("matches", "players", "innings", "deliveries")) {
      counts.put(table, (int) scalar(c, "SELECT COUNT(*) FROM " + table));
    }
    return counts;
  }

  private static long scalar(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The last stable offset of every partition the sink reads (what read_committed reaches). */
  private static Map<TopicPartition, Long> endOffsets() throws Exception {
    try (Admin admin = admin()) {
      return SinkOffsets.ends(admin);
    }
  }

  private static Map<TopicPartition, Long> committedToKafka(String group) throws Exception {
    try (Admin admin = admin()) {
      Map<TopicPartition, Long> committed = new HashMap<>();
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(30, TimeUnit.SECONDS);
      offsets.forEach((tp, o) -> committed.put(tp, o.offset()));
      return committed;
    }
  }

  private static Admin admin() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    return Admin.create(props);
  }
}
