package org.cricketstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;
import org.cricketstream.cli.up.Stack;
import org.cricketstream.cli.up.StackHome;
import org.cricketstream.config.Secrets;
import org.cricketstream.stack.LocalPostgres;
import org.cricketstream.stack.LocalRegistry;
import org.cricketstream.stack.PostgresAdmin;
import org.cricketstream.testsupport.Fixtures;
import org.cricketstream.topics.SchemaIdInterceptor;
import org.cricketstream.topics.SchemaRegistry;
import org.cricketstream.topics.Topic;
import org.cricketstream.topics.Topics;
import org.cricketstream.warehouse.Warehouse;
import org.cricketstream.warehouse.WarehouseSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closed doors, tried on a running stack ({@code ./cricket up} with Superset, on the fixtures):
 * each attempt a local user or a dashboard user could make is refused with a clear error, no
 * generated secret is in a log or a command line, and the home keeps its files to its owner.
 */
class SecurityIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWD = "/etc/passwd";

  @TempDir static Path home;
  private static Process up;
  private static Map<String, Integer> ports;

  @BeforeAll
  static void aRunningStack() throws Exception {
    Map<String, Integer> chosen = StackHome.freePorts();
    new StackHome(home).record(Map.of("ports", chosen));
    Path fixtures = Fixtures.folder();
    List<String> command =
        CricketProcess.command(
            "up",
            "--home",
            home.toString(),
            "--pace",
            "0",
            "--data",
            fixtures.resolve("json").toString(),
            fixtures.resolve("csv").toString(),
            fixtures.resolve("yaml").toString());
    up =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(output().toFile()))
            .start();
    Awaitility.await("the stack is up")
        .atMost(Duration.ofMinutes(25))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              assertThat(up.isAlive()).as("up runs; its output:%n%s", outputText()).isTrue();
              return outputText().contains("The stack is up.");
            });
    ports = new StackHome(home).ports();
    // every source's match arrives: Debezium captures as its own role, with its password a
    // reference the Connect worker resolves
    Awaitility.await("a match from each source in the warehouse")
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () ->
                cricket(
                        "query",
                        "--json",
                        "--home",
                        home.toString(),
                        "SELECT count(*) AS n FROM matches")
                    .output()
                    .matches("(?s).*\"n\"\\s*:\\s*3\\b.*"));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (up != null && up.isAlive()) {
      up.destroy();
      if (!up.waitFor(3, TimeUnit.MINUTES)) {
        up.destroyForcibly().waitFor();
      }
    }
  }

  @Test
  void queryReadsTheWarehouseAndNoOtherFile() throws Exception {
    Result read = cricket("query", "--home", home.toString(), "SELECT count(*) FROM matches");
    assertThat(read.code()).as(read.output()).isZero();
    Result passwd =
        cricket("query", "--home", home.toString(), "select * from read_text('" + PASSWD + "')");
    assertThat(passwd.code()).isNotZero();
    assertThat(passwd.output())
        // refused by the served database, which runs the query (or by the snapshot's reader)
        .contains("disabled by configuration")
        .doesNotContain("root:");
    Path written = home.resolve("written.csv");
    Result copy =
        cricket("query", "--home", home.toString(), "COPY (SELECT 1) TO '" + written + "'");
    assertThat(copy.code()).isNotZero();
    assertThat(written).doesNotExist();
  }

  @Test
  void sqlLabRefusesFileAndSystemFunctionsAndWrites() throws Exception {
    SqlLab lab = new SqlLab();
    JsonNode ok = lab.execute("SELECT count(*) AS n FROM matches");
    assertThat(ok.toString()).contains("\"n\"");
    for (String sql :
        List.of(
            "select * from read_text('" + PASSWD + "')",
            "select * from read_csv('" + home.resolve("superset/secret_key") + "')",
            "COPY (SELECT 1) TO '" + home.resolve("lab.csv") + "'",
            "ATTACH '" + home.resolve("lab.duckdb") + "' AS other",
            "INSTALL httpfs",
            "SET enable_external_access = true")) {
      JsonNode refused = lab.execute(sql);
      assertThat(refused.toString()).as(sql).doesNotContain("root:").contains("error");
    }
    assertThat(home.resolve("lab.csv")).doesNotExist();
    assertThat(home.resolve("lab.duckdb")).doesNotExist();
  }

  @Test
  void postgresLoginsNeedTheirPasswordAndEachRoleHasOnlyItsPrivileges() throws Exception {
    String server = "jdbc:postgresql://127.0.0.1:" + ports.get("postgres") + "/";
    for (String password : List.of("", "postgres", "guess")) {
      assertThatThrownBy(
              () -> DriverManager.getConnection(server + "cricket", "postgres", password))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("password");
    }
    String capture = Secrets.kept(home.resolve("secrets/postgres-cricket_capture"));
    try (Connection c =
            DriverManager.getConnection(server + "cricket", "cricket_capture", capture);
        Statement s = c.createStatement()) {
      // Debezium's role reads the ODI tables and writes nothing but its heartbeat
      s.executeQuery("SELECT count(*) FROM odi_deliveries").close();
      assertThatThrownBy(() -> s.execute("DELETE FROM odi_deliveries"))
          .hasMessageContaining("permission denied for table odi_deliveries");
      assertThat(s.executeUpdate("UPDATE cricket_heartbeat SET committed_at = now()")).isOne();
      assertThatThrownBy(() -> s.execute("DELETE FROM cricket_heartbeat"))
          .hasMessageContaining("permission denied for table cricket_heartbeat");
      assertThatThrownBy(() -> s.execute("CREATE TABLE mine (id int)"))
          .hasMessageContaining("permission denied for schema public");
    }
    String odi = Secrets.kept(home.resolve("secrets/postgres-cricket_odi"));
    try (Connection c = DriverManager.getConnection(server + "cricket", "cricket_odi", odi);
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.execute("CREATE ROLE intruder"))
          .hasMessageContaining("permission denied to create role");
      assertThatThrownBy(() -> s.execute("COPY odi_matches TO PROGRAM 'id'"))
          .hasMessageContaining("pg_execute_server_program");
    }
  }

  /** The warehouse's read-only role on this stack's PostgreSQL, as a DBA would set it up. */
  @Test
  void theReadOnlyRoleIsReadOnlyByItsGrants() throws Exception {
    String server = "jdbc:postgresql://127.0.0.1:" + ports.get("postgres") + "/";
    PostgresAdmin admin =
        new PostgresAdmin(
            server, LocalPostgres.USER, LocalPostgres.superuserPassword(home.resolve("postgres")));
    String writer = Secrets.generate();
    String reader = Secrets.generate();
    admin.login("cricket_warehouse", writer, "");
    admin.login("cricket_reader", reader, "");
    admin.database("warehouse", "cricket_warehouse");
    WarehouseSettings settings =
        WarehouseSettings.fromEnvironment(
            Map.of(
                "WAREHOUSE_URL",
                server + "warehouse",
                "WAREHOUSE_USER",
                "cricket_warehouse",
                "WAREHOUSE_PASSWORD",
                writer,
                "WAREHOUSE_READER_PASSWORD",
                reader));
    try (Warehouse warehouse = Warehouse.open(settings)) {
      assertThat(warehouse.connection().isValid(2)).isTrue();
    }
    try (Connection c =
            DriverManager.getConnection(server + "warehouse", "cricket_reader", reader);
        Statement s = c.createStatement()) {
      s.executeQuery("SELECT count(*) FROM batting_scorecard").close();
      assertThatThrownBy(() -> s.execute("CREATE TABLE mine (id int)"))
          .hasMessageContaining("permission denied for schema public");
      assertThatThrownBy(() -> s.execute("CREATE TEMP TABLE mine (id int)"))
          .hasMessageContaining("permission denied to create temporary tables");
      s.execute("SET default_transaction_read_only = off");
      assertThatThrownBy(() -> s.execute("INSERT INTO venues VALUES ('x', 'y', 1)"))
          .hasMessageContaining("permission denied for table venues");
    }
  }

  @Test
  void anUnsignedS3RequestIsRefused() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + ports.get("s3") + "/?list-type=2"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("AccessDenied");
  }

  @Test
  void theSchemaRegistryAnswersOnlyItsUser() throws Exception {
    String url = LocalRegistry.url(ports.get("registry"));
    for (String wrong : new String[] {null, "not-the-password"}) {
      SchemaRegistry stranger =
          new SchemaRegistry(url, wrong == null ? null : LocalRegistry.USER, wrong);
      assertThatThrownBy(stranger::subjects)
          .isInstanceOf(SchemaRegistry.SchemaRegistryException.class)
          .hasMessageContaining("HTTP 401");
    }
    SchemaRegistry registry =
        new SchemaRegistry(
            url,
            LocalRegistry.USER,
            Files.readString(home.resolve("secrets").resolve(Stack.REGISTRY_SECRET)).strip());
    assertThat(registry.subjects())
        .containsAll(
            SchemaRegistry.registeredTopics().stream().map(SchemaRegistry::subjectOf).toList());
    // the connectors' records, the processor's and the bridge's index carry their schema's id
    Map<String, Integer> ids = new java.util.HashMap<>();
    for (Topic<String, ?> topic :
        List.of(
            Topics.RAW_T20I, Topics.RAW_ODI_DELIVERIES, Topics.DELIVERIES, Topics.S3_PUBLISHED)) {
      ids.put(topic.name(), registry.latest(SchemaRegistry.subjectOf(topic)).id());
    }
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + ports.get("kafka"));
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "security-it-schema-ids");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(ids.keySet());
      Map<String, Integer> read = new java.util.HashMap<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (read.size() < ids.size() && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          if (record.value() != null) { // a tombstone has no value, so no schema
            assertThat(SchemaIdInterceptor.idOf(record.headers()))
                .as("%s-%d@%d", record.topic(), record.partition(), record.offset())
                .hasValue(ids.get(record.topic()));
            read.merge(record.topic(), 1, Integer::sum);
          }
        }
      }
      assertThat(read).containsOnlyKeys(ids.keySet());
    }
  }

  @Test
  void noSecretInALogOrACommandLineAndTheHomeIsItsOwnersAlone() throws Exception {
    List<Path> secretFiles = new ArrayList<>();
    try (Stream<Path> files = Files.list(home.resolve("secrets"))) {
      files.forEach(secretFiles::add);
    }
    assertThat(secretFiles.stream().map(f -> f.getFileName().toString()))
        .containsExactlyInAnyOrder(
            "s3-access-key-id",
            "s3-secret-access-key",
            "postgres-cricket_odi",
            "postgres-cricket_capture",
            Stack.REGISTRY_SECRET,
            Stack.SERVE_SECRET);
    secretFiles.add(LocalPostgres.passwordFile(home.resolve("postgres")));
    secretFiles.add(home.resolve("superset/admin-password"));
    secretFiles.add(home.resolve("superset/secret_key"));
    List<String> secrets = new ArrayList<>();
    for (Path file : secretFiles) {
      assertThat(Files.getPosixFilePermissions(file))
          .as(file.toString())
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      if (!file.getFileName().toString().endsWith("key-id")) { // an id, not a secret
        secrets.add(Files.readString(file).strip());
      }
    }
    // the registry's settings file holds its password, Superset's home the served warehouse's
    // token: their owner's alone
    for (String holder :
        List.of("registry/config/application.properties", "superset/served-warehouse")) {
      assertThat(Files.getPosixFilePermissions(home.resolve(holder)))
          .as(holder)
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }
    assertThat(secrets).hasSize(8).allMatch(secret -> secret.length() >= 20);
    assertThat(Files.getPosixFilePermissions(home))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));

    List<Path> logs = new ArrayList<>();
    try (Stream<Path> files = Files.walk(home)) {
      files
          .filter(Files::isRegularFile)
          .filter(f -> f.toString().endsWith(".log") || f.toString().endsWith(".out"))
          .forEach(logs::add);
    }
    assertThat(logs).hasSizeGreaterThan(8);
    for (Path log : logs) {
      String text = Files.readString(log, StandardCharsets.ISO_8859_1);
      for (String secret : secrets) {
        assertThat(text).as("%s holds a secret", log).doesNotContain(secret);
      }
      if (log.getParent().equals(home.resolve("logs"))) {
        assertThat(Files.getPosixFilePermissions(log))
            .as(log.toString())
            .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      }
    }
    // the JVMs write their GC logs readable by all: their folder is the owner's alone
    assertThat(logs).anyMatch(log -> log.getParent().equals(home.resolve("logs/gc")));
    assertThat(Files.getPosixFilePermissions(home.resolve("logs/gc")))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    List<String> commandLines = new ArrayList<>();
    ProcessHandle.allProcesses().forEach(p -> p.info().commandLine().ifPresent(commandLines::add));
    assertThat(commandLines).anyMatch(c -> c.contains("gunicorn") || c.contains("superset"));
    for (String line : commandLines) {
      for (String secret : secrets) {
        assertThat(line).as("a command line holds a secret").doesNotContain(secret);
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  private record Result(int code, String output) {}

  private static Result cricket(String... args) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(CricketProcess.command(args)).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(p.waitFor(), out);
  }

  private static Path output() {
    return home.resolveSibling(home.getFileName() + "-up.out");
  }

  private static String outputText() throws IOException {
    return Files.exists(output()) ? Files.readString(output()) : "";
  }

  /** SQL Lab's API as the admin: login, CSRF token, then queries on the warehouse. */
  private static final class SqlLab {
    private final HttpClient http =
        HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    private final String base = "http://127.0.0.1:" + ports.get("superset");
    private final String token;
    private final String csrf;
    private final int database;

    SqlLab() throws Exception {
      ObjectNode login = JSON.createObjectNode();
      login.put("username", "admin");
      login.put("password", Files.readString(home.resolve("superset/admin-password")).strip());
      login.put("provider", "db");
      login.put("refresh", false);
      token = send(post("/api/v1/security/login", login).build()).get("access_token").asText();
      csrf = send(get("/api/v1/security/csrf_token/")).get("result").asText();
      database = send(get("/api/v1/database/")).get("result").get(0).get("id").asInt();
    }

    /** The answer to a query, an error included. */
    JsonNode execute(String sql) throws Exception {
      ObjectNode body = JSON.createObjectNode();
      body.put("database_id", database);
      body.put("sql", sql);
      body.put("runAsync", false);
      HttpRequest request =
          post("/api/v1/sqllab/execute/", body)
              .header("X-CSRFToken", csrf)
              .header("Referer", base + "/sqllab/")
              .build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(response.body().isEmpty() ? "{}" : response.body());
    }

    private HttpRequest get(String path) {
      return HttpRequest.newBuilder(URI.create(base + path))
          .header("Authorization", "Bearer " + (token == null ? "" : token))
          .timeout(Duration.ofSeconds(60))
          .build();
    }

    private HttpRequest.Builder post(String path, JsonNode body) throws IOException {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(base + path))
              .header("Content-Type", "application/json")
              .timeout(Duration.ofSeconds(60))
              .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      if (token != null) {
        b.header("Authorization", "Bearer " + token);
      }
      return b;
    }

    private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new AssertionError(
            request.uri() + ": " + response.statusCode() + " " + response.body());
      }
      return JSON.readTree(response.body());
    }
  }
}
