package org.cricketstream.processor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.cricketstream.topics.Replication;
import org.cricketstream.topics.TopicAdmin;
import org.cricketstream.topics.TopicRetention;
import org.cricketstream.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the processor against a Kafka cluster until stopped.
 *
 * <p>It is a static member of its consumer group ({@code group.instance.id}), under a name kept in
 * its state directory ({@link #instanceId}). Killed and started again on the same state, it takes
 * its tasks back as soon as it joins: a dynamic member's successor waits until the broker gives up
 * on the dead member's session (45 s), and the partitions it held stand still meanwhile. Stopped
 * cleanly, it leaves the group, so the others take its partitions at once.
 */
public final class ProcessorApp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessorApp.class);

  /** The file in the state directory that keeps the instance's name in its group. */
  static final String INSTANCE_ID_FILE = "group-instance-id";

  private final KafkaStreams streams;
  private final CountDownLatch failed;

  private ProcessorApp(KafkaStreams streams, CountDownLatch failed) {
    this.streams = streams;
    this.failed = failed;
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
    Properties props = settings.streamsProperties(replication);
    String instance = instanceId(settings.stateDir());
    // Kafka Streams gives each stream thread's consumer this name with "-<thread>" after it
    props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), instance);
    KafkaStreams streams = new KafkaStreams(CricketTopology.build(settings.dedupHorizon()), props);
    // A replaced thread would join under the next thread's name (INSTANCE-2): a new static member
    // beside the dead one, and the whole group waits in a rebalance until the dead one's session
    // ends (45 s; in ClusterIT a thread whose transaction the coordinator had aborted held both
    // processors so). Stopped instead, the instance is started again by whoever runs it (up's
    // supervisor) and takes its tasks back under its own name at once.
    streams.setUncaughtExceptionHandler(
        e -> {
          LOG.error("processor thread failed; stopping, to be started again under its name", e);
          return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler
              .StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    CountDownLatch failed = new CountDownLatch(1);
    streams.setStateListener(
        (now, before) -> {
          if (now == KafkaStreams.State.ERROR) {
            failed.countDown();
          }
        });
    streams.start();
    LOG.info(
        "processor {} started against {} as {} (state in {})",
        settings.applicationId(),
        settings.bootstrapServers(),
        instance,
        settings.stateDir().toAbsolutePath());
    return new ProcessorApp(streams, failed);
  }

  public KafkaStreams streams() {
    return streams;
  }

  /**
   * Stops processing and leaves the group, so the other instances take the partitions at once; an
   * instance stopped by a failed thread stays a member, to take its tasks back when started again.
   */
  @Override
  public void close() {
    CloseOptions options = CloseOptions.timeout(Duration.ofSeconds(30));
    if (!failed()) {
      options =
          options.withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
    }
    streams.close(options);
  }

  /**
   * The instance's name in its group, made once at random and kept in {@code stateDir}: the same
   * state means the same member, and two running instances never share a state directory (Kafka
   * Streams locks it), so never a name. A name lost with its state is made again: the old one's
   * session then ends as a dynamic member's would.
   */
  static String instanceId(Path stateDir) {
    Path file = stateDir.resolve(INSTANCE_ID_FILE);
    try {
      Files.createDirectories(stateDir);
      if (Files.exists(file)) {
        String kept = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (!kept.isEmpty()) {
          return kept;
        }
      }
      String made = "processor-" + UUID.randomUUID().toString().substring(0, 8);
      Path written = Files.createTempFile(stateDir, INSTANCE_ID_FILE, ".tmp");
      Files.writeString(written, made + "\n", StandardCharsets.UTF_8);
      Files.move(
          written, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return made;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the processor's name in " + file, e);
    }
  }

  /** Whether a stream thread failed and the instance stopped ({@link KafkaStreams.State#ERROR}). */
  private boolean failed() {
    return failed.getCount() == 0;
  }

  /**
   * Runs until SIGTERM or Ctrl-C, then shuts down cleanly: 0. Returns 1 once a stream thread has
   * failed and the instance stopped, to be started again.
   */
  public static int runUntilStopped(ProcessorSettings settings) throws InterruptedException {
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
    while (!stopped.await(1, TimeUnit.SECONDS)) {
      if (app.failed()) {
        LOG.error("processor stopped: a stream thread failed (above); exiting with 1");
        return 1;
      }
    }
    return 0;
  }

  public static void main(String[] args) throws InterruptedException {
    System.exit(runUntilStopped(ProcessorSettings.fromEnvironment()));
  }
}
