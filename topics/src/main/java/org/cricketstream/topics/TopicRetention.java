package org.cricketstream.topics;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.cricketstream.config.Setting;
import org.cricketstream.config.SettingException;

/**
 * How long Kafka keeps each kind of topic, declared in one place. Kafka is a buffer in front of the
 * warehouse, which is the system of record: every topic keeps a bounded window, long enough for any
 * component's outage, then the broker deletes it. Nothing is kept forever by default, but for the
 * index topics ({@link Topics#indexes()}), compacted to one small record per key.
 *
 * @param raw CRICKET_RAW_RETENTION (ISO-8601, default P7D): raw topics, a time window; must be at
 *     least the processor's de-duplication horizon (CRICKET_DEDUP_HORIZON)
 * @param deadLetters CRICKET_DEAD_LETTER_RETENTION (default P7D): the dead-letter topics (the sink
 *     lands every dead letter in the warehouse's {@code raw_events})
 * @param clean CRICKET_CLEAN_RETENTION (default P7D): clean topics are compacted (one current
 *     record per key) and also deleted after this window ({@code cleanup.policy=compact,delete})
 * @param tombstones CRICKET_TOMBSTONE_RETENTION (default P1D): how long compaction keeps a clean
 *     topic's tombstones ({@code delete.retention.ms}), so a reader behind by less still sees them
 */
public record TopicRetention(
    Duration raw, Duration deadLetters, Duration clean, Duration tombstones) {

  /** A day: the longest a segment stays open, so retention is never late by more than that. */
  private static final Duration MAX_SEGMENT = Duration.ofDays(1);

  public static final Setting<Duration> RAW =
      window("CRICKET_RAW_RETENTION", "P7D", "how long raw topics keep records");
  public static final Setting<Duration> DEAD_LETTERS =
      window("CRICKET_DEAD_LETTER_RETENTION", "P7D", "how long dead-letter topics keep records");
  public static final Setting<Duration> CLEAN =
      window("CRICKET_CLEAN_RETENTION", "P7D", "how long clean topics keep records");
  public static final Setting<Duration> TOMBSTONES =
      window("CRICKET_TOMBSTONE_RETENTION", "P1D", "how long compaction keeps tombstones");

  /** Every retention setting, in the order help shows them. */
  public static final List<Setting<?>> SETTINGS = List.of(RAW, DEAD_LETTERS, CLEAN, TOMBSTONES);

  private static Setting<Duration> window(String name, String defaultText, String help) {
    return Setting.duration(name, defaultText, help)
        .check(
            d -> d.toMillis() >= 1000,
            "a duration of at least one second such as P7D or PT12H (nothing is kept forever)");
  }

  public TopicRetention {
    positive(RAW, raw);
    positive(DEAD_LETTERS, deadLetters);
    positive(CLEAN, clean);
    positive(TOMBSTONES, tombstones);
  }

  public static TopicRetention defaults() {
    return fromEnvironment(Map.of());
  }

  public static TopicRetention fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /** Reads the settings; an invalid value throws one line naming its variable. */
  public static TopicRetention fromEnvironment(Map<String, String> env) {
    return new TopicRetention(
        RAW.read(env), DEAD_LETTERS.read(env), CLEAN.read(env), TOMBSTONES.read(env));
  }

  /** The environment variables that give these settings, for a child process. */
  public Map<String, String> toEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(RAW.name(), raw.toString());
    env.put(DEAD_LETTERS.name(), deadLetters.toString());
    env.put(CLEAN.name(), clean.toString());
    env.put(TOMBSTONES.name(), tombstones.toString());
    return env;
  }

  /**
   * Fails, naming both variables, when raw topics ({@code rawWindow}; null: kept forever) would not
   * keep records for the processor's whole de-duplication horizon: a source replaying within the
   * horizon must find its originals still readable, so that reprocessing (a processor whose state
   * is lost restores it from Kafka) sees what the processor saw.
   */
  public static void checkHorizon(Duration rawWindow, Duration dedupHorizon, String where) {
    if (rawWindow != null && rawWindow.compareTo(dedupHorizon) < 0) {
      throw new SettingException(
          "CRICKET_RAW_RETENTION "
              + rawWindow
              + " ("
              + where
              + ") is shorter than CRICKET_DEDUP_HORIZON "
              + dedupHorizon
              + ": raise the retention or lower the horizon");
    }
  }

  /**
   * The retention window of one of the catalogue's topics; an index ({@link
   * Topics.Keeping#LATEST_PER_KEY}) has none and is refused.
   */
  public Duration of(Topic<?, ?> topic) {
    return switch (Topics.keepingOf(topic)) {
      case RAW_WINDOW -> raw;
      case DEAD_LETTER_WINDOW -> deadLetters;
      case LATEST_PER_KEY_WINDOW -> clean;
      case LATEST_PER_KEY ->
          throw new IllegalArgumentException(
              topic.name() + " is an index: compacted, never deleted by age");
    };
  }

  /**
   * The retention part of a catalogue topic's configuration. A segment is rolled at least once a
   * day (or once per window, when the window is shorter), because Kafka deletes whole segments
   * only: an open week-long segment would keep its first records for two windows.
   */
  public Map<String, String> configOf(Topic<?, ?> topic) {
    Map<String, String> config = new LinkedHashMap<>();
    if (Topics.keepingOf(topic) == Topics.Keeping.LATEST_PER_KEY) {
      // an index: a record is replaced by the next one of its key, never deleted by age
      config.put(TopicConfig.RETENTION_MS_CONFIG, "-1");
      config.put(TopicConfig.RETENTION_BYTES_CONFIG, "-1");
      config.put(TopicConfig.DELETE_RETENTION_MS_CONFIG, String.valueOf(tombstones.toMillis()));
      return config;
    }
    Duration window = of(topic);
    config.put(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(window.toMillis()));
    config.put(TopicConfig.RETENTION_BYTES_CONFIG, "-1");
    config.put(
        TopicConfig.SEGMENT_MS_CONFIG,
        String.valueOf((window.compareTo(MAX_SEGMENT) < 0 ? window : MAX_SEGMENT).toMillis()));
    if (Topics.keepingOf(topic) == Topics.Keeping.LATEST_PER_KEY_WINDOW) {
      config.put(TopicConfig.DELETE_RETENTION_MS_CONFIG, String.valueOf(tombstones.toMillis()));
    }
    return config;
  }

  private static void positive(Setting<Duration> setting, Duration value) {
    if (value == null) {
      throw new IllegalArgumentException(setting.name() + " is null");
    }
    setting.parse(value.toString());
  }
}
