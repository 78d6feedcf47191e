package org.cricketstream.lambda;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Writes the next Test match to S3 at a steady cadence for one scheduled invocation: from the
 * scheduled time, every {@code interval}, until the next invocation is due (one schedule period
 * later) or Lambda's remaining time runs short. EventBridge fires at most once a minute, so the
 * 5-second cadence comes from inside the invocation.
 *
 * <p>Each file: read the position from S3, take the next source match after it, write it under
 * {@code targetPrefix} with its own file name (so a repeat overwrites the same key with the same
 * bytes; a match in S3 is copied inside S3), then write the new position. No state lives in memory
 * between files.
 */
public final class YamlEmitter {
  /** Waits; tests pass a fake that advances a fake clock. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  /**
   * What one invocation did.
   *
   * @param written the keys written, in order
   * @param stoppedBecause why the invocation stopped emitting
   */
  public record Report(List<String> written, String stoppedBecause) {
    public Report {
      written = List.copyOf(written);
    }

    public String summary() {
      return "wrote " + written.size() + " match file(s); stopped: " + stoppedBecause;
    }
  }

  private final S3Client s3;
  private final MatchSource source;
  private final PositionStore position;
  private final EmitterSettings settings;
  private final Clock clock;
  private final Sleeper sleeper;

  public YamlEmitter(
      S3Client s3, MatchSource source, EmitterSettings settings, Clock clock, Sleeper sleeper) {
    this.s3 = s3;
    this.source = source;
    this.settings = settings;
    this.position = new PositionStore(s3, settings.bucket(), settings.stateKey());
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /**
   * Emits for one invocation.
   *
   * @param scheduled the schedule's time for this invocation (EventBridge's event time), or null
   * @param remainingMillis Lambda's remaining time, asked before every file
   */
  public Report run(Instant scheduled, LongSupplier remainingMillis, Consumer<String> log) {
    Instant now = clock.instant();
    Duration period = settings.schedule().period();
    boolean onTime =
        scheduled != null
            && !scheduled.isAfter(now)
            && Duration.between(scheduled, now).compareTo(period) < 0;
    Instant base = onTime ? scheduled : now;
    Instant nextInvocation = base.plus(period);
    List<String> written = new ArrayList<>();
    long intervalNanos = settings.interval().toNanos();
    for (long k = 0; ; ) {
      Instant slot = base.plusNanos(intervalNanos * k);
      if (!slot.isBefore(nextInvocation)) {
        return report(written, "the next invocation is due at " + nextInvocation, log);
      }
      Duration wait = Duration.between(clock.instant(), slot);
      long waitMillis = Math.max(0, wait.toMillis());
      if (remainingMillis.getAsLong() - waitMillis < EmitterSettings.SAFETY_MARGIN.toMillis()) {
        return report(written, "Lambda's remaining time is short", log);
      }
      if (waitMillis > 0) {
        try {
          sleeper.sleep(Duration.ofMillis(waitMillis));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return report(written, "interrupted", log);
        }
      }
      Optional<String> key = emitOne(log);
      if (key.isEmpty()) {
        return report(written, "every match of " + source + " is written", log);
      }
      written.add(key.get());
      // the next slot of the cadence not yet past: a slow write delays one file, not the cadence
      long elapsed = Duration.between(base, clock.instant()).toNanos();
      k = Math.max(k + 1, (elapsed + intervalNanos - 1) / intervalNanos);
    }
  }

  /** Writes the match after the stored position; empty when the source has no more. */
  Optional<String> emitOne(Consumer<String> log) {
    Optional<String> after = position.read();
    Optional<MatchSource.SourceMatch> next = source.next(after.orElse(null));
    if (next.isEmpty()) {
      return Optional.empty();
    }
    MatchSource.SourceMatch match = next.get();
    String key = settings.targetPrefix() + match.fileName();
    boolean crash = crashesAfterWriting(match.name()) && !exists(key);
    source.write(match, s3, settings.bucket(), key);
    log.accept("wrote s3://" + settings.bucket() + "/" + key + " (" + match.size() + " bytes)");
    if (crash) {
      crash(key, log);
    } else {
      position.write(match.name(), key, clock.instant());
    }
    return Optional.of(key);
  }

  /** Crashes between the file and its position, as {@link EmitterSettings#crashMode} says. */
  private void crash(String key, Consumer<String> log) {
    String what = "crash replay: position not saved, so " + key + " is written again";
    switch (settings.crashMode()) {
      case POSITION -> log.accept(what);
      case EXCEPTION -> throw new IllegalStateException(what + " (the handler fails here)");
      case TIMEOUT -> {
        log.accept(what + " (the handler hangs here until Lambda's timeout stops it)");
        try {
          sleeper.sleep(Duration.ofHours(1));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new IllegalStateException(what + " (the handler hung, and no timeout stopped it)");
      }
    }
  }

  /** Whether crash-replay mode picks this match (the same matches on every run). */
  private boolean crashesAfterWriting(String name) {
    if (settings.crashReplay() <= 0) {
      return false;
    }
    long hash = new java.util.SplittableRandom(name.hashCode()).nextLong() >>> 11;
    return hash / (double) (1L << 53) < settings.crashReplay();
  }

  private boolean exists(String key) {
    try {
      s3.headObject(b -> b.bucket(settings.bucket()).key(key));
      return true;
    } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
      return false;
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  private static Report report(List<String> written, String why, Consumer<String> log) {
    Report report = new Report(written, why);
    log.accept(report.summary());
    return report;
  }
}
