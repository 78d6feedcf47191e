package org.cricketstream.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.cricketstream.cricsheet.generate.GeneratedSample;
import org.cricketstream.cricsheet.model.Match;
import org.cricketstream.cricsheet.model.MatchInfo;
import org.cricketstream.stack.LocalPostgres;
import org.cricketstream.topics.JsonSerde;
import org.cricketstream.topics.Topics;
import org.cricketstream.warehouse.load.Batch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two sinks sharing a PostgreSQL warehouse (up --sinks 2) load matches of the same team at the same
 * time: the second waits for the first's transaction before it computes the teams again, and
 * neither is refused (the second's insert of the team failed on its key, and that sink committed
 * its batch one record at a time). The teams and venues come out as the matches say.
 */
class SharedWarehouseIT {
  @TempDir Path dir;

  @Test
  void twoSinksLoadingMatchesOfOneTeamAtOnceAreBothCommitted() throws Exception {
    List<Match> matches = new ArrayList<>();
    GeneratedSample.write(
        dir.resolve("sample"), 11, new GeneratedSample.Counts(0, 6, 0), matches::add);
    List<Match> first = matches.subList(0, 3);
    List<Match> second = matches.subList(3, 6);
    Set<String> shared = teams(first);
    shared.retainAll(teams(second));
    assertThat(shared).as("a team in both halves").isNotEmpty();

    try (LocalPostgres postgres = LocalPostgres.start(dir.resolve("pg"))) {
      WarehouseSettings settings = PostgresWarehouse.create(postgres);
      try (Warehouse one = Warehouse.open(settings);
          Warehouse two = Warehouse.open(settings)) {
        one.write(batch(first)); // not committed yet
        CompletableFuture<Long> other =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return two.commit(batch(second));
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
        Thread.sleep(1_000);
        assertThat(other).as("the second waits for the first's transaction").isNotDone();
        one.connection().commit();
        assertThat(other.get(60, TimeUnit.SECONDS)).isPositive();

        Connection c = one.connection();
        assertThat(rows(c, "SELECT team, matches FROM teams"))
            .isEqualTo(
                rows(
                    c,
                    "SELECT team, COUNT(*) FROM (SELECT team1 AS team FROM matches UNION ALL"
                        + " SELECT team2 FROM matches) t GROUP BY team"));
        assertThat(rows(c, "SELECT venue, matches FROM venues"))
            .isEqualTo(rows(c, "SELECT venue, COUNT(*) FROM matches GROUP BY venue"));
        assertThat(StagedDeliveries.scalar(c, "SELECT COUNT(*) FROM rejected_records")).isZero();
        assertThat(StagedDeliveries.scalar(c, "SELECT COUNT(*) FROM matches")).isEqualTo(6);
      }
    }
  }

  private static Set<String> teams(List<Match> matches) {
    Set<String> teams = new HashSet<>();
    matches.forEach(m -> teams.addAll(m.info().teams()));
    return teams;
  }

  private static Batch batch(List<Match> matches) {
    @SuppressWarnings("unchecked")
    JsonSerde<MatchInfo> serde = (JsonSerde<MatchInfo>) Topics.MATCHES.valueSerde();
    Batch batch = new Batch();
    for (Match m : matches) {
      batch.addClean(Topics.MATCHES.name(), m.info().key(), serde.toBytes(m.info()));
    }
    return batch;
  }

  /** Each row's first column as text, its second as a number. */
  private static Map<String, Long> rows(Connection c, String sql) throws Exception {
    Map<String, Long> rows = new HashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        rows.put(rs.getString(1), rs.getLong(2));
      }
    }
    c.commit();
    return rows;
  }
}
