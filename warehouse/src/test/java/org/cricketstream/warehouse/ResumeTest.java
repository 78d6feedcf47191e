package org.cricketstream.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.TopicPartition;
import org.cricketstream.warehouse.Warehouse.StoredOffset;
import org.cricketstream.warehouse.sink.Resume;
import org.cricketstream.warehouse.sink.Resume.Live;
import org.cricketstream.warehouse.sink.Resume.Position;
import org.junit.jupiter.api.Test;

/** The rule joining the warehouse's stored offsets to the topics Kafka has now. */
class ResumeTest {
  private static final TopicPartition TP = new TopicPartition("raw.s3.tests", 2);

  @Test
  void aNewWarehouseReadsFromTheStart() {
    assertThat(Resume.of(TP, null, new Live("A", 0, 40))).isEqualTo(new Position(0, "A", 0));
  }

  @Test
  void aNewWarehouseRefusesATopicThatAlreadyLostRecords() {
    assertThatThrownBy(() -> Resume.of(TP, null, new Live("A", 7, 40)))
        .isInstanceOf(Resume.GapException.class)
        .hasMessageContaining("raw.s3.tests-2")
        .hasMessageContaining("records 0..6 expired");
  }

  @Test
  void theSameTopicResumesAtTheStoredOffset() {
    assertThat(Resume.of(TP, new StoredOffset(25, "A", 100), new Live("A", 10, 40)))
        .isEqualTo(new Position(25, "A", 100));
    // offsets stored before topic ids were kept belong to the topic there is
    assertThat(Resume.of(TP, new StoredOffset(25, null, 0), new Live("A", 0, 40)))
        .isEqualTo(new Position(25, "A", 0));
  }

  @Test
  void fallingBehindTheRetentionWindowStopsNamingTopicPartitionAndOffsets() {
    assertThatThrownBy(() -> Resume.of(TP, new StoredOffset(25, "A", 0), new Live("A", 30, 40)))
        .isInstanceOf(Resume.GapException.class)
        .hasMessageStartingWith(
            "raw.s3.tests-2: the sink's next offset 25 is below the log start offset 30: records"
                + " 25..29 expired");
  }

  @Test
  void aTopicThatEndsBeforeTheStoredOffsetStops() {
    assertThatThrownBy(() -> Resume.of(TP, new StoredOffset(50, "A", 0), new Live("A", 0, 40)))
        .isInstanceOf(Resume.GapException.class)
        .hasMessageContaining("read up to offset 50 but the topic (id A) ends at 40");
  }

  @Test
  void aTopicCreatedAgainIsReadFromItsStartAndLandsAfterTheOldOne() {
    assertThat(Resume.of(TP, new StoredOffset(25, "A", 100), new Live("B", 0, 3)))
        .isEqualTo(new Position(0, "B", 125));
    assertThatThrownBy(() -> Resume.of(TP, new StoredOffset(25, "A", 0), new Live("B", 2, 3)))
        .isInstanceOf(Resume.GapException.class)
        .hasMessageContaining("created again (topic id A -> B)");
  }
}
