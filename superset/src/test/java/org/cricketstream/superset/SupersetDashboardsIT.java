package org.cricketstream.superset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.cricketstream.config.Secrets;
import org.cricketstream.cricsheet.read.CricsheetData;
import org.cricketstream.cricsheet.read.MatchFiles;
import org.cricketstream.processor.ProcessorApp;
import org.cricketstream.processor.ProcessorSettings;
import org.cricketstream.stack.LocalKafka;
import org.cricketstream.stack.LocalPostgres;
import org.cricketstream.testsupport.Fixtures;
import org.cricketstream.testsupport.RawPublisher;
import org.cricketstream.testsupport.RawRecord;
import org.cricketstream.testsupport.RawRecords;
import org.cricketstream.topics.TopicAdmin;
import org.cricketstream.topics.Topics;
import org.cricketstream.warehouse.ReadOnlyQuery;
import org.cricketstream.warehouse.WarehouseSettings;
import org.cricketstream.warehouse.dialect.DuckDbExtensions;
import org.cricketstream.warehouse.sink.WarehouseSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboards in a real browser on a real warehouse: a handful of matches (real Cricsheet data
 * when CRICSHEET_DATA is there, else the fixtures) go through a real broker, the processor and the
 * DuckDB sink, which serves its database live as {@code up} has it do; Superset starts on it (each
 * connection attaches it); headless Chromium logs in, opens each dashboard, waits for every chart
 * and checks that none shows an error and that key numbers equal what {@code ./cricket query}
 * returns ({@link ReadOnlyQuery}). Then the rest of a match's balls go through the pipeline and the
 * live match centre shows the new score at its next automatic refresh. Last, the same datasets are
 * queried through Superset's API on PostgreSQL as the read-only role, on a DuckLake and on DuckDB's
 * published snapshot. Screenshots go to {@code target/screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SupersetDashboardsIT {
  private static final Path CHROMIUM = Path.of(env("CHROMIUM", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER = Path.of(env("CHROMEDRIVER", "/usr/bin/chromedriver"));
  private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration CHARTS_TIMEOUT = Duration.ofSeconds(90);
  private static final Path SCREENSHOTS = Path.of("target/screenshots");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> CONSOLE = new ArrayList<>();
  private static final Set<String> BLOCKED = new HashSet<>();

  /** The match filter's values, as the match centre's datasets label a match. */
  private static final String MATCH_LABEL =
      "CAST(m.start_date AS VARCHAR) || ' ' || COALESCE(m.team1, '?') || ' v '"
          + " || COALESCE(m.team2, '?') || ' (' || m.match_id || ')'";

  private static Path dir;
  private static LocalKafka kafka;
  private static ProcessorApp processor;
  private static WarehouseSettings duckDb;
  private static WarehouseSink sink;
  private static Thread sinkThread;
  private static LocalSuperset superset;
  private static ChromeDriver browser;
  private static String liveMatch;
  private static List<RawRecord> liveRest;
  private static long allDeliveries;
  private static long firstDeliveries;

  @BeforeAll
  static void warehouseSupersetAndBrowser() throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "no Chromium at "
            + CHROMIUM
            + " or chromedriver at "
            + CHROMEDRIVER
            + " (apt-get install chromium chromium-driver)");
    Path checkout = LocalSuperset.checkout();
    dir = Files.createTempDirectory("superset-it-");
    try {
      LocalSuperset.install(checkout, dir.resolve("install.log"));
    } catch (RuntimeException e) {
      assumeTrue(false, "Superset's environment cannot be installed: " + e.getMessage());
    }

    kafka = LocalKafka.start(dir.resolve("kafka"));
    TopicAdmin.ensure(kafka.bootstrapServers(), Topics.all());
    List<Path> files = matchFiles();
    Path live =
        files.stream()
            .filter(f -> f.getFileName().toString().endsWith(".csv"))
            .findFirst()
            .orElseThrow();
    liveMatch = MatchFiles.matchIdOf(live.getFileName().toString());
    RawRecords raw = new RawRecords();
    List<RawRecord> first = new ArrayList<>();
    for (Path file : files) {
      long deliveries = MatchFiles.readMatch(file).deliveries().size();
      allDeliveries += deliveries;
      List<RawRecord> records = raw.of(file);
      if (file.equals(live)) {
        // the match row and the first half of the balls now, the rest later
        int half = 1 + (records.size() - 1) / 2;
        first.addAll(records.subList(0, half));
        liveRest = new ArrayList<>(records.subList(half, records.size()));
        firstDeliveries += half - 1;
      } else {
        first.addAll(records);
        firstDeliveries += deliveries;
      }
    }
    // and one document that is not JSON: the processor dead-letters it, the sink lands that
    first.add(
        new RawRecord(
            Topics.RAW_T20I.name(),
            "broken-document",
            "{\"info\": not json".getBytes(java.nio.charset.StandardCharsets.UTF_8),
            Map.of()));
    try (RawPublisher publisher = new RawPublisher(kafka.bootstrapServers())) {
      publisher.publish(first);
    }
    processor =
        ProcessorApp.start(
            ProcessorSettings.fromEnvironment(Map.of())
                .withBootstrapServers(kafka.bootstrapServers())
                .withApplicationId("superset-it-processor")
                .withStateDir(dir.resolve("processor")));
    // as up runs it: the sink serves its database live, and Superset reads that
    duckDb =
        WarehouseSettings.fromEnvironment(
            Map.of(
                "WAREHOUSE_URL",
                "jdbc:duckdb:" + dir.resolve("warehouse/cricket.duckdb"),
                "WAREHOUSE_SERVE",
                "quack:127.0.0.1:" + LocalKafka.freePort(),
                "WAREHOUSE_SERVE_TOKEN",
                org.cricketstream.config.Secrets.generate(),
                "WAREHOUSE_DUCKDB_EXTENSIONS",
                duckDbExtensions().toString(),
                "WAREHOUSE_SNAPSHOT_INTERVAL",
                "PT1S",
                "WAREHOUSE_BATCH_LINGER",
                "PT0.2S",
                "KAFKA_BOOTSTRAP_SERVERS",
                kafka.bootstrapServers(),
                "CRICKET_WAREHOUSE_GROUP",
                "superset-it-duckdb"));
    sink = new WarehouseSink(duckDb, commit -> {});
    sinkThread = new Thread(sink, "duckdb-sink");
    sinkThread.start();
    awaitDeliveries(duckDb, firstDeliveries);

    superset =
        LocalSuperset.start(
            checkout, dir.resolve("superset-home"), 0, WarehouseConnection.of(duckDb));
    System.out.println("Superset startup: " + superset.startup());

    Files.createDirectories(SCREENSHOTS);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1600,2600",
        "--user-data-dir=" + dir.resolve("chromium-profile"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .withLogFile(dir.resolve("chromedriver.log").toFile())
            .build();
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (superset != null) {
      superset.close();
    }
    if (sink != null) {
      sink.stop();
      sinkThread.join(30_000);
    }
    if (processor != null) {
      processor.close();
    }
    if (kafka != null) {
      kafka.close();
    }
    String keep = System.getProperty("superset.it.keep");
    if (keep != null && duckDb != null && Files.exists(duckDb.snapshot())) {
      // -Dsuperset.it.keep=FILE keeps the warehouse the dashboards were checked on, to look at
      Files.copy(duckDb.snapshot(), Path.of(keep), StandardCopyOption.REPLACE_EXISTING);
    }
    if (dir != null) {
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  @Test
  @Order(1)
  void logsIn() {
    browser.get(superset.url() + "/login/");
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    wait.until(d -> d.findElement(By.cssSelector("[data-test='username-input']")));
    // Superset's menu embeds a telemetry pixel: the content security policy blocks it
    assertNothingFetchedFromElsewhere();
    // The form is React's: a render after the fields show can drop what was typed (a CI run on
    // Chromium 156 stayed on the login page). Each try types until the fields hold the login,
    // then submits once; a second try follows a failed first, which is printed with its page.
    for (int attempt = 1; ; attempt++) {
      wait.until(
          d -> {
            boolean user =
                typed(
                    d.findElement(By.cssSelector("[data-test='username-input']")),
                    superset.username());
            boolean password =
                typed(
                    d.findElement(By.cssSelector("[data-test='password-input']")),
                    superset.password());
            return user && password;
          });
      browser.findElement(By.cssSelector("[data-test='login-button']")).click();
      try {
        new WebDriverWait(browser, Duration.ofSeconds(60))
            .until(d -> !d.getCurrentUrl().contains("/login"));
        return;
      } catch (TimeoutException e) {
        screenshot("login-" + attempt);
        if (attempt == 2) {
          throw e;
        }
        System.err.println(
            "login try "
                + attempt
                + " stayed on "
                + browser.getCurrentUrl()
                + ": "
                + browser.findElement(By.tagName("body")).getText());
        browser.get(superset.url() + "/login/");
      }
    }
  }

  /** Types {@code text} into {@code field} unless it holds it; whether it holds it now. */
  private static boolean typed(WebElement field, String text) {
    if (!text.equals(field.getAttribute("value"))) {
      field.clear();
      field.sendKeys(text);
    }
    return text.equals(field.getAttribute("value"));
  }

  @Test
  @Order(2)
  void liveMatchCentreShowsTheMatchAsTheWarehouseHoldsIt() throws Exception {
    // without a choice the match filter takes the latest match, and the charts wait for it
    openDashboard("match-centre", "");
    String latest =
        (String)
            query("SELECT match_id FROM matches m ORDER BY " + MATCH_LABEL + " DESC LIMIT 1")
                .get(0)
                .get(0);
    assertThat(bigNumber("Current innings: runs")).isEqualTo(currentRuns(latest));

    Map<String, ChartState> charts = openDashboard("match-centre", matchFilter(liveMatch));
    screenshot("match-centre");
    assertThat(charts.keySet())
        .contains(
            "Current innings: runs",
            "Innings",
            "Worm",
            "Manhattan (runs per over)",
            "Batting",
            "Bowling",
            "Partnerships",
            "Fall of wickets");
    assertThat(bigNumber("Current innings: runs")).isEqualTo(currentRuns(liveMatch));
    assertThat(charts.get("Innings").text()).contains(String.valueOf(currentRuns(liveMatch)));

    // a chase that is over (all out, target reached, overs used) has no required run rate
    String innings = datasetSql(datasets().resolve("match_centre_innings.yaml")).orElseThrow();
    List<Object> over =
        query(
                "SELECT COUNT(*), COUNT(q.required_run_rate) FROM ("
                    + innings
                    + ") q JOIN matches m ON m.match_id = q.match_id WHERE q.target IS NOT NULL"
                    + " AND (q.wickets >= 10 OR q.runs >= q.target OR q.legal_balls >="
                    + " COALESCE(m.balls_per_over, 6) * COALESCE(m.scheduled_overs,"
                    + " CASE m.match_format WHEN 'T20' THEN 20 WHEN 'ODI' THEN 50 END))")
            .get(0);
    assertThat(((Number) over.get(0)).longValue()).as("chases that are over").isPositive();
    assertThat(((Number) over.get(1)).longValue()).as("of them with a required run rate").isZero();

    // the charts' DuckDB connections loaded the installed extension files, which match the hashes
    // the repository pins, without DuckDB's signature check (superset/pinned_extensions.py)
    assertThat(Files.readString(superset.log()))
        .contains("match the pinned hashes: loaded unchecked")
        .doesNotContain("DuckDB checks the extensions' signatures at every load");
  }

  private static Path datasets() {
    return LocalSuperset.checkout().resolve("superset/bundle/datasets/cricket_warehouse");
  }

  @Test
  @Order(3)
  void analyticsLeaderboardsMatchTheWarehouse() throws Exception {
    Map<String, ChartState> charts = openDashboard("analytics", "");
    screenshot("analytics");
    assertThat(charts.keySet())
        .contains(
            "Batting leaderboard (runs)",
            "Bowling leaderboard (wickets)",
            "Run rate by phase",
            "Batter versus bowler",
            "Venues",
            "Team head-to-head",
            "Competitions");
    List<Object> top =
        query("SELECT player, runs FROM batting_careers ORDER BY runs DESC, player LIMIT 1").get(0);
    List<String> firstRow = firstTableRow("Batting leaderboard (runs)");
    assertThat(firstRow.get(0)).isEqualTo(top.get(0));
    assertThat(firstRow.get(4).replace(",", "")).isEqualTo(String.valueOf(top.get(1)));
    List<Object> bowler =
        query(
                "SELECT player, wickets FROM bowling_careers"
                    + " ORDER BY wickets DESC, economy, player LIMIT 1")
            .get(0);
    List<String> bowlingRow = firstTableRow("Bowling leaderboard (wickets)");
    assertThat(bowlingRow.get(0)).isEqualTo(bowler.get(0));
    assertThat(bowlingRow.get(4)).isEqualTo(String.valueOf(bowler.get(1)));
    List<Object> competition =
        query(
                "SELECT competition, matches FROM competitions"
                    + " ORDER BY matches DESC, competition LIMIT 1")
            .get(0);
    List<String> competitionRow = firstTableRow("Competitions");
    assertThat(competitionRow.get(0)).isEqualTo(competition.get(0));
    assertThat(competitionRow.get(4)).isEqualTo(String.valueOf(competition.get(1)));
  }

  @Test
  @Order(4)
  void pipelineHealthCountsWhatLanded() throws Exception {
    Map<String, ChartState> charts = openDashboard("pipeline-health", "");
    screenshot("pipeline-health");
    assertThat(charts.keySet())
        .contains(
            "Raw events per source over time",
            "Raw events per source",
            "Seconds since the warehouse last changed",
            "Sink offsets",
            "Schema versions per topic");
    long landed = ((Number) query("SELECT COUNT(*) FROM raw_events").get(0).get(0)).longValue();
    assertThat(bigNumber("Raw events landed")).isEqualTo(landed);
    assertThat(bigNumber("Deliveries in the model")).isEqualTo(firstDeliveries);
    long deadLetters =
        ((Number)
                query(
                        "SELECT COUNT(*) FROM raw_events"
                            + " WHERE topic IN ('dead-letters', 'dead-letters.connect')")
                    .get(0)
                    .get(0))
            .longValue();
    assertThat(deadLetters).as("the broken document, dead-lettered and landed").isEqualTo(1);
    assertThat(bigNumber("Dead letters")).isEqualTo(deadLetters);
    List<Object> firstSchema =
        query("SELECT topic, schema_id FROM pipeline_schemas ORDER BY topic, schema_id LIMIT 1")
            .get(0);
    List<String> schemaRow = firstTableRow("Schema versions per topic");
    assertThat(schemaRow.get(0)).isEqualTo(firstSchema.get(0));
    assertThat(schemaRow.get(3)).isEqualTo(String.valueOf(firstSchema.get(1)));
  }

  @Test
  @Order(5)
  void aBallThroughThePipelineShowsOnTheMatchCentreAtItsNextRefresh() throws Exception {
    openDashboard("match-centre", matchFilter(liveMatch));
    long before = bigNumber("Current innings: runs");
    try (RawPublisher publisher = new RawPublisher(kafka.bootstrapServers())) {
      publisher.publish(liveRest);
    }
    awaitDeliveries(duckDb, allDeliveries);
    long after = currentRuns(liveMatch);
    assertThat(after).isNotEqualTo(before);
    // no reload: the dashboard refreshes itself every 10 s and reads the served database
    long published = System.nanoTime();
    new WebDriverWait(browser, Duration.ofSeconds(40))
        .until(d -> bigNumberOrNull("Current innings: runs") == after);
    System.out.printf(
        "live match centre: %d -> %d runs, shown %d ms after the warehouse had it%n",
        before, after, Duration.ofNanos(System.nanoTime() - published).toMillis());
    awaitCharts(); // every chart refreshed without an error
    screenshot("match-centre-after-more-balls");
  }

  @Test
  @Order(6)
  void theSameDatasetsAnswerOnPostgresThroughTheReadOnlyRole() throws Exception {
    try (LocalPostgres postgres = LocalPostgres.start(dir.resolve("postgres"))) {
      postgres.createDatabase("warehouse");
      WarehouseSettings pg =
          WarehouseSettings.fromEnvironment(
              Map.of(
                  "WAREHOUSE_URL",
                  postgres.jdbcUrl("warehouse"),
                  "WAREHOUSE_USER",
                  LocalPostgres.USER,
                  "WAREHOUSE_PASSWORD",
                  postgres.password(),
                  "WAREHOUSE_READER_PASSWORD",
                  Secrets.generate(),
                  "WAREHOUSE_BATCH_LINGER",
                  "PT0.2S",
                  "KAFKA_BOOTSTRAP_SERVERS",
                  kafka.bootstrapServers(),
                  "CRICKET_WAREHOUSE_GROUP",
                  "superset-it-postgres"));
      theDatasetsAnswerAsTheWarehouseDoes(pg, "postgresql");
    }
  }

  /**
   * The same on a DuckLake read live: Superset attaches its catalog with the extensions autoloaded
   * from their installed folder, and every dataset answers as a query of the lake does.
   */
  @Test
  @Order(7)
  void theSameDatasetsAnswerOnADuckLakeReadLive() throws Exception {
    Path extensions;
    try {
      extensions = DuckDbExtensions.install();
    } catch (java.sql.SQLException e) {
      throw new AssertionError("the DuckLake extensions could not be installed", e);
    }
    WarehouseSettings lake =
        WarehouseSettings.fromEnvironment(
            Map.of(
                "WAREHOUSE_URL",
                "jdbc:duckdb:ducklake:" + dir.resolve("lake"),
                "WAREHOUSE_DUCKDB_EXTENSIONS",
                extensions.toString(),
                "WAREHOUSE_BATCH_LINGER",
                "PT0.2S",
                "KAFKA_BOOTSTRAP_SERVERS",
                kafka.bootstrapServers(),
                "CRICKET_WAREHOUSE_GROUP",
                "superset-it-ducklake"));
    theDatasetsAnswerAsTheWarehouseDoes(lake, "duckdb");
  }

  /**
   * The same on DuckDB's published snapshot (WAREHOUSE_SNAPSHOT, nothing served): Superset opens
   * the snapshot read-only per query, and every dataset answers as a query of it does.
   */
  @Test
  @Order(8)
  void theSameDatasetsAnswerOnTheDuckDbSnapshot() throws Exception {
    WarehouseSettings snapshot =
        WarehouseSettings.fromEnvironment(
            Map.of(
                "WAREHOUSE_URL",
                "jdbc:duckdb:" + dir.resolve("snapshot/cricket.duckdb"),
                "WAREHOUSE_BATCH_LINGER",
                "PT0.2S",
                "KAFKA_BOOTSTRAP_SERVERS",
                kafka.bootstrapServers(),
                "CRICKET_WAREHOUSE_GROUP",
                "superset-it-snapshot"));
    theDatasetsAnswerAsTheWarehouseDoes(snapshot, "duckdb");
  }

  private static Path duckDbExtensions() {
    try {
      return DuckDbExtensions.install();
    } catch (java.sql.SQLException e) {
      throw new AssertionError("the DuckDB extensions could not be installed", e);
    }
  }

  /**
   * Loads {@code warehouse} from the clean topics to where the DuckDB warehouse is, imports the
   * bundle pointing at it, and compares every dataset's row count through Superset's API with a
   * direct read-only query.
   */
  private static void theDatasetsAnswerAsTheWarehouseDoes(
      WarehouseSettings warehouse, String backend) throws Exception {
    WarehouseSink loader = new WarehouseSink(warehouse, commit -> {});
    Thread thread = new Thread(loader, "sink-" + backend);
    thread.start();
    try {
      // what the DuckDB warehouse holds by now (all of it, unless an earlier test stopped short)
      awaitDeliveries(
          warehouse, ((Number) query("SELECT COUNT(*) FROM deliveries").get(0).get(0)).longValue());
    } finally {
      loader.stop();
      thread.join(30_000);
    }
    superset.importBundle(WarehouseConnection.of(warehouse));
    Api api = new Api();
    // the re-import replaced the database's URI: the datasets now read this warehouse
    assertThat(api.databaseBackends()).containsExactly(backend);
    Map<String, Integer> datasets = api.datasets();
    assertThat(datasets).hasSizeGreaterThanOrEqualTo(17);
    for (Map.Entry<String, Integer> dataset : datasets.entrySet()) {
      long viaSuperset = api.count(dataset.getValue());
      long viaQuery = count(warehouse, dataset.getKey());
      assertThat(viaSuperset).as(dataset.getKey()).isEqualTo(viaQuery);
    }
    System.out.println(
        warehouse.url() + " through Superset, rows per dataset: " + datasets.keySet());
  }

  // ---------------------------------------------------------------- the browser

  /**
   * The state of one chart on the page; {@code warning}: the warning icon in its header, which
   * Superset shows when the chart's query returned as many rows as its row limit (cut short).
   */
  record ChartState(
      String name, boolean loading, String error, boolean rendered, boolean warning, String text) {}

  private static Map<String, ChartState> openDashboard(String slug, String query) {
    browser.get(superset.url() + "/superset/dashboard/" + slug + "/" + query);
    Map<String, ChartState> charts = awaitCharts();
    assertNothingFetchedFromElsewhere();
    assertThat(charts.values().stream().filter(ChartState::warning).map(ChartState::name))
        .as("charts marked with a warning (their query stopped at the row limit)")
        .isEmpty();
    return charts;
  }

  private static void assertNothingFetchedFromElsewhere() {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    List<String> fetched = fetchedFromElsewhere();
    while (!fetched.isEmpty() && System.nanoTime() < deadline) {
      sleepMillis(250); // the console may record the block a moment after the request
      fetched = fetchedFromElsewhere();
    }
    assertThat(fetched).as("resources fetched from outside Superset").isEmpty();
  }

  /**
   * What the page asked for from anywhere but Superset and the browser did not block. Superset's
   * menu embeds a telemetry pixel (Scarf); the content security policy must block it, which the
   * browser's console records.
   */
  @SuppressWarnings("unchecked")
  private static List<String> fetchedFromElsewhere() {
    List<Object> urls =
        (List<Object>)
            ((JavascriptExecutor) browser)
                .executeScript(
                    "return performance.getEntriesByType('resource').map(e => e.name)"
                        + ".concat([location.href]);");
    for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
      CONSOLE.add(entry.getMessage());
    }
    String origin = superset.url().toString();
    List<String> external =
        urls.stream()
            .map(String::valueOf)
            .filter(u -> !u.startsWith(origin) && !u.startsWith("data:") && !u.startsWith("blob:"))
            .distinct()
            .toList();
    for (String url : external) {
      if (BLOCKED.add(url)) {
        System.out.println("requested from outside: " + url);
      }
    }
    return external.stream()
        .filter(
            u ->
                CONSOLE.stream()
                    .noneMatch(
                        m ->
                            m.contains(u)
                                && m.contains("Content Security Policy")
                                && m.contains("has been blocked")))
        .toList();
  }

  /** Waits until no chart is loading and every chart rendered; fails on any chart's error. */
  private static Map<String, ChartState> awaitCharts() {
    long deadline = System.nanoTime() + CHARTS_TIMEOUT.toNanos();
    Map<String, ChartState> states = Map.of();
    sleepMillis(1500); // let the refresh or the page start its requests
    while (System.nanoTime() < deadline) {
      states = chartStates();
      List<String> errors =
          states.values().stream()
              .filter(s -> s.error() != null)
              .map(s -> s.name() + ": " + s.error())
              .toList();
      if (!errors.isEmpty()) {
        screenshot("error-" + System.currentTimeMillis());
        throw new AssertionError("charts show errors: " + errors);
      }
      if (!states.isEmpty()
          && states.values().stream().allMatch(s -> !s.loading() && s.rendered())) {
        return states;
      }
      sleepMillis(500);
    }
    screenshot("timeout-" + System.currentTimeMillis());
    throw new AssertionError("charts not rendered within " + CHARTS_TIMEOUT + ": " + states);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, ChartState> chartStates() {
    Object result =
        ((JavascriptExecutor) browser)
            .executeScript(
                "return Array.from(document.querySelectorAll("
                    + "\"[data-test='chart-grid-component']\")).map(e => {"
                    + " const err = e.querySelector(\".ant-alert-error, .alert-danger,"
                    + " [data-test='error-tooltip'], [data-test='error-message']\");"
                    + " return {name: e.getAttribute('data-test-chart-name'),"
                    + " loading: !!e.querySelector(\"[data-test='loading-indicator'], .loading\"),"
                    + " error: err ? (err.innerText || 'error') : null,"
                    + " rendered: !!e.querySelector(\"[data-test='chart-container']\")"
                    + " && !!e.querySelector(\"[data-test='chart-container']\").querySelector("
                    + "'canvas, svg, table, .header-line, .no-results'),"
                    + " warning: !!e.querySelector(\"[data-test='slice-header'] .anticon-warning\"),"
                    + " text: e.innerText};});");
    Map<String, ChartState> states = new LinkedHashMap<>();
    for (Object o : (List<Object>) result) {
      Map<String, Object> m = (Map<String, Object>) o;
      String name = String.valueOf(m.get("name"));
      states.put(
          name,
          new ChartState(
              name,
              Boolean.TRUE.equals(m.get("loading")),
              (String) m.get("error"),
              Boolean.TRUE.equals(m.get("rendered")),
              Boolean.TRUE.equals(m.get("warning")),
              String.valueOf(m.get("text"))));
    }
    return states;
  }

  private static WebElement chart(String name) {
    return browser.findElement(
        By.cssSelector("[data-test='chart-grid-component'][data-test-chart-name='" + name + "']"));
  }

  private static long bigNumber(String chart) {
    Long value = bigNumberOrNull(chart);
    for (int i = 0; value == null && i < 60; i++) {
      sleepMillis(500);
      value = bigNumberOrNull(chart);
    }
    if (value == null) {
      throw new AssertionError("no number in " + chart + ": " + chart(chart).getText());
    }
    return value;
  }

  private static Long bigNumberOrNull(String chart) {
    try {
      String text = chart(chart).findElement(By.cssSelector(".header-line")).getText();
      return Long.parseLong(text.replace(",", "").strip());
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * The first row's cells of a table chart, read in one script so a table the dashboard re-renders
   * meanwhile (its refresh, a late layout) cannot leave an element stale half-way; waits up to 30 s
   * for a row.
   */
  @SuppressWarnings("unchecked")
  private static List<String> firstTableRow(String chart) {
    List<String> cells = List.of();
    for (int i = 0; cells.isEmpty() && i < 60; i++) {
      if (i > 0) {
        sleepMillis(500);
      }
      cells =
          ((List<Object>)
                  ((JavascriptExecutor) browser)
                      .executeScript(
                          "const c = document.querySelector(\"[data-test='chart-grid-component']"
                              + "[data-test-chart-name='\" + arguments[0] + \"']\");"
                              + " return c ? Array.from(c.querySelectorAll("
                              + "'tbody tr:first-child td')).map(td => td.innerText.trim()) : [];",
                          chart))
              .stream().map(String::valueOf).toList();
    }
    assertThat(cells).as("first row of " + chart).isNotEmpty();
    return cells;
  }

  private static void screenshot(String name) {
    try {
      Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    } catch (IOException | RuntimeException e) {
      System.out.println("no screenshot " + name + ": " + e);
    }
  }

  /** The match centre's match filter set to one match, as a URL query. */
  private static String matchFilter(String matchId) throws SQLException {
    String label =
        (String)
            query("SELECT " + MATCH_LABEL + " FROM matches m WHERE m.match_id = '" + matchId + "'")
                .get(0)
                .get(0);
    String value = "'" + label.replace("!", "!!").replace("'", "!'") + "'";
    String rison =
        "(NATIVE_FILTER-match:(extraFormData:(filters:!((col:match_name,op:IN,val:!("
            + value
            + ")))),filterState:(label:"
            + value
            + ",value:!("
            + value
            + ")),id:NATIVE_FILTER-match,ownState:()))";
    return "?native_filters=" + URLEncoder.encode(rison, StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- the warehouse

  private static List<List<Object>> query(String sql) throws SQLException {
    return ReadOnlyQuery.run(duckDb, sql).rows();
  }

  private static long currentRuns(String matchId) throws SQLException {
    return ((Number)
            query(
                    "SELECT runs FROM innings_summary WHERE match_id = '"
                        + matchId
                        + "' ORDER BY innings_number DESC LIMIT 1")
                .get(0)
                .get(0))
        .longValue();
  }

  private static long count(WarehouseSettings settings, String dataset) throws SQLException {
    String sql =
        datasetSql(datasets().resolve(dataset + ".yaml")).orElse("SELECT * FROM " + dataset);
    return ((Number)
            ReadOnlyQuery.run(settings, "SELECT COUNT(*) FROM (" + sql + ") q")
                .rows()
                .get(0)
                .get(0))
        .longValue();
  }

  /** A virtual dataset's SQL from its YAML file (a literal block). */
  private static Optional<String> datasetSql(Path yaml) {
    try {
      List<String> lines = Files.readAllLines(yaml, StandardCharsets.UTF_8);
      StringBuilder sql = new StringBuilder();
      boolean in = false;
      for (String line : lines) {
        if (line.startsWith("sql: |")) {
          in = true;
        } else if (in && line.startsWith("  ")) {
          sql.append(line.substring(2)).append('\n');
        } else if (in) {
          break;
        }
      }
      return sql.length() == 0 ? Optional.empty() : Optional.of(sql.toString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Waits until the warehouse as BI reads it holds {@code expected} deliveries. */
  private static void awaitDeliveries(WarehouseSettings settings, long expected) {
    Supplier<Long> count =
        () -> {
          try {
            return ((Number)
                    ReadOnlyQuery.run(settings, "SELECT COUNT(*) FROM deliveries")
                        .rows()
                        .get(0)
                        .get(0))
                .longValue();
          } catch (SQLException e) {
            return -1L; // no snapshot yet
          }
        };
    long[] seen = {-1};
    try {
      Awaitility.await("the warehouse as BI reads it")
          .atMost(LOAD_TIMEOUT)
          .pollInterval(Duration.ofMillis(250))
          .until(() -> (seen[0] = count.get()) == expected);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "warehouse " + settings.url() + " holds " + seen[0] + " deliveries, expected " + expected,
          e);
    }
  }

  private static List<Path> matchFiles() throws IOException {
    Optional<Path> real = CricsheetData.real();
    List<Path> files = new ArrayList<>();
    if (real.isPresent()) {
      files.addAll(firstFiles(real.get().resolve(CricsheetData.ODI_CSV), 2));
      files.addAll(firstFiles(real.get().resolve(CricsheetData.T20I_JSON), 3));
      files.addAll(firstFiles(real.get().resolve(CricsheetData.TEST_YAML), 1));
    } else {
      Path fixtures = Fixtures.folder();
      files.addAll(firstFiles(fixtures.resolve("csv"), 1));
      files.addAll(firstFiles(fixtures.resolve("json"), 1));
      files.addAll(firstFiles(fixtures.resolve("yaml"), 1));
    }
    return files;
  }

  private static List<Path> firstFiles(Path folder, int n) throws IOException {
    try (Stream<Path> list = Files.list(folder)) {
      return list.filter(p -> !p.getFileName().toString().endsWith("_info.csv"))
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted()
          .limit(n)
          .toList();
    }
  }

  private static void sleepMillis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isEmpty() ? fallback : value;
  }

  // ---------------------------------------------------------------- Superset's REST API

  /** Superset's API as the admin, with a JWT. */
  private static final class Api {
    private final HttpClient http = HttpClient.newHttpClient();
    private final String token;

    Api() throws IOException, InterruptedException {
      ObjectNode login = JSON.createObjectNode();
      login.put("username", superset.username());
      login.put("password", superset.password());
      login.put("provider", "db");
      login.put("refresh", false);
      token = post("/api/v1/security/login", login, false).get("access_token").asText();
    }

    /** Dataset name to id. */
    Map<String, Integer> datasets() throws IOException, InterruptedException {
      Map<String, Integer> ids = new LinkedHashMap<>();
      for (JsonNode d : get("/api/v1/dataset/?q=(page_size:100)").get("result")) {
        ids.put(d.get("table_name").asText(), d.get("id").asInt());
      }
      return ids;
    }

    /** The backend of every database Superset knows. */
    List<String> databaseBackends() throws IOException, InterruptedException {
      List<String> backends = new ArrayList<>();
      for (JsonNode d : get("/api/v1/database/?q=(page_size:100)").get("result")) {
        backends.add(d.get("backend").asText());
      }
      return backends;
    }

    /** COUNT(*) of a dataset, through /api/v1/chart/data. */
    long count(int datasetId) throws IOException, InterruptedException {
      ObjectNode body = JSON.createObjectNode();
      body.putObject("datasource").put("id", datasetId).put("type", "table");
      body.put("force", true);
      body.put("result_format", "json");
      body.put("result_type", "full");
      ObjectNode q = body.putArray("queries").addObject();
      q.putArray("columns");
      ObjectNode metric = q.putArray("metrics").addObject();
      metric.put("expressionType", "SQL");
      metric.put("sqlExpression", "COUNT(*)");
      metric.put("label", "n");
      q.put("row_limit", 1);
      JsonNode result = post("/api/v1/chart/data", body, true).get("result").get(0);
      ArrayNode data = (ArrayNode) result.get("data");
      return data.get(0).get("n").asLong();
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(superset.url() + path))
              .header("Authorization", "Bearer " + token)
              .timeout(Duration.ofSeconds(60))
              .build();
      return send(request);
    }

    private JsonNode post(String path, JsonNode body, boolean auth)
        throws IOException, InterruptedException {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(superset.url() + path))
              .header("Content-Type", "application/json")
              .timeout(Duration.ofSeconds(60))
              .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      if (auth) {
        request.header("Authorization", "Bearer " + token);
      }
      return send(request.build());
    }

    private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new AssertionError(
            request.method()
                + " "
                + request.uri()
                + ": "
                + response.statusCode()
                + " "
                + response.body());
      }
      return JSON.readTree(response.body());
    }
  }
}
