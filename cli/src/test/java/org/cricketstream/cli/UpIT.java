package org.cricketstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.cricketstream.cli.up.StackHome;
import org.cricketstream.cricsheet.read.CricsheetData;
import org.cricketstream.cricsheet.read.MatchFiles;
import org.cricketstream.testsupport.Fixtures;
import org.cricketstream.topics.SchemaRegistry;
import org.cricketstream.topics.Topic;
import org.cricketstream.topics.Topics;
import org.cricketstream.warehouse.SampleFiles;
import org.cricketstream.warehouse.ScorecardCheck;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole system, as a user runs it: {@code cricket up --pace 0 --exit-when-idle} on the whole
 * sample (the real one via CRICSHEET_DATA, else the fixtures), in its own process, with every
 * component in a process of its own, after a first {@code up} was stopped mid-replay as Ctrl-C
 * stops it (so the run resumes). Afterwards every match's innings, batting and bowling views in the
 * warehouse must equal {@code cricket scorecard} of its file. A second run has every source in
 * crash-replay mode and kills the bridge, the processor, the sink and Kafka Connect with -9 one
 * after another while data flows; the supervisor restarts each, and the warehouse must still be
 * exact. Each stack runs on ports of its own.
 */
class UpIT {
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(25);

  private static List<Path> files;
  private static Map<String, Map<String, List<String>>> expected;
  private static long deliveries;

  @BeforeAll
  static void expectations() {
    files = SampleFiles.all();
    expected = ScorecardCheck.expected(files);
    deliveries = files.stream().mapToLong(f -> MatchFiles.readMatch(f).deliveries().size()).sum();
  }

  @Test
  void wholeSampleThroughTheStackEqualsEveryScorecardAlsoAfterAStopAndResume(@TempDir Path home)
      throws Exception {
    // the stack stopped mid-replay as Ctrl-C stops it...
    Process first = up(home, "0", false);
    try {
      awaitOutput(home, first, "replay\\s+ready", Duration.ofMinutes(5));
      // a third of the way: the whole sample loads in about 65-90 s on two cores
      Thread.sleep(30_000);
    } finally {
      stop(first); // SIGTERM: the shutdown hook Ctrl-C runs
    }
    assertThat(output(home)).contains("stopping...").contains("kafka         stopped");
    for (String component : List.of("kafka", "connect", "processor", "sink", "bridge", "replay")) {
      assertThat(new StackHome(home).pid(component)).as(component + " pid file").isEmpty();
    }
    // every match's record arrives early (its document, its info row, its Test file), its balls
    // over the whole load: stopped part way, some are missing (the fixtures alone load in seconds)
    if (SampleFiles.real()) {
      assertThat(count(home, "SELECT count(*) FROM deliveries"))
          .as("stopped before every ball arrived")
          .isLessThan(deliveries);
    }

    // ...then `up --pace 0 --exit-when-idle` on the whole sample resumes and loads the rest
    Process up = up(home, "0", true);
    try {
      assertThat(up.waitFor(RUN_TIMEOUT.toMinutes(), TimeUnit.MINUTES))
          .as("up exits once idle")
          .isTrue();
    } finally {
      stop(up);
    }
    assertThat(up.exitValue()).as(output(home)).isZero();
    assertThat(output(home)).contains("idle: every source is replayed");
    // progress while it ran: a line every few seconds, and one summary once the replay ended
    assertThat(output(home))
        .containsPattern("\\[\\d+:\\d\\d\\] replayed t20i [\\d,]+/[\\d,]+ odi [\\d,]+/[\\d,]+ test")
        .containsPattern("replay done in \\d+:\\d\\d: [\\d,]+ T20I documents, [\\d,]+ ODI rows");
    assertExact(home);
    assertEveryRecordCarriedItsTopicsSchema(home);
    // Debezium's heartbeat went the whole way, through the capture role's one grant: once the
    // stack was idle, the last heartbeat reached the sink within seconds of its commit
    assertThat(count(home, "SELECT count(*) FROM pipeline_heartbeats WHERE source = 'odi'"))
        .isOne();
    assertThat(count(home, "SELECT max(loaded_at - committed_at) FROM pipeline_heartbeats"))
        .as("ms from the last heartbeat's commit to the sink's")
        .isBetween(0L, 30_000L);

    // once up has run, doctor finds what up needs for this home
    Process doctor =
        new ProcessBuilder(java("doctor", "--home", home.toString(), "--no-superset"))
            .redirectErrorStream(true)
            .start();
    String doctorOut = new String(doctor.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(doctor.waitFor()).as(doctorOut).isZero();
    assertThat(doctorOut).contains("./cricket up can run.").doesNotContain("MISSING");

    // status reads a stopped stack's warehouse too, and says the stack is down
    StatusResult status = status(home);
    assertThat(status.exitCode()).isEqualTo(1);
    assertThat(status.output())
        .contains("stack in")
        .contains("down")
        .contains("deliveries")
        .containsPattern("freshness: odi [\\d.]+ s behind its source");
  }

  /** Stops {@code up} if it still runs: SIGTERM stops its children cleanly. */
  private static void stop(Process up) throws InterruptedException {
    if (up.isAlive()) {
      up.destroy();
      if (!up.waitFor(3, TimeUnit.MINUTES)) {
        up.destroyForcibly().waitFor();
      }
    }
  }

  private static void assertExact(Path home) throws SQLException {
    try (Connection c = warehouse(home)) {
      assertThat(ScorecardCheck.differences(c, expected)).isEmpty();
    }
  }

  /**
   * The sink counted every record by the schema id it carried and named each id as the registry
   * holds it: the raw topics' records each carried their subject's id (raw.s3.tests, YAML, none),
   * and every id the sink read is a version of its own topic's subject, the one this build
   * declares.
   */
  private static void assertEveryRecordCarriedItsTopicsSchema(Path home) throws SQLException {
    for (Topic<String, byte[]> raw :
        List.of(Topics.RAW_T20I, Topics.RAW_ODI_MATCHES, Topics.RAW_ODI_DELIVERIES)) {
      String landed = "SELECT count(*) FROM raw_events WHERE topic = '" + raw.name() + "'";
      assertThat(
              count(
                  home,
                  "SELECT sum(records) FROM pipeline_schemas WHERE schema_id <> 0 AND topic = '"
                      + raw.name()
                      + "'"))
          .as("records of %s that carried a schema id", raw.name())
          .isEqualTo(count(home, landed))
          .isPositive();
    }
    assertThat(
            count(
                home,
                "SELECT sum(records) FROM pipeline_schemas WHERE schema_id = 0 AND topic = '"
                    + Topics.RAW_TEST.name()
                    + "'"))
        .isEqualTo(
            count(
                home,
                "SELECT count(*) FROM raw_events WHERE topic = '" + Topics.RAW_TEST.name() + "'"));
    for (Topic<String, ?> topic : SchemaRegistry.registeredTopics()) {
      assertThat(
              count(
                  home,
                  "SELECT count(*) FROM pipeline_schemas WHERE schema_id <> 0 AND topic = '"
                      + topic.name()
                      + "' AND NOT (subject = '"
                      + SchemaRegistry.subjectOf(topic)
                      + "' AND version = "
                      + topic.schemaVersion()
                      + ")"))
          .as(
              "ids on %s that are not %s v%d",
              topic.name(), SchemaRegistry.subjectOf(topic), topic.schemaVersion())
          .isZero();
    }
    for (Topic<String, ?> clean : Topics.clean()) {
      assertThat(
              count(
                  home,
                  "SELECT sum(records) FROM pipeline_schemas WHERE schema_id <> 0 AND topic = '"
                      + clean.name()
                      + "'"))
          .as("records of %s that carried its schema's id", clean.name())
          .isPositive();
    }
  }

  private static long count(Path home, String sql) throws SQLException {
    try (Connection c = warehouse(home);
        java.sql.Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The warehouse itself, read-only: no sink holds it once {@code up} stopped. */
  private static Connection warehouse(Path home) throws SQLException {
    Properties props = new Properties();
    props.setProperty("duckdb.read_only", "true");
    return DriverManager.getConnection("jdbc:duckdb:" + new StackHome(home).warehouseFile(), props);
  }

  /** {@code cricket up} in its own JVM, its output in {@code up.out} beside the home. */
  private static Process up(Path home, String pace, boolean exitWhenIdle, String... extra)
      throws IOException {
    if (!Files.exists(home.resolve("stack.json"))) {
      // ports of its own, so that stacks of tests running at the same time never meet
      new StackHome(home).record(Map.of("ports", StackHome.freePorts()));
    }
    List<String> command = java("up");
    command.addAll(
        List.of(
            "--home", home.toString(), "--pace", pace, "--idle-timeout", "PT20M", "--no-superset"));
    if (exitWhenIdle) {
      command.add("--exit-when-idle");
    }
    command.addAll(List.of(extra));
    command.add("--data");
    for (Path folder : dataFolders()) {
      command.add(folder.toString());
    }
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(outputFile(home).toFile()))
        .start();
  }

  private record StatusResult(int exitCode, String output) {}

  private static StatusResult status(Path home) throws IOException, InterruptedException {
    List<String> command = java("status");
    command.addAll(List.of("--home", home.toString()));
    Process status = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(status.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new StatusResult(status.waitFor(), out);
  }

  private static List<String> java(String subcommand, String... args) {
    List<String> command = CricketProcess.command(subcommand);
    command.addAll(List.of(args));
    return command;
  }

  private static List<Path> dataFolders() {
    if (CricsheetData.real().isPresent()) {
      Path real = CricsheetData.real().get();
      return List.of(
          real.resolve(CricsheetData.T20I_JSON),
          real.resolve(CricsheetData.ODI_CSV),
          real.resolve(CricsheetData.TEST_YAML));
    }
    Path fixtures = Fixtures.folder();
    return List.of(fixtures.resolve("json"), fixtures.resolve("csv"), fixtures.resolve("yaml"));
  }

  private static Path outputFile(Path home) {
    return home.resolveSibling(home.getFileName() + "-up.out");
  }

  private static String output(Path home) {
    try {
      return Files.readString(outputFile(home), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  private static void awaitOutput(Path home, Process up, String regex, Duration timeout) {
    java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(regex);
    Awaitility.await("'" + regex + "' in up's output")
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              assertThat(up.isAlive()).as("up still runs; its output:%n%s", output(home)).isTrue();
              return pattern.matcher(output(home)).find();
            });
  }
}
