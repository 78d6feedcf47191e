package org.cricketstream.lambda;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The emitter's configuration, declared in one place; Terraform sets the same variables on the
 * Lambda (terraform/lambda.tf).
 *
 * @param bucket EMITTER_BUCKET (required): where match files are written
 * @param targetPrefix EMITTER_TARGET_PREFIX, default {@code tests/}: key prefix of written files
 * @param source EMITTER_SOURCE, default {@code packaged}: {@code s3://bucket/prefix/} (Cricsheet
 *     YAML in a bucket), {@code packaged} (files in the jar) or {@code file:/folder}
 * @param stateKey EMITTER_STATE_KEY, default {@code emitter/position.json}: the position object, in
 *     {@code bucket}
 * @param interval EMITTER_INTERVAL (ISO-8601), default PT5S: time between two files
 * @param schedule EMITTER_SCHEDULE, default {@code rate(1 minute)}: how often Lambda is invoked; an
 *     invocation emits until the next is due
 * @param endpoint AWS_ENDPOINT_URL_S3, else AWS_ENDPOINT_URL: an S3-compatible endpoint instead of
 *     AWS (LocalStack, S3Proxy), addressed path-style
 * @param region AWS_REGION, default us-east-1
 * @param crashReplay EMITTER_CRASH_REPLAY, default 0: the fraction of matches for which the emitter
 *     acts as if it crashed between writing the file and saving its position, so the next slot
 *     writes the same file again (a test mode: the S3 event repeats, as in production after a
 *     crash)
 * @param crashMode EMITTER_CRASH_MODE, default {@code position}: how a crash-replayed match crashes
 *     ({@link CrashMode})
 */
public record EmitterSettings(
    String bucket,
    String targetPrefix,
    String source,
    String stateKey,
    Duration interval,
    ScheduleExpression schedule,
    Optional<URI> endpoint,
    String region,
    double crashReplay,
    CrashMode crashMode) {

  /** How the emitter crashes after writing a file chosen by EMITTER_CRASH_REPLAY (a test mode). */
  public enum CrashMode {
    /** The position is not saved and the invocation goes on (the next slot repeats the match). */
    POSITION,
    /** The handler throws, as code that failed between the file and the position would. */
    EXCEPTION,
    /** The handler hangs until Lambda's timeout stops it. */
    TIMEOUT;

    static CrashMode parse(String text) {
      try {
        return valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "EMITTER_CRASH_MODE must be position, exception or timeout: '" + text + "'", e);
      }
    }
  }

  /** Time kept free at the end of an invocation, so it returns before Lambda's timeout. */
  public static final Duration SAFETY_MARGIN = Duration.ofSeconds(3);

  public EmitterSettings {
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException("EMITTER_BUCKET is required");
    }
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("EMITTER_INTERVAL must be positive: " + interval);
    }
    if (!(crashReplay >= 0 && crashReplay <= 1)) {
      throw new IllegalArgumentException("EMITTER_CRASH_REPLAY must be in [0, 1]: " + crashReplay);
    }
  }

  public static EmitterSettings fromEnvironment(Map<String, String> env) {
    String endpoint = env.getOrDefault("AWS_ENDPOINT_URL_S3", env.get("AWS_ENDPOINT_URL"));
    return new EmitterSettings(
        env.get("EMITTER_BUCKET"),
        env.getOrDefault("EMITTER_TARGET_PREFIX", "tests/"),
        env.getOrDefault("EMITTER_SOURCE", "packaged"),
        env.getOrDefault("EMITTER_STATE_KEY", "emitter/position.json"),
        Duration.parse(env.getOrDefault("EMITTER_INTERVAL", "PT5S")),
        ScheduleExpression.parse(env.getOrDefault("EMITTER_SCHEDULE", "rate(1 minute)")),
        endpoint == null || endpoint.isBlank()
            ? Optional.empty()
            : Optional.of(URI.create(endpoint)),
        env.getOrDefault("AWS_REGION", env.getOrDefault("AWS_DEFAULT_REGION", "us-east-1")),
        Double.parseDouble(env.getOrDefault("EMITTER_CRASH_REPLAY", "0")),
        CrashMode.parse(env.getOrDefault("EMITTER_CRASH_MODE", "position")));
  }

  public EmitterSettings withSource(String newSource) {
    return new EmitterSettings(
        bucket,
        targetPrefix,
        newSource,
        stateKey,
        interval,
        schedule,
        endpoint,
        region,
        crashReplay,
        crashMode);
  }
}
