package org.cricketstream.topics;

import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;

/**
 * How many copies of each partition a topic keeps, and how many of them must hold a write before an
 * {@code acks=all} producer is told it succeeded: derived from the cluster's size, so the one
 * declaration fits a single laptop broker and a cluster.
 *
 * <ul>
 *   <li>one broker: 1 copy, 1 in sync (nothing else is possible);
 *   <li>two brokers: 2 copies, 1 in sync (either broker may be down and writes go on);
 *   <li>three or more: 3 copies, 2 in sync: an acknowledged write survives the loss of any one
 *       broker, and the topic stays writable while one is down.
 * </ul>
 *
 * <p>Every topic of the catalogue ({@link Topics#replicationOf}), the processor's internal topics
 * and Kafka Connect's internal topics take it.
 *
 * @param factor the replication factor
 * @param minInsyncReplicas the topic's {@code min.insync.replicas}
 */
public record Replication(short factor, int minInsyncReplicas) {

  public Replication {
    if (factor < 1 || minInsyncReplicas < 1 || minInsyncReplicas > factor) {
      throw new IllegalArgumentException(
          "replication factor " + factor + " with min.insync.replicas " + minInsyncReplicas);
    }
  }

  /** The replication for a cluster of {@code brokers} brokers, by the rule above. */
  public static Replication forBrokers(int brokers) {
    if (brokers < 1) {
      throw new IllegalArgumentException("a cluster has at least one broker, not " + brokers);
    }
    short factor = (short) Math.min(brokers, 3);
    return new Replication(factor, factor >= 3 ? 2 : 1);
  }

  /** The topic-level configuration that goes with it. */
  public Map<String, String> topicConfig() {
    return Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInsyncReplicas));
  }
}
