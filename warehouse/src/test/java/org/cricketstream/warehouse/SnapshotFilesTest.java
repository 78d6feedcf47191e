package org.cricketstream.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.cricketstream.cricsheet.model.Delivery;
import org.cricketstream.cricsheet.model.Extras;
import org.cricketstream.cricsheet.model.Fielder;
import org.cricketstream.cricsheet.model.Wicket;
import org.cricketstream.topics.JsonSerde;
import org.cricketstream.topics.Topics;
import org.cricketstream.warehouse.dialect.DatabaseDialect;
import org.cricketstream.warehouse.load.Batch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DuckDB's snapshot is two files that take turns, named by a link: after each publish the file the
 * link names holds exactly the tables the sink's database holds, whether the sink copied the
 * database into it (a new file: a new inode) or wrote the batches owed again into it (the same
 * file), a reader still on the other file meanwhile included. Real DuckDB files, no servers.
 */
class SnapshotFilesTest {
  private static final JsonSerde<Delivery> SERDE =
      (JsonSerde<Delivery>) Topics.DELIVERIES.valueSerde();

  @TempDir Path dir;

  @Test
  void everyPublishedFileHoldsWhatTheDatabaseHolds() throws Exception {
    WarehouseSettings settings =
        WarehouseSettings.fromEnvironment(
                Map.of("WAREHOUSE_SNAPSHOT_INTERVAL", "PT0.001S", "WAREHOUSE_DUCKDB_THREADS", "1"))
            .withUrl("jdbc:duckdb:" + dir.resolve("w/cricket.duckdb"));
    Path link = settings.snapshot();
    try (Warehouse warehouse = Warehouse.open(settings)) {
      // a warehouse whose copy costs more than writing a few balls again, as any real one does
      try (Statement s = warehouse.connection().createStatement()) {
        s.execute(
            "CREATE TABLE padding AS SELECT i, md5(i::VARCHAR) || md5((i + 1)::VARCHAR)"
                + " || md5((i + 2)::VARCHAR) AS pad FROM range(2000000) t(i)");
      }
      warehouse.connection().commit();
      // the first two publishes copy (both files are new to this sink), then each file is written
      // again with the batches committed since it was last published
      Published first = commitAndPublish(warehouse, link, balls(1, 40, 0), null);
      Published second = commitAndPublish(warehouse, link, balls(41, 60, 0), first);
      assertThat(second.file()).isNotEqualTo(first.file());
      assertThat(second.file().getFileName()).isEqualTo(first.file().getFileName());
      Published third = commitAndPublish(warehouse, link, balls(61, 70, 0), second);
      assertThat(third.file()).isEqualTo(first.file());
      assertThat(third.inode()).as("written again in place").isEqualTo(first.inode());
      // balls corrected (other runs), a wicket added, and one withdrawn by a tombstone
      Batch corrections = balls(5, 9, 4);
      corrections.addClean(Topics.DELIVERIES.name(), key(70), null);
      Published fourth = commitAndPublish(warehouse, link, corrections, third);
      assertThat(fourth.inode()).as("written again in place").isEqualTo(second.inode());

      // a reader that opened the snapshot two publishes ago and still reads: writing into its
      // file would conflict, so that file is copied again, and the reader keeps what it opened
      // (compared once it is closed: DuckDB's driver gives a new connection to the same path in
      // this process the database it has open)
      Published sixth;
      try (Connection held = reader(settings)) {
        long heldDeliveries = count(held, "deliveries");
        Published fifth = commitAndPublish(warehouse, link, balls(71, 80, 0), fourth);
        assertThat(fifth.inode()).as("written again in place").isEqualTo(third.inode());
        sixth = commitAndWait(warehouse, link, balls(81, 90, 0), fifth);
        assertThat(sixth.file()).isEqualTo(fourth.file());
        assertThat(sixth.inode()).as("copied, beside the reader's").isNotEqualTo(fourth.inode());
        assertThat(count(held, "deliveries")).isEqualTo(heldDeliveries);
      }
      assertSameTables(warehouse, settings);
      Published seventh = commitAndPublish(warehouse, link, balls(91, 95, 0), sixth);
      assertThat(seventh.inode()).as("written again in place").isEqualTo(third.inode());

      // batches committed one after the other are written again as one: a ball with a wicket,
      // withdrawn, another ball, the first again without its wicket
      Batch withWicket = balls(200, 200, 1);
      Batch withdrawn = new Batch();
      withdrawn.addClean(Topics.DELIVERIES.name(), key(200), null);
      warehouse.commit(withWicket);
      warehouse.commit(withdrawn);
      warehouse.commit(balls(201, 201, 0));
      Published eighth = commitAndPublish(warehouse, link, balls(200, 200, 0), null);
      assertThat(count(warehouse.connection(), "wickets")).isEqualTo(1); // ball 5's, corrected

      // a publish after writes that were not batches (rebuild, restore) copies into the other
      Path other = eighth.file().equals(first.file()) ? second.file() : first.file();
      Object otherInode = inode(other);
      warehouse.publishNow();
      assertThat(link.getParent().resolve(Files.readSymbolicLink(link)).normalize())
          .isEqualTo(other);
      assertThat(inode(link)).as("copied").isNotEqualTo(otherInode);
      assertSameTables(warehouse, settings);

      // readers see one database name whichever file they open
      Set<String> names = new TreeSet<>();
      for (int i = 0; i < 2; i++) {
        try (Connection r = reader(settings);
            Statement s = r.createStatement();
            ResultSet rs = s.executeQuery("SELECT current_database()")) {
          rs.next();
          names.add(rs.getString(1));
        }
        commitAndPublish(warehouse, link, balls(100 + i, 100 + i, 0), null);
      }
      assertThat(names)
          .containsExactly("cricket"); // DuckDB names it by the file name up to its first dot
      assertThat(count(warehouse.connection(), "deliveries")).isEqualTo(95 - 1 + 2 + 2);
    }
  }

  /**
   * A publish that DuckDB cannot checkpoint for, because another connection of the database (a
   * served reader's) is inside a transaction that wrote, does not fail the commit before it: the
   * batches stay owed and are published once that transaction is over.
   */
  @Test
  void aCheckpointHeldBackByAnotherTransactionWaitsForTheNextPublish() throws Exception {
    WarehouseSettings settings =
        WarehouseSettings.fromEnvironment(Map.of("WAREHOUSE_SNAPSHOT_INTERVAL", "PT0.001S"))
            .withUrl("jdbc:duckdb:" + dir.resolve("busy/cricket.duckdb"));
    Path link = settings.snapshot();
    try (Warehouse warehouse = Warehouse.open(settings)) {
      Published first = commitAndPublish(warehouse, link, balls(1, 6, 0), null);
      try (Connection other =
              warehouse.connection().unwrap(org.duckdb.DuckDBConnection.class).duplicate();
          Statement s = other.createStatement()) {
        other.setAutoCommit(false);
        s.execute("CREATE TABLE held (i INTEGER)");
        // the commit succeeds; its publish cannot checkpoint and leaves the link where it was
        warehouse.commit(balls(7, 12, 0));
        for (int i = 0; i < 5; i++) {
          Thread.sleep(5);
          warehouse.idle();
        }
        assertThat(link.getParent().resolve(Files.readSymbolicLink(link)).normalize())
            .isEqualTo(first.file());
        other.rollback();
      }
      // the held transaction over, the next publish carries the batch
      commitAndPublish(warehouse, link, balls(13, 18, 0), first);
      assertThat(count(warehouse.connection(), "deliveries")).isEqualTo(18);
    }
  }

  /** A file the link named after a publish, and its inode. */
  private record Published(Path file, Object inode) {}

  /** Commits {@code batch}, waits for the snapshot to turn, and compares it with the database. */
  private Published commitAndPublish(Warehouse warehouse, Path link, Batch batch, Published before)
      throws Exception {
    Published published = commitAndWait(warehouse, link, batch, before);
    assertSameTables(warehouse, warehouse.settings());
    return published;
  }

  /** Commits {@code batch} and waits for the snapshot to turn. */
  private Published commitAndWait(Warehouse warehouse, Path link, Batch batch, Published before)
      throws Exception {
    Path was = Files.isSymbolicLink(link) ? Files.readSymbolicLink(link) : null;
    warehouse.commit(batch);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!Files.isSymbolicLink(link) || Files.readSymbolicLink(link).equals(was)) {
      assertThat(System.nanoTime()).as("a publish within 10 s").isLessThan(deadline);
      Thread.sleep(5);
      warehouse.idle();
    }
    Path file = link.getParent().resolve(Files.readSymbolicLink(link)).normalize();
    if (before != null) {
      assertThat(file).isNotEqualTo(before.file());
    }
    return new Published(file, inode(file));
  }

  private static void assertSameTables(Warehouse warehouse, WarehouseSettings settings)
      throws SQLException {
    Map<String, List<String>> written = TableDump.of(warehouse.connection(), TableDump.MODEL);
    written.putAll(TableDump.of(warehouse.connection(), TableDump.LANDING));
    try (Connection r = reader(settings)) {
      Map<String, List<String>> read = TableDump.of(r, TableDump.MODEL);
      read.putAll(TableDump.of(r, TableDump.LANDING));
      assertThat(TableDump.differences(written, read)).isEmpty();
      assertThat(read.get("deliveries")).isNotEmpty();
    }
  }

  private static Connection reader(WarehouseSettings settings) throws SQLException {
    return DatabaseDialect.forUrl(settings.url()).openReader(settings);
  }

  private static long count(Connection c, String table) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Object inode(Path file) throws Exception {
    return Files.getAttribute(file, "unix:ino");
  }

  /** Balls {@code from} to {@code to} of one innings; each a four plus {@code extraRuns}. */
  static Batch balls(int from, int to, int extraRuns) {
    Batch batch = new Batch();
    for (int ball = from; ball <= to; ball++) {
      List<Wicket> wickets = new ArrayList<>();
      if (extraRuns > 0 && ball == from) {
        wickets.add(new Wicket("caught", "A", List.of(new Fielder("F", false))));
      }
      Delivery d = delivery(ball, 4 + extraRuns, wickets);
      batch.addClean(Topics.DELIVERIES.name(), d.key(), SERDE.toBytes(d));
    }
    return batch;
  }

  private static String key(int ball) {
    return delivery(ball, 0, List.of()).key();
  }

  private static Delivery delivery(int ball, int runs, List<Wicket> wickets) {
    int over = (ball - 1) / 6;
    int inOver = (ball - 1) % 6 + 1;
    return new Delivery(
        "m1",
        1,
        over,
        inOver,
        over + "." + inOver,
        ball,
        "A",
        "B",
        "C",
        runs,
        Extras.NONE,
        runs,
        false,
        wickets,
        List.of(),
        null);
  }
}
