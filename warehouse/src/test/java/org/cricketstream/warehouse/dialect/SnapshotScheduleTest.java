package org.cricketstream.warehouse.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SnapshotScheduleTest {
  private static final long MS = 1_000_000L;
  private static final long INTERVAL = 500 * MS;

  @Test
  void aSinkThatStartsPublishesOnceWithOrWithoutCommitsAndNothingOwedIsNeverDue() {
    // the snapshot may be behind the database: the sink before was killed after a commit
    SnapshotSchedule schedule = new SnapshotSchedule(INTERVAL);
    assertThat(schedule.due(0)).isTrue();
    schedule.published(10 * MS, 10 * MS);
    assertThat(schedule.due(100_000 * MS)).isFalse();
    schedule.committed(false);
    assertThat(schedule.due(100_000 * MS)).isTrue();

    SnapshotSchedule served = new SnapshotSchedule(INTERVAL, true);
    assertThat(served.dueWhenIdle(999 * MS, 0)).isFalse();
    assertThat(served.dueWhenIdle(1_000 * MS, 0)).isTrue();
  }

  @Test
  void dataIsPublishedAnIntervalAfterTheLastWhileCopiesAreCheap() {
    SnapshotSchedule schedule = new SnapshotSchedule(INTERVAL);
    schedule.committed(true);
    schedule.published(1_000 * MS, 50 * MS);
    schedule.committed(true);
    assertThat(schedule.due(1_499 * MS)).isFalse();
    assertThat(schedule.due(1_500 * MS)).isTrue();
  }

  @Test
  void dataWaitsFourPublishDurationsWhenTheyExceedAQuarterOfTheInterval() {
    SnapshotSchedule schedule = new SnapshotSchedule(INTERVAL);
    schedule.committed(true);
    schedule.published(1_000 * MS, 400 * MS);
    schedule.committed(true);
    assertThat(schedule.due(2_599 * MS)).isFalse();
    assertThat(schedule.due(2_600 * MS)).isTrue();
  }

  @Test
  void oneSlowPublishHoldsTheNextBackByItsShareOfTheAverageNotFourTimesItsLength() {
    SnapshotSchedule schedule = new SnapshotSchedule(INTERVAL);
    long now = 0;
    for (int i = 0; i < 20; i++) {
      schedule.committed(true);
      now += 1_000 * MS;
      schedule.published(now, 100 * MS);
    }
    schedule.committed(true);
    now += 4_000 * MS;
    schedule.published(now, 4_000 * MS); // a checkpoint after a large batch
    schedule.committed(true);
    // average (3 x 100 + 4,000) / 4 = 1,075 ms: due 4,300 ms later, not 16 s
    assertThat(schedule.due(now + 4_299 * MS)).isFalse();
    assertThat(schedule.due(now + 4_300 * MS)).isTrue();
  }

  @Test
  void heartbeatsAloneWaitFifteenIntervalsOrFiftyPublishDurations() {
    SnapshotSchedule schedule = new SnapshotSchedule(INTERVAL);
    schedule.committed(true);
    schedule.published(0, 20 * MS);
    schedule.committed(false);
    assertThat(schedule.due(7_499 * MS)).isFalse();
    assertThat(schedule.due(7_500 * MS)).isTrue();

    SnapshotSchedule slow = new SnapshotSchedule(INTERVAL);
    slow.committed(false);
    slow.published(0, 200 * MS);
    slow.committed(false);
    assertThat(slow.due(9_999 * MS)).isFalse();
    assertThat(slow.due(10_000 * MS)).isTrue();
    // data owed as well is due sooner
    slow.committed(true);
    assertThat(slow.due(800 * MS)).isTrue();
  }

  @Test
  void aPostponedSnapshotStaysOwedWithNoFurtherCommit() {
    SnapshotSchedule schedule = new SnapshotSchedule(INTERVAL);
    schedule.committed(true);
    schedule.published(0, 20 * MS);
    schedule.committed(true); // the last commit of a load
    assertThat(schedule.due(1_000 * MS)).isTrue();
    schedule.postponed(1_010 * MS, 10 * MS); // the checkpoint was busy
    assertThat(schedule.due(1_200 * MS)).isFalse();
    assertThat(schedule.due(1_510 * MS)).isTrue();
    schedule.published(1_600 * MS, 20 * MS);
    assertThat(schedule.due(100_000 * MS)).isFalse();
  }

  /**
   * A sink serving its database publishes its snapshot (read only while it is down) when idle a
   * second, or while commits keep coming every ten intervals at most; not after each commit.
   */
  @Test
  void aServedSinkPublishesWhenIdleOrOverdueNotAfterEachCommit() {
    SnapshotSchedule served = new SnapshotSchedule(30_000 * MS, true);
    served.committed(true);
    assertThat(served.dueAfterCommit(0)).isTrue(); // the first: readers have none yet
    served.published(100 * MS, 100 * MS);
    served.committed(true);
    long later = 40_000 * MS; // an interval has passed
    assertThat(served.dueAfterCommit(later)).isFalse();
    assertThat(served.dueWhenIdle(later, later - 500 * MS)).isFalse(); // a commit half a second ago
    assertThat(served.dueWhenIdle(later, later - 1_000 * MS)).isTrue();
    assertThat(served.dueAfterCommit(300_099 * MS)).isFalse();
    assertThat(served.dueAfterCommit(300_100 * MS)).isTrue(); // ten intervals: overdue

    SnapshotSchedule snapshot = new SnapshotSchedule(INTERVAL);
    snapshot.committed(true);
    snapshot.published(1_000 * MS, 50 * MS);
    snapshot.committed(true);
    assertThat(snapshot.dueAfterCommit(1_500 * MS)).isTrue();
    assertThat(snapshot.dueWhenIdle(1_500 * MS, 1_499 * MS)).isTrue();
  }
}
