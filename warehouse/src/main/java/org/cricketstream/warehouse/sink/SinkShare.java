package org.cricketstream.warehouse.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;
import org.cricketstream.config.Setting;

/**
 * Which of the topics' partitions one sink loads when several sinks share them: sink {@code
 * instance} of {@code of} takes every {@code of}-th partition of the sorted list of all, starting
 * at its own. The sink assigns its partitions (its offsets live in the warehouse, not in a consumer
 * group), so the split is fixed by the count: every sink of a stack is given the same {@code of}.
 * Only a warehouse with many writers (PostgreSQL) can be shared; DuckDB has one.
 *
 * @param instance this sink's number, from 1
 * @param of how many sinks share the partitions
 */
public record SinkShare(int instance, int of) {
  private static final Pattern FORM = Pattern.compile("\\s*(\\d{1,4})\\s*/\\s*(\\d{1,4})\\s*");

  /** The one sink of a stack: every partition. */
  public static final SinkShare ALL = new SinkShare(1, 1);

  public static final Setting<String> SETTING =
      Setting.text(
              "CRICKET_SINK_SHARE",
              "1/1",
              "I/N: this sink is the I-th of N sharing the partitions (PostgreSQL warehouse only)")
          .check(t -> parseOrNull(t) != null, "I/N with 1 <= I <= N, such as 2/3");

  public SinkShare {
    if (of < 1 || instance < 1 || instance > of) {
      throw new IllegalArgumentException("sink " + instance + " of " + of);
    }
  }

  /** The share {@code CRICKET_SINK_SHARE} gives in {@code env} (all when unset). */
  public static SinkShare fromEnvironment(Map<String, String> env) {
    return parse(SETTING.read(env));
  }

  /** {@code I/N}. */
  public static SinkShare parse(String text) {
    SinkShare share = parseOrNull(text);
    if (share == null) {
      throw new IllegalArgumentException("a sink share is I/N with 1 <= I <= N, not " + text);
    }
    return share;
  }

  private static SinkShare parseOrNull(String text) {
    Matcher m = FORM.matcher(text);
    if (!m.matches()) {
      return null;
    }
    int instance = Integer.parseInt(m.group(1));
    int of = Integer.parseInt(m.group(2));
    return of >= 1 && instance >= 1 && instance <= of ? new SinkShare(instance, of) : null;
  }

  /** This sink's partitions of {@code all}, which every sink sorts the same way. */
  public List<TopicPartition> of(List<TopicPartition> all) {
    List<TopicPartition> sorted = new ArrayList<>(all);
    sorted.sort(
        java.util.Comparator.comparing(TopicPartition::topic)
            .thenComparingInt(TopicPartition::partition));
    List<TopicPartition> mine = new ArrayList<>();
    for (int i = instance - 1; i < sorted.size(); i += of) {
      mine.add(sorted.get(i));
    }
    return mine;
  }

  @Override
  public String toString() {
    return instance + "/" + of;
  }
}
