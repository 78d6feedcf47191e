package org.cricketstream.topics;

import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/**
 * A Kafka topic as the project declares it: its name, how many partitions it has, its topic
 * configuration, and the serdes of its keys and values. Code refers to topics only through the
 * constants in {@link Topics}, never by a name string.
 *
 * @param schemaVersion the version of the value schema under {@code schemas/<name>/}, or 0 for
 *     topics whose values no JSON Schema describes (YAML files, the connectors' internal records);
 *     a raw topic's schema describes what its connector writes
 */
public record Topic<K, V>(
    String name,
    int partitions,
    Map<String, String> config,
    Serde<K> keySerde,
    Serde<V> valueSerde,
    int schemaVersion) {

  public Topic {
    config = Map.copyOf(config);
  }

  @Override
  public String toString() {
    return name;
  }
}
