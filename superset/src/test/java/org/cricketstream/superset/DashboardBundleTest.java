package org.cricketstream.superset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.cricketstream.warehouse.WarehouseSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** The bundle holds together, and the warehouse's URI goes in as the configuration says. */
class DashboardBundleTest {
  @TempDir Path tmp;

  @Test
  void duckDbReadsTheSnapshotReadOnlyAndSandboxed() {
    WarehouseSettings settings =
        WarehouseSettings.fromEnvironment(
            Map.of("WAREHOUSE_URL", "jdbc:duckdb:" + tmp.resolve("w/cricket.duckdb")));
    WarehouseConnection c = WarehouseConnection.of(settings);
    assertThat(c.duckDb()).isTrue();
    assertThat(c.sqlalchemyUri())
        .isEqualTo(
            "duckdb:///"
                + tmp.resolve("w/cricket.snapshot.duckdb")
                + "?access_mode=read_only&enable_external_access=false"
                + "&autoinstall_known_extensions=false&autoload_known_extensions=false"
                + "&lock_configuration=true");
  }

  @Test
  void aServedDuckDbIsAttachedByEachInMemoryConnectionAndItsTokenIsNeverInTheUri() {
    WarehouseSettings settings =
        WarehouseSettings.fromEnvironment(
            Map.of(
                "WAREHOUSE_URL",
                "jdbc:duckdb:" + tmp.resolve("w/cricket.duckdb"),
                "WAREHOUSE_SERVE",
                "quack:127.0.0.1:9494",
                "WAREHOUSE_SERVE_TOKEN",
                "the-token",
                "WAREHOUSE_DUCKDB_EXTENSIONS",
                tmp.resolve("ext").toString()));
    WarehouseConnection c = WarehouseConnection.of(settings);
    assertThat(c.duckDb()).isTrue();
    assertThat(c.sqlalchemyUri())
        .isEqualTo(
            "duckdb:///:memory:?extension_directory="
                + tmp.resolve("ext")
                + "&autoinstall_known_extensions=false&autoload_known_extensions=false")
        .doesNotContain("the-token");
    assertThat(c.toString()).doesNotContain("the-token");
    assertThat(c.served()).contains(settings.served().get());
  }

  @Test
  void duckLakeAttachesItsCatalogReadOnlyWithTheExtensionsFromTheirFolder() {
    WarehouseSettings settings =
        WarehouseSettings.fromEnvironment(
            Map.of(
                "WAREHOUSE_URL",
                "jdbc:duckdb:ducklake:" + tmp.resolve("lake"),
                "WAREHOUSE_DUCKDB_EXTENSIONS",
                tmp.resolve("ext").toString()));
    WarehouseConnection c = WarehouseConnection.of(settings);
    assertThat(c.duckDb()).isTrue();
    assertThat(c.sqlalchemyUri())
        .isEqualTo(
            "duckdb:///ducklake:sqlite:"
                + tmp.resolve("lake/catalog.sqlite")
                + "?access_mode=read_only&extension_directory="
                + tmp.resolve("ext")
                + "&autoinstall_known_extensions=false&autoload_known_extensions=true");
    assertThatThrownBy(() -> WarehouseConnection.duckLake(tmp.resolve("a&b"), tmp))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void postgresConnectsAsTheReadOnlyRoleAndNeverPrintsItsPassword() {
    WarehouseSettings settings =
        WarehouseSettings.fromEnvironment(
            Map.of(
                "WAREHOUSE_URL", "jdbc:postgresql://127.0.0.1:5433/warehouse?sslmode=disable",
                "WAREHOUSE_USER", "postgres",
                "WAREHOUSE_PASSWORD", "writer-secret",
                "WAREHOUSE_READER_PASSWORD", "p@ss word/1"));
    WarehouseConnection c = WarehouseConnection.of(settings);
    assertThat(c.duckDb()).isFalse();
    assertThat(c.sqlalchemyUri())
        .isEqualTo(
            "postgresql+psycopg2://cricket_reader:p%40ss%20word%2F1@127.0.0.1:5433/warehouse");
    assertThat(c.toString())
        .isEqualTo("postgresql+psycopg2://cricket_reader:***@127.0.0.1:5433/warehouse")
        .doesNotContain("p%40ss");
    assertThatThrownBy(() -> WarehouseConnection.postgres("jdbc:mysql://x/y", "u", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:postgresql://");
  }

  @Test
  void theZipFillsInTheUriAndEveryReferenceResolves() throws IOException {
    Path checkout = LocalSuperset.checkout();
    WarehouseConnection target =
        WarehouseConnection.postgres("jdbc:postgresql://127.0.0.1:5432/w", "r", "a\"b");
    Path zip = DashboardBundle.write(checkout, target, tmp.resolve("bundle.zip"));
    Map<String, Map<String, Object>> files = new HashMap<>();
    Yaml yaml = new Yaml();
    try (InputStream in = Files.newInputStream(zip);
        ZipInputStream z = new ZipInputStream(in, StandardCharsets.UTF_8)) {
      for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
        assertThat(e.getName()).startsWith("cricket_dashboards/");
        String text = new String(z.readAllBytes(), StandardCharsets.UTF_8);
        assertThat(text).doesNotContain(DashboardBundle.URI_PLACEHOLDER);
        files.put(e.getName().substring("cricket_dashboards/".length()), yaml.load(text));
      }
    }
    assertThat(files).containsKey("metadata.yaml");
    Map<String, Object> database = files.get("databases/cricket_warehouse.yaml");
    assertThat(database.get("sqlalchemy_uri")).isEqualTo(target.sqlalchemyUri());

    Set<Object> datasets = new HashSet<>();
    Set<Object> charts = new HashSet<>();
    for (Map.Entry<String, Map<String, Object>> f : files.entrySet()) {
      if (f.getKey().startsWith("datasets/")) {
        assertThat(f.getValue().get("database_uuid")).isEqualTo(database.get("uuid"));
        datasets.add(f.getValue().get("uuid"));
      }
    }
    for (Map.Entry<String, Map<String, Object>> f : files.entrySet()) {
      if (f.getKey().startsWith("charts/")) {
        assertThat(datasets).as(f.getKey()).contains(f.getValue().get("dataset_uuid"));
        charts.add(f.getValue().get("uuid"));
      }
    }
    Set<Object> placed = new HashSet<>();
    for (Map.Entry<String, Map<String, Object>> f : files.entrySet()) {
      if (f.getKey().startsWith("dashboards/")) {
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) f.getValue().get("metadata");
        assertThat(metadata.get("refresh_frequency")).as(f.getKey()).isEqualTo(10);
        @SuppressWarnings("unchecked")
        Map<String, Object> position = (Map<String, Object>) f.getValue().get("position");
        for (Object node : position.values()) {
          if (node instanceof Map<?, ?> n && "CHART".equals(n.get("type"))) {
            Object uuid = ((Map<?, ?>) n.get("meta")).get("uuid");
            assertThat(charts).as(f.getKey()).contains(uuid);
            placed.add(uuid);
          }
        }
      }
    }
    assertThat(placed).as("every chart is on a dashboard").isEqualTo(charts);
    assertThat(files.keySet().stream().filter(k -> k.startsWith("dashboards/")).toList())
        .hasSize(3);
    assertThat(List.copyOf(datasets)).hasSize(18);
  }
}
