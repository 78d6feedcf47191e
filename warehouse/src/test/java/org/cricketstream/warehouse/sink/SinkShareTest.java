package org.cricketstream.warehouse.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.cricketstream.config.SettingException;
import org.junit.jupiter.api.Test;

class SinkShareTest {
  private static List<TopicPartition> partitions() {
    List<TopicPartition> all = new ArrayList<>();
    for (String topic : List.of("deliveries", "innings", "matches", "raw.s3.tests")) {
      for (int p = 0; p < 3; p++) {
        all.add(new TopicPartition(topic, p));
      }
    }
    return all;
  }

  @Test
  void sharesCoverEveryPartitionOnceWhateverOrderEachSinkListsThemIn() {
    List<TopicPartition> all = partitions();
    Set<TopicPartition> taken = new HashSet<>();
    int count = 0;
    for (int i = 1; i <= 3; i++) {
      List<TopicPartition> shuffled = new ArrayList<>(all);
      Collections.shuffle(shuffled, new Random(i));
      List<TopicPartition> mine = new SinkShare(i, 3).of(shuffled);
      assertThat(mine).hasSize(4);
      taken.addAll(mine);
      count += mine.size();
    }
    assertThat(count).isEqualTo(all.size());
    assertThat(taken).containsExactlyInAnyOrderElementsOf(all);
    assertThat(SinkShare.ALL.of(all)).containsExactlyInAnyOrderElementsOf(all);
  }

  @Test
  void theSettingTakesIOfNAndRefusesWhatIsNot() {
    assertThat(SinkShare.fromEnvironment(Map.of())).isEqualTo(SinkShare.ALL);
    assertThat(SinkShare.fromEnvironment(Map.of("CRICKET_SINK_SHARE", " 2 / 3 ")))
        .isEqualTo(new SinkShare(2, 3));
    for (String bad : List.of("0/2", "3/2", "2", "a/b", "1/0")) {
      assertThatThrownBy(() -> SinkShare.fromEnvironment(Map.of("CRICKET_SINK_SHARE", bad)))
          .as(bad)
          .isInstanceOf(SettingException.class)
          .hasMessageContaining("CRICKET_SINK_SHARE");
    }
  }
}
