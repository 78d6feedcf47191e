package org.cricketstream.topics;

/**
 * A source's heartbeat on its way to the warehouse: the value of {@link Topics#HEARTBEATS}, keyed
 * by the source. The ODI database's {@code cricket_heartbeat} row is updated every second by
 * Debezium ({@code heartbeat.action.query}); the update travels the path of a ball row (Debezium,
 * the raw topic, the processor, the sink) and lands in {@code pipeline_heartbeats}. Once it is
 * queryable, the time since {@code committedAt} is how far the warehouse is behind its source: the
 * commit-to-queryable lag, measured on the live pipeline.
 *
 * @param source the source whose commit it is ({@code odi})
 * @param committedAt when the source committed it (ms since the epoch, the source's clock)
 */
public record Heartbeat(String source, long committedAt) {

  /** The natural key: one current heartbeat per source. */
  public String key() {
    return source;
  }
}
