package org.cricketstream.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.cricketstream.testsupport.RawRecords;
import org.cricketstream.topics.Topic;
import org.cricketstream.topics.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The de-duplication memory is bounded by its horizon, on the task's wall clock: a key not seen for
 * longer than the horizon is purged from the store by the next punctuation (every tenth of the
 * horizon), and a repeat that arrives after that is let through again, with the same keys and
 * values as the first time. A repeat within the horizon is removed and renews the key's memory.
 */
class DeduplicationHorizonTest {
  private static final Duration HORIZON = Duration.ofHours(1);
  private static final Path TEST = ProcessorTestData.fixtures().resolve("yaml/900002.yaml");

  private final RawRecords raw = new RawRecords();
  private TopologyHarness harness;

  @BeforeEach
  void start(@TempDir Path state) {
    harness = new TopologyHarness(state, HORIZON);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void aRepeatWithinTheHorizonIsRemovedAndRenewsTheMemory() {
    harness.sendAll(raw.of(TEST));
    assertThat(drainCleanTopics()).isNotEmpty();

    harness.driver.advanceWallClockTime(Duration.ofMinutes(45));
    harness.sendAll(raw.of(TEST));
    assertThat(drainCleanTopics()).isEmpty();

    // 90 minutes after the first copy, but 45 after the repeat renewed every key
    harness.driver.advanceWallClockTime(Duration.ofMinutes(45));
    harness.sendAll(raw.of(TEST));
    assertThat(drainCleanTopics()).isEmpty();
    assertThat(storeSize()).isPositive();
  }

  @Test
  void pastTheHorizonTheMemoryIsPurgedAndARepeatIsLetThroughUnchanged() {
    harness.sendAll(raw.of(TEST));
    List<String> first = drainCleanTopics();
    assertThat(first).isNotEmpty();
    assertThat(storeSize()).isPositive();

    // the horizon plus one punctuation interval (a tenth of it) with no traffic
    harness.driver.advanceWallClockTime(HORIZON.plus(HORIZON.dividedBy(10)).plusSeconds(1));
    assertThat(storeSize()).isZero();

    harness.sendAll(raw.of(TEST));
    assertThat(drainCleanTopics()).isEqualTo(first);
  }

  @Test
  void justBeforeTheHorizonNothingIsForgotten() {
    harness.sendAll(raw.of(TEST));
    int remembered = storeSize();
    drainCleanTopics();

    harness.driver.advanceWallClockTime(HORIZON.minusMinutes(1));
    assertThat(storeSize()).isEqualTo(remembered);
    harness.sendAll(raw.of(TEST));
    assertThat(drainCleanTopics()).isEmpty();
  }

  private int storeSize() {
    KeyValueStore<String, String> store = harness.driver.getKeyValueStore(Deduplicator.STORE);
    int size = 0;
    try (KeyValueIterator<String, String> all = store.all()) {
      while (all.hasNext()) {
        all.next();
        size++;
      }
    }
    return size;
  }

  /** Every clean record written since the last call, as topic, key and value JSON, in order. */
  private List<String> drainCleanTopics() {
    List<String> records = new ArrayList<>();
    for (Topic<String, ?> topic : Topics.clean()) {
      for (TestRecord<String, ?> r : harness.read(topic)) {
        records.add(topic.name() + " " + r.key() + " " + r.value());
      }
    }
    return records;
  }
}
