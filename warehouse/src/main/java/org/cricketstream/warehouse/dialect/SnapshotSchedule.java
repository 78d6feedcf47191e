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

  private final long intervalNanos;
  private long lastPublishedAt;
  private boolean published;
  private long publishNanos;
  private boolean dataOwed;
  private boolean progressOwed;

  SnapshotSchedule(long intervalNanos) {
    this.intervalNanos = intervalNanos;
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
