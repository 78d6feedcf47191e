package org.cricketstream.cli.up;

import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * Whether the stack has finished its work: every source replayed, every staged Test match written
 * by the Lambda, no S3 notification waiting, the processor and the sink caught up, nothing captured
 * for a while, and everything each source holds in the landing layer ({@link Completeness}). {@code
 * up --exit-when-idle} and the benchmarks wait for it.
 */
final class Idleness {
  /** How long services must have run, and raw topics stayed the same, to count as settled. */
  static final Duration QUIET = Duration.ofSeconds(15);

  private final Supervisor supervisor;
  private final TestStaging tests;
  private final AwsAccess aws;
  private final Supplier<Lags> lags;
  private final Completeness completeness;
  private final Map<TopicPartition, Long> lastEnds = new HashMap<>();
  private long lastEndsChanged = System.nanoTime();

  Idleness(
      Supervisor supervisor,
      TestStaging tests,
      AwsAccess aws,
      Supplier<Lags> lags,
      Completeness completeness) {
    this.supervisor = supervisor;
    this.tests = tests;
    this.aws = aws;
    this.lags = lags;
    this.completeness = completeness;
  }

  /**
   * Why the stack is not idle yet, or empty once it is. Raw topics must not have grown for {@link
   * #QUIET}: Kafka Connect may still have something to capture when every lag is zero.
   */
  Optional<String> notIdleBecause() {
    Optional<Child> replay = supervisor.child("replay");
    if (replay.isPresent() && replay.get().alive()) {
      return Optional.of("the replay is running");
    }
    if (!supervisor.servicesSettled(QUIET)) {
      return Optional.of("a service (re)started less than " + QUIET.toSeconds() + " s ago");
    }
    try {
      long left = tests.progress().left();
      if (left > 0) {
        return Optional.of("the Lambda has " + left + " Test matches left to write");
      }
    } catch (NoSuchBucketException e) {
      return Optional.of("the bucket is not there yet");
    }
    long queued = aws.queued();
    if (queued > 0) {
      return Optional.of(queued + " S3 notifications wait in SQS");
    }
    Lags now = lags.get();
    long processorLag = sum(now.processor());
    if (processorLag > 0) {
      return Optional.of("the processor is " + processorLag + " records behind");
    }
    Map<String, Long> sink = new HashMap<>(now.sink());
    // a heartbeat a second is always on its way to the warehouse: no work left to wait for
    sink.remove(org.cricketstream.topics.Topics.HEARTBEATS.name());
    long sinkLag = sum(sink);
    if (sinkLag > 0) {
      return Optional.of("the warehouse sink is " + sinkLag + " records behind");
    }
    Map<TopicPartition, Long> ends = now.endOffsets(now.topics(Lags.RAW, null));
    if (!ends.equals(lastEnds)) {
      lastEnds.clear();
      lastEnds.putAll(ends);
      lastEndsChanged = System.nanoTime();
    }
    if (System.nanoTime() - lastEndsChanged < QUIET.toNanos()) {
      return Optional.of("raw topics grew in the last " + QUIET.toSeconds() + " s");
    }
    try {
      // quiet is not whole: a lost notification leaves every lag at zero
      return completeness.missing();
    } catch (SQLException e) {
      return Optional.of("cannot count what landed yet: " + e.getMessage());
    }
  }

  /** Waits until {@link #notIdleBecause} is empty, printing why not every 15 s. */
  void await(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long nextReport = 0;
    while (true) {
      List<String> failures = supervisor.failures();
      if (!failures.isEmpty()) {
        throw new StackException(String.join("\n", failures));
      }
      Optional<String> reason;
      try {
        reason = notIdleBecause();
      } catch (RuntimeException e) {
        reason = Optional.of("cannot tell yet: " + e.getMessage());
      }
      if (reason.isEmpty()) {
        supervisor.say("idle: every source is replayed and the warehouse has caught up");
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new StackException("not idle after " + timeout + ": " + reason.get());
      }
      if (System.nanoTime() > nextReport) {
        supervisor.say("waiting: %s", reason.get());
        nextReport = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      }
      Thread.sleep(1000);
    }
  }

  private static long sum(Map<String, Long> lags) {
    return lags.values().stream().mapToLong(Long::longValue).sum();
  }
}
