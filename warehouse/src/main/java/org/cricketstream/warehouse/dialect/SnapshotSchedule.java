package org.cricketstream.warehouse.dialect;

/**
 * When DuckDB's sink publishes its next snapshot. A commit that changed data makes one due once
 * {@code interval} has passed since the last, and no sooner than four publish durations after it,
 * so publishing costs the load at most a fifth of its time. A commit of heartbeats and offsets
 * alone (an idle pipeline commits one every second) waits fifteen intervals and fifty publish
 * durations: an idle stack spends at most a fiftieth of its time copying its warehouse.
 *
 * <p>The publish duration is an average of the recent ones (each new one weighs a quarter): a
 * checkpoint that once takes seconds, as one does after a large batch, holds the next snapshot back
 * by a second or so, not by four times its own length.
 */
final class SnapshotSchedule {
  /** How many intervals a snapshot of heartbeats and offsets alone waits at least. */
  static final int PROGRESS_INTERVALS = 15;

  /**
   * How long a sink must have committed nothing to be idle: a served sink publishes then, and any
   * DuckDB sink checkpoints a large log ({@code DuckDbDialect.checkpointIfIdle}).
   */
  static final long IDLE_NANOS = 1_000_000_000L;

  /** How many intervals a served sink's snapshot waits at most while commits keep coming. */
  static final int SERVED_OVERDUE_INTERVALS = 10;

  private final long intervalNanos;
  private final boolean served;
  private long lastPublishedAt;
  private boolean published;
  private long publishNanos;

  /**
   * Owed from the start: a sink stopped or killed between a commit and its snapshot left the
   * snapshot behind its database, and the next sink may have nothing to commit (WarehouseIT's last
   * sink, started after the others had loaded everything, never published, and readers stayed
   * behind for good).
   */
  private boolean dataOwed = true;

  private boolean progressOwed;

  SnapshotSchedule(long intervalNanos) {
    this(intervalNanos, false);
  }

  /**
   * A schedule for a sink that serves its database live ({@code served}): readers read the database
   * itself, and the snapshot only while the sink is down, so it need not follow each commit; a
   * publish holds the next commit back (a copy took 1.4 s in {@code bench e2e}, the p99 of the
   * balls at 100 rows/s), so it is published once the sink has been idle a second, or, while
   * commits keep coming, every {@link #SERVED_OVERDUE_INTERVALS} intervals at most.
   */
  SnapshotSchedule(long intervalNanos, boolean served) {
    this.intervalNanos = intervalNanos;
    this.served = served;
  }

  /** Whether to publish right after a commit, at {@code nowNanos}. */
  boolean dueAfterCommit(long nowNanos) {
    if (!served) {
      return due(nowNanos);
    }
    return (dataOwed || progressOwed)
        && (!published || nowNanos - lastPublishedAt >= SERVED_OVERDUE_INTERVALS * intervalNanos);
  }

  /** Whether to publish while the sink is idle, its last commit at {@code lastCommitNanos}. */
  boolean dueWhenIdle(long nowNanos, long lastCommitNanos) {
    return due(nowNanos) && (!served || nowNanos - lastCommitNanos >= IDLE_NANOS);
  }

  /** A commit happened: a snapshot is owed, of data or of progress alone. */
  void committed(boolean dataChanged) {
    if (dataChanged) {
      dataOwed = true;
    } else {
      progressOwed = true;
    }
  }

  /** Whether a snapshot owed is due at {@code nowNanos} ({@link System#nanoTime}). */
  boolean due(long nowNanos) {
    if (!published) {
      return dataOwed || progressOwed;
    }
    long since = nowNanos - lastPublishedAt;
    return (dataOwed && since >= Math.max(intervalNanos, 4 * publishNanos))
        || (progressOwed
            && since >= Math.max(PROGRESS_INTERVALS * intervalNanos, 50 * publishNanos));
  }

  /** A snapshot was published at {@code endNanos}, after {@code tookNanos}. */
  void published(long endNanos, long tookNanos) {
    postponed(endNanos, tookNanos);
    dataOwed = false;
    progressOwed = false;
  }

  /**
   * A snapshot could not be published now (attempted until {@code endNanos}, for {@code
   * tookNanos}): what was owed stays owed, due again an interval later, with or without commits.
   */
  void postponed(long endNanos, long tookNanos) {
    publishNanos = published ? (3 * publishNanos + tookNanos) / 4 : tookNanos;
    published = true;
    lastPublishedAt = endNanos;
  }
}
