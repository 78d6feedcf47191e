package org.cricketstream.topics;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Partitions every clean record by its match, so all of a match's records share a partition and
 * stay in order. Natural keys start with the match id ({@code 1144530/2/49.6}); the partition is
 * Kafka's own murmur2 hash of that id, as the default partitioner would compute for the id alone.
 */
public final class MatchPartitioner {
  private MatchPartitioner() {}

  /** The match id at the front of a natural key. */
  public static String matchIdOf(String naturalKey) {
    int slash = naturalKey.indexOf('/');
    return slash < 0 ? naturalKey : naturalKey.substring(0, slash);
  }

  /** The partition of a natural key (or a bare match id) among {@code partitions}. */
  public static int partition(String naturalKey, int partitions) {
    byte[] id = matchIdOf(naturalKey).getBytes(StandardCharsets.UTF_8);
    return Utils.toPositive(Utils.murmur2(id)) % partitions;
  }
}
