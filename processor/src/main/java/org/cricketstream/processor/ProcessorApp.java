package org.cricketstream.processor;

import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.cricketstream.topics.Replication;
import org.cricketstream.topics.TopicAdmin;
import org.cricketstream.topics.TopicRetention;
import org.cricketstream.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the processor against a Kafka cluster until stopped. */
public final class ProcessorApp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessorApp.class);

  private final KafkaStreams streams;

  private ProcessorApp(KafkaStreams streams) {
    this.streams = streams;
  }

  /** As {@link #start(ProcessorSettings, TopicRetention)}, with the environment's retention. */
  public static ProcessorApp start(ProcessorSettings settings) {
    return start(settings, TopicRetention.fromEnvironment());
  }

  /**
   * Creates the declared topics if missing (with {@code retention}) and starts processing. Refuses
   * to start when a raw topic keeps records for less than the de-duplication horizon.
   */
  public static ProcessorApp start(ProcessorSettings settings, TopicRetention retention) {
    TopicRetention.checkHorizon(retention.raw(), settings.dedupHorizon(), "declared");
    Replication replication =
        TopicAdmin.ensure(
            settings.bootstrapServers(), settings.kafkaClient(), Topics.all(), retention);
    // what the broker has is what counts: another component may have set other windows
    TopicAdmin.retention(settings.bootstrapServers(), settings.kafkaClient(), Topics.raw())
        .forEach(
            (topic, window) -> TopicRetention.checkHorizon(window, settings.dedupHorizon(), topic));
    // made by an earlier processor with the broker's default size, before raw records went in it
    TopicAdmin.setIfPresent(
        settings.bootstrapServers(),
        settings.kafkaClient(),
        settings.repartitionTopic(),
        TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
        Integer.toString(ProcessorSettings.INTERNAL_MAX_MESSAGE_BYTES));
    KafkaStreams streams =
        new KafkaStreams(
            CricketTopology.build(settings.dedupHorizon()),
            settings.streamsProperties(replication));
    streams.setUncaughtExceptionHandler(
        e -> {
          LOG.error("processor thread failed; replacing it", e);
          return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler
              .StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    streams.start();
    LOG.info(
        "processor {} started against {} (state in {})",
        settings.applicationId(),
        settings.bootstrapServers(),
        settings.stateDir().toAbsolutePath());
    return new ProcessorApp(streams);
  }

  public KafkaStreams streams() {
    return streams;
  }

  @Override
  public void close() {
    streams.close(java.time.Duration.ofSeconds(30));
  }

  /** Runs until SIGTERM or Ctrl-C, then shuts down cleanly. */
  public static void runUntilStopped(ProcessorSettings settings) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    ProcessorApp app = start(settings);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  app.close();
                  stopped.countDown();
                },
                "processor-shutdown"));
    stopped.await();
  }

  public static void main(String[] args) throws InterruptedException {
    runUntilStopped(ProcessorSettings.fromEnvironment());
  }
}
