package org.cricketstream.warehouse.dialect;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.cricketstream.warehouse.load.Batch;

/**
 * DuckDB's read-only snapshot as two files that take turns, so that publishing costs what changed
 * since, not a copy of the whole database.
 *
 * <p>Readers open the snapshot's path, a symbolic link to one of two files, {@code
 * NAME.files/a/NAME.duckdb} and {@code NAME.files/b/NAME.duckdb} beside it (one file name, so
 * DuckDB names the database the same for readers whichever they open). A reader holds a shared lock
 * on the file it opened; the link never names a file being written. To publish, the sink brings the
 * other file up to date and points the link at it, in one atomic rename, either
 *
 * <ul>
 *   <li>by <b>writing again</b> into it the batches committed since it was last brought up to date
 *       (attached to the sink's connection: the same statements, one transaction, a checkpoint,
 *       detached): this costs what the batches cost, whatever the size of the warehouse; or
 *   <li>by <b>copying</b> the checkpointed database into a new file renamed over it (a reader still
 *       on the old one keeps reading it): when the file is new to this sink (its start), after
 *       writes that were not batches (rebuild, restore), when the batches owed would cost more than
 *       a copy (the bulk of a load), when a reader still holds the file (it opened the link before
 *       the last turn and is still querying), when more than {@link #MAX_OWED_RECORDS} are owed, or
 *       when writing again failed.
 * </ul>
 *
 * Both give the same tables as the database's: the batches' statements are deterministic but for
 * the times the pipeline tables record (a heartbeat's {@code loaded_at}), which a file written
 * again stamps when it is.
 */
final class SnapshotFiles {
  /** The name the next file is attached under while it is written. */
  private static final String ALIAS = "cricket_snapshot_next";

  /**
   * Batches owed to a file beyond this many records are dropped and the file copied instead, so
   * that the batches the sink holds stay bounded (about 20 MB of raw events); a copy is cheaper by
   * then on any warehouse this machine holds.
   */
  static final long MAX_OWED_RECORDS = 20_000;

  /**
   * One in this many publishes the estimate would copy writes the batches again instead, so that
   * the estimate follows writes that have become cheaper (a fit of old writes alone would keep
   * copying).
   */
  static final int EXPLORE_EVERY = 8;

  private final Path link;
  private final Target[] targets;
  private int current = -1;
  private String database;
  private final Fit writes = new Fit();
  private double copyNanos;
  private long copiedByEstimate;
  private DatabaseDialect.BatchWrite write;

  /** What one publish did, for the log: the batches owed, their records and the time they took. */
  record Published(String how, int batches, long records, long writeNanos) {}

  SnapshotFiles(Path link) {
    this.link = link.toAbsolutePath().normalize();
    String name = this.link.getFileName().toString();
    Path folder = folder(this.link);
    this.targets =
        new Target[] {
          new Target(folder.resolve("a").resolve(name)),
          new Target(folder.resolve("b").resolve(name))
        };
  }

  /** The folder of the two files: {@code NAME.files} beside the link {@code NAME.duckdb}. */
  static Path folder(Path link) {
    Path absolute = link.toAbsolutePath().normalize();
    String name = absolute.getFileName().toString();
    String base = name.endsWith(".duckdb") ? name.substring(0, name.length() - 7) : name;
    return absolute.resolveSibling(base + ".files");
  }

  /** A batch was committed: both files owe it. */
  void committed(DatabaseDialect.Committed batch) {
    write = batch.write();
    for (Target target : targets) {
      target.owe(batch);
    }
  }

  /** The database was written other than by batches: both files need a copy. */
  void rewritten() {
    for (Target target : targets) {
      target.needCopy();
    }
  }

  /**
   * Brings the file the link does not name up to date with the database ({@code file}, which {@code
   * connection} writes, auto-commit off) and points the link at it.
   */
  Published publish(Connection connection, Path file) throws SQLException {
    Target next = targets[current == 0 ? 1 : 0];
    int batches = next.batches;
    long records = next.records();
    long nanos = next.nanos;
    boolean copy = true;
    String how;
    if (next.copy) {
      how = "copied: new to this sink, written other than by batches, or too many owed";
    } else if (copyNanos > 0
        && writes.at(records) >= copyNanos
        && ++copiedByEstimate % EXPLORE_EVERY != 0) {
      how = "copied: cheaper than writing the batches again";
    } else {
      long start = System.nanoTime();
      try {
        String took = writeAgain(connection, next);
        writes.add(records, System.nanoTime() - start);
        how = "written again (" + took + ")";
        copy = false;
      } catch (SQLException | RuntimeException e) {
        // held by a reader, or failed: a copy never conflicts with a reader
        how = "copied: " + firstLine(e);
      }
    }
    if (copy) {
      long start = System.nanoTime();
      how += " (" + copy(connection, file, next.path) + ")";
      double took = System.nanoTime() - start;
      copyNanos = copyNanos == 0 ? took : (3 * copyNanos + took) / 4;
    }
    next.published();
    point(next.path);
    current = next == targets[0] ? 0 : 1;
    return new Published(how, batches, records, nanos);
  }

  /** Writes the batches {@code next} owes into it; returns where the time went. */
  private String writeAgain(Connection connection, Target next) throws SQLException {
    if (next.batches == 0) {
      return "nothing owed";
    }
    long start = System.nanoTime();
    long attached;
    long written;
    long checkpointed;
    connection.setAutoCommit(true);
    try {
      if (database == null) {
        try (Statement s = connection.createStatement();
            ResultSet rs = s.executeQuery("SELECT current_database()")) {
          rs.next();
          database = "\"" + rs.getString(1).replace("\"", "\"\"") + "\"";
        }
      }
      execute(connection, "ATTACH '" + next.path.toString().replace("'", "''") + "' AS " + ALIAS);
      attached = System.nanoTime();
      try {
        connection.setAutoCommit(false);
        execute(connection, "USE " + ALIAS);
        write.write(next.owed);
        connection.commit();
        written = System.nanoTime();
        connection.setAutoCommit(true);
        execute(connection, "CHECKPOINT " + ALIAS);
        checkpointed = System.nanoTime();
      } catch (SQLException | RuntimeException e) {
        if (!connection.getAutoCommit()) {
          connection.rollback();
        }
        throw e;
      } finally {
        connection.setAutoCommit(true);
        execute(connection, "USE " + database);
        execute(connection, "DETACH " + ALIAS);
      }
    } finally {
      connection.setAutoCommit(false);
    }
    // readers open the link, so they would never read this file's log: it must be empty
    Path wal = wal(next.path);
    try {
      if (Files.exists(wal) && Files.size(wal) > 0) {
        throw new SQLException("the checkpoint left a write-ahead log, " + wal);
      }
    } catch (IOException e) {
      throw new SQLException("cannot read " + wal + ": " + e, e);
    }
    return String.format(
        "attach %d ms, write %d ms, checkpoint %d ms, detach %d ms",
        (attached - start) / 1_000_000,
        (written - attached) / 1_000_000,
        (checkpointed - written) / 1_000_000,
        (System.nanoTime() - checkpointed) / 1_000_000);
  }

  /** On a statement of its own: DuckDB's driver closes a statement whose execution failed. */
  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    }
  }

  /**
   * Copies the checkpointed database beside {@code path}, syncs it and renames it over {@code
   * path}: a reader of the old file keeps it, and the link never names a part.
   */
  private static String copy(Connection connection, Path file, Path path) throws SQLException {
    long start = System.nanoTime();
    long checkpointed;
    long copied;
    long synced;
    connection.setAutoCommit(true);
    try (Statement s = connection.createStatement()) {
      s.execute("CHECKPOINT");
      checkpointed = System.nanoTime();
      Files.createDirectories(path.getParent());
      Path partial = path.resolveSibling(path.getFileName() + ".partial");
      Files.copy(file, partial, StandardCopyOption.REPLACE_EXISTING);
      copied = System.nanoTime();
      try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      synced = System.nanoTime();
      // a log left by a write that failed would be replayed into the new file when it is attached
      Files.deleteIfExists(wal(path));
      Files.move(
          partial, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new SQLException("copying the warehouse to " + path + " failed: " + e, e);
    } finally {
      connection.setAutoCommit(false);
    }
    return String.format(
        "checkpoint %d ms, copy %d ms, sync %d ms",
        (checkpointed - start) / 1_000_000,
        (copied - checkpointed) / 1_000_000,
        (synced - copied) / 1_000_000);
  }

  /** Points the link at {@code path} in one rename: readers open the old file or the new. */
  private void point(Path path) throws SQLException {
    Path next = link.resolveSibling(link.getFileName() + ".next");
    try {
      Files.deleteIfExists(next);
      Files.createSymbolicLink(next, link.getParent().relativize(path));
      Files.move(next, link, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new SQLException("pointing " + link + " at " + path + " failed: " + e, e);
    }
  }

  /** A DuckDB database file's write-ahead log, beside it. */
  static Path wal(Path path) {
    return path.resolveSibling(path.getFileName() + ".wal");
  }

  private static String firstLine(Exception e) {
    String message = String.valueOf(e.getMessage()).strip();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** One of the two files, and the batches it owes, gathered as one. */
  private static final class Target {
    final Path path;
    Batch owed = new Batch();
    int batches;
    long nanos;
    boolean copy = true;

    Target(Path path) {
      this.path = path;
    }

    long records() {
      return owed.records();
    }

    void owe(DatabaseDialect.Committed batch) {
      if (copy) {
        return;
      }
      owed.absorb(batch.batch());
      batches++;
      nanos += batch.writeNanos();
      if (owed.records() > MAX_OWED_RECORDS) {
        needCopy();
      }
    }

    void needCopy() {
      clear();
      copy = true;
    }

    void published() {
      clear();
      copy = false;
    }

    private void clear() {
      owed = new Batch();
      batches = 0;
      nanos = 0;
    }
  }

  /**
   * The time writing n records again takes, fitted by least squares to the recent writes (each
   * older one weighing less): a fixed part (attaching, the checkpoint, the statements) and a part
   * per record. Before the records owed have varied, their mean.
   */
  static final class Fit {
    private static final double FADE = 0.9;
    private double n;
    private double sx;
    private double sy;
    private double sxx;
    private double sxy;

    void add(long records, long nanos) {
      double x = (double) records;
      double y = (double) nanos;
      n = FADE * n + 1;
      sx = FADE * sx + x;
      sy = FADE * sy + y;
      sxx = FADE * sxx + x * x;
      sxy = FADE * sxy + x * y;
    }

    /** The estimate for {@code records} (0 before any write). */
    double at(long records) {
      double x = (double) records;
      if (n == 0) {
        return 0;
      }
      double spread = n * sxx - sx * sx;
      if (spread <= 1e-6 * n * sxx) {
        return sy / n;
      }
      double perRecord = Math.max(0, (n * sxy - sx * sy) / spread);
      return Math.max(0, (sy - perRecord * sx) / n) + perRecord * x;
    }
  }
}
