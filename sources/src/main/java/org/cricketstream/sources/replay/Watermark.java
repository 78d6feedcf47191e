package org.cricketstream.sources.replay;

import java.util.ArrayDeque;

/**
 * How many records of one source, in the inputs' order, are all committed, while sessions commit
 * several matches at the same time (each match in its order): the position a replay can resume from
 * without leaving a record out.
 */
final class Watermark {
  /** One match handed to a session: how many records it has, how many are committed. */
  static final class Slot {
    private final long records;
    private long committed;

    private Slot(long records) {
      this.records = records;
    }
  }

  private final ArrayDeque<Slot> inFlight = new ArrayDeque<>();
  private long done;

  /** Starts where {@code done} records are committed already. */
  Watermark(long done) {
    this.done = done;
  }

  /** The next match in the inputs' order, with {@code records} records to commit. */
  synchronized Slot add(long records) {
    Slot slot = new Slot(records);
    inFlight.add(slot);
    settle();
    return slot;
  }

  /** One more record of {@code slot}'s match is committed; returns the position now. */
  synchronized long committed(Slot slot) {
    slot.committed++;
    settle();
    return position();
  }

  /** Records committed with none before them left out. */
  synchronized long position() {
    Slot first = inFlight.peek();
    return done + (first == null ? 0 : first.committed);
  }

  private void settle() {
    while (!inFlight.isEmpty() && inFlight.peek().committed == inFlight.peek().records) {
      done += inFlight.poll().records;
    }
  }
}
