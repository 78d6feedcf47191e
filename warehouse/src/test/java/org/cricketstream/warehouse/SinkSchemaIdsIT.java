package org.cricketstream.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cricketstream.config.Secrets;
import org.cricketstream.config.Shared;
import org.cricketstream.cricsheet.model.Delivery;
import org.cricketstream.cricsheet.read.MatchFiles;
import org.cricketstream.stack.LocalKafka;
import org.cricketstream.stack.LocalPostgres;
import org.cricketstream.stack.LocalRegistry;
import org.cricketstream.stack.RegistryInstalled;
import org.cricketstream.testsupport.Fixtures;
import org.cricketstream.testsupport.RawPublisher;
import org.cricketstream.testsupport.RawRecord;
import org.cricketstream.topics.JsonSerde;
import org.cricketstream.topics.SchemaIdInterceptor;
import org.cricketstream.topics.SchemaRegistry;
import org.cricketstream.topics.TopicAdmin;
import org.cricketstream.topics.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The sink and the schema registry, on a real broker, a real Apicurio Registry and both backends:
 * the sink counts the records of each topic by the schema id they carry, in the transaction that
 * loads them, names each id's subject and version as the registry holds it ({@code
 * pipeline_schemas}), and keeps aside, in {@code rejected_records}, a clean record stamped with
 * another topic's schema. Without the registry it loads as before and names the versions once it
 * can ask again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SinkSchemaIdsIT {
  private static final String PASSWORD = "sink-schema-ids-it";
  private static Path dir;
  private static LocalKafka kafka;
  private static LocalPostgres postgres;
  private static LocalRegistry registry;
  private static int deliveriesId;
  private static int playersId;
  private static final List<Delivery> DELIVERIES = new ArrayList<>();
  private static final String READER_PASSWORD = Secrets.generate();

  @BeforeAll
  static void start() throws Exception {
    Path checkout = RegistryInstalled.checkout();
    dir = Files.createTempDirectory("sink-schema-ids-it-");
    kafka = LocalKafka.start(dir.resolve("kafka"));
    postgres = LocalPostgres.start(dir.resolve("postgres"));
    List<Integer> ports = LocalKafka.freePorts(2);
    registry =
        LocalRegistry.start(
            checkout,
            dir.resolve("registry"),
            ports.get(0),
            ports.get(1),
            PASSWORD,
            dir.resolve("registry.log"));
    SchemaRegistry client = new SchemaRegistry(registry.url(), LocalRegistry.USER, PASSWORD);
    client.registerAll();
    deliveriesId = client.latest(SchemaRegistry.subjectOf(Topics.DELIVERIES)).id();
    playersId = client.latest(SchemaRegistry.subjectOf(Topics.PLAYERS)).id();
    assertThat(deliveriesId).isNotEqualTo(playersId);
    TopicAdmin.ensure(kafka.bootstrapServers(), Topics.all());
    DELIVERIES.addAll(
        MatchFiles.readMatch(Fixtures.folder().resolve("json/900001.json"))
            .deliveries()
            .subList(0, 4));
    publish(
        delivery(0, deliveriesId),
        delivery(1, playersId),
        delivery(2, null),
        new RawRecord(Topics.RAW_TEST.name(), "t1", bytes("yaml: a test"), Map.of()),
        new RawRecord(Topics.RAW_T20I.name(), "m1", bytes("{}"), header(playersId)));
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable server : new AutoCloseable[] {registry, postgres, kafka}) {
      try {
        if (server != null) {
          server.close();
        }
      } catch (Exception e) {
        System.err.println("stopping " + server + ": " + e);
      }
    }
  }

  @Test
  @Order(1)
  void duckDbCountsEachTopicsRecordsBySchemaVersionAndKeepsAsideAnotherTopicsSchema()
      throws Exception {
    String deliveries = Topics.DELIVERIES.name();
    WarehouseSettings settings =
        settings(registryLogin(registry.url()))
            .withUrl("jdbc:duckdb:" + dir.resolve("duckdb/cricket.duckdb"))
            .withGroupId("sink-schema-ids-duckdb");
    SinkOffsets.loadAll(settings);

    try (Warehouse warehouse = Warehouse.open(settings)) {
      Connection c = warehouse.connection();
      assertThat(schemas(c))
          .containsExactlyInAnyOrder(
              deliveries + " deliveries-value v1 id " + deliveriesId + ": 1",
              deliveries + " players-value v1 id " + playersId + ": 1",
              deliveries + " - v- id 0: 1",
              Topics.RAW_TEST.name() + " - v- id 0: 1",
              // landed as it arrived: a raw record is not checked, its header is kept
              Topics.RAW_T20I.name() + " players-value v1 id " + playersId + ": 1");
      assertThat(strings(c, "SELECT delivery_key FROM deliveries"))
          .containsExactlyInAnyOrder(DELIVERIES.get(0).key(), DELIVERIES.get(2).key());
      assertThat(strings(c, "SELECT topic || ' ' || error FROM rejected_records"))
          .containsExactly(
              deliveries
                  + " its schema id "
                  + playersId
                  + " is players-value v1 in the registry at "
                  + registry.url()
                  + "/, not a version of deliveries-value");
      assertThat(strings(c, "SELECT topic FROM raw_events")).hasSize(2);
    }
  }

  @Test
  @Order(2)
  void withoutTheRegistryPostgresLoadsAsBeforeAndNamesTheVersionsOnceItCanAsk() throws Exception {
    String deliveries = Topics.DELIVERIES.name();
    postgres.createDatabase("warehouse");
    // a registry that does not answer: nothing can be checked, so nothing is refused
    String nowhere = "http://127.0.0.1:" + LocalKafka.freePort() + LocalRegistry.CCOMPAT_PATH;
    WarehouseSettings offline = postgres(registryLogin(nowhere));
    SinkOffsets.loadAll(offline);
    try (Warehouse warehouse = Warehouse.open(offline)) {
      Connection c = warehouse.connection();
      assertThat(strings(c, "SELECT delivery_key FROM deliveries"))
          .containsExactlyInAnyOrder(
              DELIVERIES.get(0).key(), DELIVERIES.get(1).key(), DELIVERIES.get(2).key());
      assertThat(strings(c, "SELECT error FROM rejected_records")).isEmpty();
      assertThat(schemas(c))
          .contains(
              deliveries + " - v- id " + deliveriesId + ": 1",
              deliveries + " - v- id " + playersId + ": 1",
              deliveries + " - v- id 0: 1");
    }

    publish(delivery(3, deliveriesId));
    WarehouseSettings online = postgres(registryLogin(registry.url()));
    SinkOffsets.loadAll(online);
    try (Warehouse warehouse = Warehouse.open(online)) {
      Connection c = warehouse.connection();
      assertThat(schemas(c))
          .contains(
              // read again, so named now; counted across both runs, each record once
              deliveries + " deliveries-value v1 id " + deliveriesId + ": 2",
              // not read since: named when it is next read
              deliveries + " - v- id " + playersId + ": 1");
    }
  }

  private static Map<String, String> registryLogin(String url) {
    return Map.of(
        Shared.SCHEMA_REGISTRY_URL.name(), url,
        Shared.SCHEMA_REGISTRY_USER.name(), LocalRegistry.USER,
        Shared.SCHEMA_REGISTRY_PASSWORD.name(), PASSWORD);
  }

  private static WarehouseSettings settings(Map<String, String> env) {
    return WarehouseSettings.fromEnvironment(env).withBootstrapServers(kafka.bootstrapServers());
  }

  private static WarehouseSettings postgres(Map<String, String> env) {
    return settings(env)
        .withUrl(postgres.jdbcUrl("warehouse"))
        .withGroupId("sink-schema-ids-postgres")
        .withLogins(LocalPostgres.USER, postgres.password(), "cricket_reader", READER_PASSWORD);
  }

  private static RawRecord delivery(int n, Integer schemaId) {
    @SuppressWarnings("unchecked")
    JsonSerde<Delivery> serde = (JsonSerde<Delivery>) Topics.DELIVERIES.valueSerde();
    Delivery d = DELIVERIES.get(n);
    return new RawRecord(
        Topics.DELIVERIES.name(),
        d.key(),
        serde.toBytes(d),
        schemaId == null ? Map.of() : header(schemaId));
  }

  private static Map<String, String> header(int schemaId) {
    return Map.of(SchemaIdInterceptor.HEADER, Integer.toString(schemaId));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static void publish(RawRecord... records) throws Exception {
    try (RawPublisher publisher = new RawPublisher(kafka.bootstrapServers())) {
      publisher.publish(List.of(records));
    }
  }

  /** "topic subject vVERSION id ID: RECORDS" per row of pipeline_schemas ("-" for none). */
  private static List<String> schemas(Connection c) throws SQLException {
    return strings(
        c,
        "SELECT topic || ' ' || COALESCE(subject, '-') || ' v' || COALESCE(CAST(version AS"
            + " VARCHAR), '-') || ' id ' || CAST(schema_id AS VARCHAR) || ': '"
            + " || CAST(records AS VARCHAR) FROM pipeline_schemas");
  }

  private static List<String> strings(Connection c, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
    }
    return rows;
  }
}
