package org.cricketstream.sources.replay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The resume position while several sessions commit matches side by side. */
class WatermarkTest {
  @Test
  void onlyRecordsWithNoneMissingBeforeThemCount() {
    Watermark watermark = new Watermark(10); // ten committed before a restart
    Watermark.Slot first = watermark.add(3);
    Watermark.Slot second = watermark.add(2);
    Watermark.Slot third = watermark.add(1);

    // the second and third matches finish before the first has begun
    assertThat(watermark.committed(second)).isEqualTo(10);
    assertThat(watermark.committed(second)).isEqualTo(10);
    assertThat(watermark.committed(third)).isEqualTo(10);
    // the first match's records count as they come, in its order
    assertThat(watermark.committed(first)).isEqualTo(11);
    assertThat(watermark.committed(first)).isEqualTo(12);
    // its last record completes it, and the finished matches after it count at once: 10 + 3 + 2 + 1
    assertThat(watermark.committed(first)).isEqualTo(16);
    assertThat(watermark.position()).isEqualTo(16);
  }

  @Test
  void aMatchWithNothingLeftToCommitIsDoneAtOnce() {
    Watermark watermark = new Watermark(0);
    Watermark.Slot one = watermark.add(1);
    watermark.add(0);
    assertThat(watermark.committed(one)).isEqualTo(1);
  }
}
