package org.cricketstream.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.cricketstream.cricsheet.read.MatchFiles;
import org.cricketstream.processor.CleanEvent;
import org.cricketstream.processor.RawDecoder;
import org.cricketstream.topics.JsonSerde;
import org.cricketstream.topics.Topic;
import org.cricketstream.topics.Topics;
import org.cricketstream.warehouse.load.Batch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The views against the scorecard on a real DuckDB file, without Kafka: matches are exploded into
 * clean records as the processor emits them, loaded through the sink's batch path, and every
 * match's views compared with {@code Scorecard.of}. Fixtures always; a cross-section of the real
 * sample when present (the integration tests cover all of it, through Kafka).
 */
class ViewsTest {
  @TempDir Path dir;

  @Test
  void viewsEqualTheScorecardOfEveryMatch() throws Exception {
    List<Path> files = SampleFiles.some(Integer.getInteger("views.per.folder", 10));
    try (Warehouse warehouse = open("views.duckdb")) {
      Batch batch = batchOf(files);
      warehouse.commit(batch);
      // the writer checkpoints when it publishes a snapshot or at 32 MiB of log, not every 16 MB
      try (java.sql.Statement s = warehouse.connection().createStatement();
          java.sql.ResultSet rs =
              s.executeQuery("SELECT current_setting('checkpoint_threshold')")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("32.0 MiB");
      }
      // the sink's log line says where a commit's time went
      Warehouse.CommitTimes times = warehouse.lastCommitTimes();
      assertThat(times.loadNanos()).isPositive();
      assertThat(times.mergeNanos()).isPositive();
      assertThat(times.commitNanos()).isNotNegative();
      assertThat(times.afterNanos()).isNotNegative();
      assertThat(times.toString())
          .matches("load \\d+ ms, merge \\d+ ms, commit \\d+ ms, after \\d+ ms");
      assertThat(ScorecardCheck.differences(warehouse.connection(), ScorecardCheck.expected(files)))
          .isEmpty();
      // the JSON and CSV files record their seasons
      assertThat(count(warehouse, "SELECT COUNT(*) FROM competitions WHERE seasons >= 1"))
          .isPositive();

      // the same records again (a redelivery after a crash), raw ones among them: every key once
      for (int offset = 0; offset < 3; offset++) {
        batch.add(
            new ConsumerRecord<>(
                Topics.RAW_ODI_DELIVERIES.name(),
                0,
                offset,
                ("k" + offset).getBytes(StandardCharsets.UTF_8),
                ("{\"n\": " + offset + "}").getBytes(StandardCharsets.UTF_8)));
      }
      warehouse.commit(batch);
      Map<String, Long> once = counts(warehouse);
      warehouse.commit(batch);
      assertThat(counts(warehouse)).isEqualTo(once).containsEntry("raw_events", 3L);
      assertThat(once.get("deliveries")).isPositive();
      assertThat(ScorecardCheck.differences(warehouse.connection(), ScorecardCheck.expected(files)))
          .isEmpty();
    }
  }

  /**
   * The views on YAML of every competition and era ({@code yaml_wide/}: 29 competitions, men's and
   * women's, club and international, from 2005 on; the fixtures' YAML without the real data): what
   * the sample's three formats do not show, such as The Hundred's five-ball sets, multi-day
   * domestic matches and matches with no season recorded.
   */
  @Test
  void viewsEqualTheScorecardOfEveryCompetitionAndEra() throws Exception {
    List<Path> files =
        SampleFiles.real()
            ? SampleFiles.yamlWide()
            : SampleFiles.fixtures(Integer.MAX_VALUE).stream()
                .filter(f -> f.toString().endsWith(".yaml"))
                .toList();
    assertThat(files).isNotEmpty();
    try (Warehouse warehouse = open("wide.duckdb")) {
      Batch batch = batchOf(files);
      warehouse.commit(batch);
      assertThat(counts(warehouse)).containsEntry("matches", (long) files.size());
      // none of these files records a season: unknown, not 0
      assertThat(count(warehouse, "SELECT COUNT(*) FROM competitions")).isPositive();
      assertThat(count(warehouse, "SELECT COUNT(*) FROM competitions WHERE seasons IS NOT NULL"))
          .isZero();
      assertThat(ScorecardCheck.differences(warehouse.connection(), ScorecardCheck.expected(files)))
          .isEmpty();
    }
  }

  private Warehouse open(String file) throws java.sql.SQLException {
    return Warehouse.open(
        WarehouseSettings.fromEnvironment(Map.of()).withUrl("jdbc:duckdb:" + dir.resolve(file)));
  }

  /** The matches exploded into clean records as the processor emits them, in one batch. */
  private static Batch batchOf(List<Path> files) {
    Batch batch = new Batch();
    for (Path file : files) {
      for (CleanEvent event :
          RawDecoder.explode(MatchFiles.readMatch(file), new CleanEvent.Source("file", 0, 0))) {
        Topic<String, ?> topic = topicOf(event.kind());
        batch.addClean(topic.name(), event.key(), bytes(topic, event.value()));
      }
    }
    return batch;
  }

  private static long count(Warehouse warehouse, String sql) throws java.sql.SQLException {
    try (java.sql.Statement s = warehouse.connection().createStatement();
        java.sql.ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Map<String, Long> counts(Warehouse warehouse) throws java.sql.SQLException {
    Map<String, Long> counts = new java.util.TreeMap<>();
    for (String table :
        List.of("raw_events", "matches", "players", "innings", "deliveries", "wickets")) {
      counts.put(table, count(warehouse, "SELECT COUNT(*) FROM " + table));
    }
    return counts;
  }

  static Topic<String, ?> topicOf(CleanEvent.Kind kind) {
    return switch (kind) {
      case MATCH -> Topics.MATCHES;
      case PLAYER -> Topics.PLAYERS;
      case INNINGS -> Topics.INNINGS;
      case DELIVERY -> Topics.DELIVERIES;
      case DEAD_LETTER -> Topics.DEAD_LETTERS;
      case HEARTBEAT -> Topics.HEARTBEATS;
    };
  }

  @SuppressWarnings("unchecked")
  static byte[] bytes(Topic<String, ?> topic, Object value) {
    return ((JsonSerde<Object>) topic.valueSerde()).toBytes(value);
  }
}
