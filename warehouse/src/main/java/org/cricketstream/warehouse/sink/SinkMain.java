package org.cricketstream.warehouse.sink;

import java.util.concurrent.CountDownLatch;
import org.cricketstream.topics.TopicRetention;
import org.cricketstream.warehouse.WarehouseSettings;

/** Runs the sink with settings from the environment until SIGTERM or Ctrl-C. */
public final class SinkMain {
  private SinkMain() {}

  public static void main(String[] args) throws InterruptedException {
    quietKafkaLogs();
    WarehouseSettings settings = WarehouseSettings.fromEnvironment();
    runUntilStopped(settings, SinkShare.fromEnvironment(System.getenv()));
  }

  /** Runs the sink until SIGTERM or Ctrl-C, finishing its current batch before it stops. */
  public static void runUntilStopped(WarehouseSettings settings, SinkShare share) {
    WarehouseSink sink =
        new WarehouseSink(settings, TopicRetention.fromEnvironment(), share, commit -> {});
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  sink.stop();
                  try {
                    stopped.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "sink-shutdown"));
    try {
      sink.run();
    } finally {
      stopped.countDown();
    }
  }

  /** Under slf4j-simple: Kafka's clients at WARN, ours with the time; settings already made win. */
  static void quietKafkaLogs() {
    String prefix = "org.slf4j.simpleLogger.";
    String[][] defaults = {
      {"log.org.apache.kafka", "warn"}, {"showDateTime", "true"}, {"dateTimeFormat", "HH:mm:ss.SSS"}
    };
    for (String[] setting : defaults) {
      if (System.getProperty(prefix + setting[0]) == null) {
        System.setProperty(prefix + setting[0], setting[1]);
      }
    }
  }
}
