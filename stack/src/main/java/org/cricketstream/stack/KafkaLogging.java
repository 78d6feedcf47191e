package org.cricketstream.stack;

/**
 * Log levels for Kafka's own loggers under the slf4j-simple binding that {@code stack} ships.
 *
 * <p>slf4j-simple reads a logger's level from system properties when the logger is created, so
 * these must be set before the Kafka classes load (each Kafka class creates its logger in its
 * static initializer). A property the user already set (for example {@code
 * -Dorg.slf4j.simpleLogger.log.kafka=info}) is kept. Under another slf4j binding these properties
 * do nothing.
 */
final class KafkaLogging {
  private static final String PREFIX = "org.slf4j.simpleLogger.";

  /** Kafka's logger name roots: the broker core, the Java modules, and the state-change log. */
  private static final String[] KAFKA_LOGGERS = {
    "kafka", "org.apache.kafka", "state.change.logger"
  };

  private KafkaLogging() {}

  /** Kafka's own loggers at WARN unless already configured; idempotent. */
  static void quietKafka() {
    for (String logger : KAFKA_LOGGERS) {
      setIfAbsent(PREFIX + "log." + logger, "warn");
    }
  }

  /** For a server process: log to stdout with time and thread, Kafka at WARN. */
  static void serverProcess() {
    setIfAbsent(PREFIX + "logFile", "System.out");
    setIfAbsent(PREFIX + "showDateTime", "true");
    setIfAbsent(PREFIX + "dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    setIfAbsent(PREFIX + "showShortLogName", "true");
    quietKafka();
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
