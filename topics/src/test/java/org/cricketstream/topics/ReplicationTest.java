package org.cricketstream.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Replication follows the cluster's size: 1/1 on one broker, 3/2 on three or more. */
class ReplicationTest {
  @Test
  void copiesAndInSyncReplicasGrowWithTheClusterUpToThreeAndTwo() {
    assertThat(Replication.forBrokers(1)).isEqualTo(new Replication((short) 1, 1));
    assertThat(Replication.forBrokers(2)).isEqualTo(new Replication((short) 2, 1));
    assertThat(Replication.forBrokers(3)).isEqualTo(new Replication((short) 3, 2));
    assertThat(Replication.forBrokers(7)).isEqualTo(new Replication((short) 3, 2));
  }

  @Test
  void everyTopicOfTheCatalogueCarriesItsMinInsyncReplicas() {
    for (Topic<?, ?> topic : Topics.all()) {
      assertThat(TopicAdmin.configOf(topic, TopicRetention.defaults(), 3))
          .as("%s", topic)
          .containsEntry("min.insync.replicas", "2");
      assertThat(TopicAdmin.configOf(topic, TopicRetention.defaults(), 1))
          .as("%s", topic)
          .containsEntry("min.insync.replicas", "1");
    }
  }

  @Test
  void impossibleReplicationIsRefused() {
    assertThatThrownBy(() -> Replication.forBrokers(0)).hasMessageContaining("at least one");
    assertThatThrownBy(() -> new Replication((short) 1, 2))
        .hasMessageContaining("min.insync.replicas 2");
  }
}
