package org.cricketstream.warehouse.sink;

import org.apache.kafka.common.TopicPartition;
import org.cricketstream.warehouse.Warehouse.StoredOffset;

/**
 * Where the sink resumes a partition: the rule that joins the offsets stored in the warehouse to
 * the topic Kafka has now. Kafka is a buffer with a bounded window; the warehouse is the record, so
 * its offsets, not Kafka's, decide, and nothing is skipped or read twice without an error:
 *
 * <ul>
 *   <li>Nothing stored (a new warehouse): read from offset 0. If Kafka no longer starts at 0, the
 *       records before its log start expired before this warehouse held them: stop.
 *   <li>Stored for the same topic (same Kafka topic id, or no id stored yet): resume at the stored
 *       offset. Below the log start offset, records expired unread: stop. Beyond the log end, the
 *       topic lost records the warehouse has: stop.
 *   <li>Stored for another topic id (the topic was deleted and created again, as on a fresh cluster
 *       after the old one was lost): everything in the new topic is new, so read it from 0, and
 *       land its records after the old ones: the new offset base is the old base plus the old next
 *       offset. If the new topic no longer starts at 0: stop.
 * </ul>
 */
public final class Resume {
  private Resume() {}

  /** A partition as Kafka has it now. */
  public record Live(String topicId, long logStart, long logEnd) {}

  /** Where to seek, and the identity and offset base to store with what is read from there. */
  public record Position(long nextOffset, String topicId, long offsetBase) {}

  /** The sink cannot go on without losing or doubling data; the message says where and why. */
  public static final class GapException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public GapException(String message) {
      super(message);
    }
  }

  /** Where to resume {@code tp}, by the rule above; {@code stored} is null for a new warehouse. */
  public static Position of(TopicPartition tp, StoredOffset stored, Live live) {
    if (stored == null) {
      if (live.logStart() > 0) {
        throw new GapException(
            tp
                + ": the warehouse has no offsets for it, and Kafka starts at offset "
                + live.logStart()
                + ": records 0.."
                + (live.logStart() - 1)
                + " expired before this warehouse held them (restore the latest backup first)");
      }
      return new Position(0, live.topicId(), 0);
    }
    if (stored.topicId() == null || stored.topicId().equals(live.topicId())) {
      if (stored.nextOffset() < live.logStart()) {
        throw new GapException(behind(tp, stored.nextOffset(), live.logStart()));
      }
      if (stored.nextOffset() > live.logEnd()) {
        throw new GapException(
            tp
                + ": the warehouse has read up to offset "
                + stored.nextOffset()
                + " but the topic (id "
                + live.topicId()
                + ") ends at "
                + live.logEnd()
                + ": Kafka lost records the warehouse holds");
      }
      return new Position(stored.nextOffset(), live.topicId(), stored.offsetBase());
    }
    long base = stored.offsetBase() + stored.nextOffset();
    if (live.logStart() > 0) {
      throw new GapException(
          tp
              + " was created again (topic id "
              + stored.topicId()
              + " -> "
              + live.topicId()
              + ") and its records 0.."
              + (live.logStart() - 1)
              + " expired before the sink read them");
    }
    return new Position(0, live.topicId(), base);
  }

  /** The message for a next offset below the log start offset. */
  public static String behind(TopicPartition tp, long next, long logStart) {
    return tp
        + ": the sink's next offset "
        + next
        + " is below the log start offset "
        + logStart
        + ": records "
        + next
        + ".."
        + (logStart - 1)
        + " expired in Kafka before the warehouse loaded them (the sink fell behind the retention"
        + " window)";
  }
}
