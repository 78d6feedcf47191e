package org.cricketstream.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A copy made by a {@code with...} method changes what it names and keeps every other setting. */
class WarehouseSettingsTest {
  /** Every setting given, none of them its default, so a copy that lost one would show it. */
  private static final Map<String, String> ENV =
      Map.ofEntries(
          Map.entry("WAREHOUSE_URL", "jdbc:postgresql://127.0.0.1:5433/w"),
          Map.entry("WAREHOUSE_USER", "writer"),
          Map.entry("WAREHOUSE_PASSWORD", "writer-secret"),
          Map.entry("WAREHOUSE_SNAPSHOT", "/tmp/given.snapshot.duckdb"),
          Map.entry("WAREHOUSE_SNAPSHOT_INTERVAL", "PT0.7S"),
          Map.entry("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092"),
          Map.entry("CRICKET_WAREHOUSE_GROUP", "group-a"),
          Map.entry("WAREHOUSE_BATCH_RECORDS", "123"),
          Map.entry("WAREHOUSE_BATCH_BYTES", "2097152"),
          Map.entry("WAREHOUSE_BATCH_LINGER", "PT0.9S"),
          Map.entry("WAREHOUSE_READER_USER", "reader"),
          Map.entry("WAREHOUSE_READER_PASSWORD", "reader-secret"),
          Map.entry("WAREHOUSE_DUCKDB_MEMORY", "300MB"),
          Map.entry("WAREHOUSE_DUCKDB_THREADS", "3"),
          Map.entry("WAREHOUSE_DUCKDB_EXTENSIONS", "/tmp/extensions"),
          Map.entry("SCHEMA_REGISTRY_URL", "http://127.0.0.1:18080"),
          Map.entry("SCHEMA_REGISTRY_USER", "registry-user"),
          Map.entry("SCHEMA_REGISTRY_PASSWORD", "registry-secret"));

  private final WarehouseSettings settings = WarehouseSettings.fromEnvironment(ENV);

  private static Map<String, String> with(Map<String, String> changes) {
    Map<String, String> env = new LinkedHashMap<>(ENV);
    env.putAll(changes);
    return env;
  }

  @Test
  void theEnvironmentGivesBackEverySetting() {
    assertThat(settings.toEnvironment()).containsExactlyInAnyOrderEntriesOf(ENV);
  }

  @Test
  void eachCopyChangesWhatItNamesOnly() {
    assertThat(settings.withGroupId("group-b").toEnvironment())
        .containsExactlyInAnyOrderEntriesOf(with(Map.of("CRICKET_WAREHOUSE_GROUP", "group-b")));
    assertThat(settings.withBatchRecords(9).toEnvironment())
        .containsExactlyInAnyOrderEntriesOf(with(Map.of("WAREHOUSE_BATCH_RECORDS", "9")));
    assertThat(settings.withBootstrapServers("127.0.0.1:29092").toEnvironment())
        .containsExactlyInAnyOrderEntriesOf(
            with(Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:29092")));
    assertThat(settings.withDuckDbExtensions(Path.of("/tmp/other")).toEnvironment())
        .containsExactlyInAnyOrderEntriesOf(
            with(Map.of("WAREHOUSE_DUCKDB_EXTENSIONS", "/tmp/other")));
    assertThat(settings.withLogins("w2", "w2-secret", "r2", "r2-secret").toEnvironment())
        .containsExactlyInAnyOrderEntriesOf(
            with(
                Map.of(
                    "WAREHOUSE_USER", "w2",
                    "WAREHOUSE_PASSWORD", "w2-secret",
                    "WAREHOUSE_READER_USER", "r2",
                    "WAREHOUSE_READER_PASSWORD", "r2-secret")));
    WarehouseSettings.Served served = new WarehouseSettings.Served("quack:127.0.0.1:9999", "token");
    assertThat(settings.withServed(Optional.of(served)).toEnvironment())
        .containsExactlyInAnyOrderEntriesOf(
            with(
                Map.of(
                    "WAREHOUSE_SERVE", "quack:127.0.0.1:9999", "WAREHOUSE_SERVE_TOKEN", "token")));
    assertThat(settings.withServed(Optional.of(served)).withServed(Optional.empty()))
        .isEqualTo(settings);
  }

  @Test
  void anotherWarehouseKeepsAGivenSnapshotAndMovesTheDefaultOne() {
    assertThat(settings.withUrl("jdbc:duckdb:/tmp/b/other.duckdb").toEnvironment())
        .containsExactlyInAnyOrderEntriesOf(
            with(Map.of("WAREHOUSE_URL", "jdbc:duckdb:/tmp/b/other.duckdb")));

    WarehouseSettings byDefault =
        WarehouseSettings.fromEnvironment(Map.of("WAREHOUSE_URL", "jdbc:duckdb:/tmp/a/one.duckdb"));
    assertThat(byDefault.snapshot()).isEqualTo(Path.of("/tmp/a/one.snapshot.duckdb"));
    WarehouseSettings moved = byDefault.withUrl("jdbc:duckdb:/tmp/b/two.duckdb");
    assertThat(moved.url()).isEqualTo("jdbc:duckdb:/tmp/b/two.duckdb");
    assertThat(moved.snapshot()).isEqualTo(Path.of("/tmp/b/two.snapshot.duckdb"));
    assertThat(moved.withUrl("jdbc:postgresql://127.0.0.1/w").snapshot()).isNull();
  }
}
