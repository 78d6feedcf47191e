package org.cricketstream.lambda;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cricketstream.config.Setting;
import org.cricketstream.config.Shared;

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
  }

  /** Time kept free at the end of an invocation, so it returns before Lambda's timeout. */
  public static final Duration SAFETY_MARGIN = Duration.ofSeconds(3);

  public static final Setting<String> BUCKET =
      Setting.text("EMITTER_BUCKET", null, "the bucket match files are written to");
  public static final Setting<String> TARGET_PREFIX =
      Setting.text("EMITTER_TARGET_PREFIX", "tests/", "key prefix of written files");
  public static final Setting<String> SOURCE =
      Setting.text(
              "EMITTER_SOURCE",
              "packaged",
              "where the matches come from: s3://bucket/prefix/, packaged or file:/folder")
          .check(
              s -> s.equals("packaged") || s.startsWith("s3://") || s.startsWith("file:"),
              "s3://bucket/prefix/, packaged or file:/folder");
  public static final Setting<String> STATE_KEY =
      Setting.text("EMITTER_STATE_KEY", "emitter/position.json", "the position object's key");
  public static final Setting<Duration> INTERVAL =
      Setting.duration("EMITTER_INTERVAL", "PT5S", "time between two files").positive();
  public static final Setting<String> SCHEDULE =
      Setting.text("EMITTER_SCHEDULE", "rate(1 minute)", "how often Lambda invokes the emitter")
          .check(
              text -> {
                ScheduleExpression.parse(text);
                return true;
              },
              "rate(N minute[s]|hour[s]|day[s]) or cron(...)");
  public static final Setting<Double> CRASH_REPLAY =
      Setting.decimal(
              "EMITTER_CRASH_REPLAY", 0, "fraction of matches written again as after a crash")
          .check(f -> f >= 0 && f <= 1, "a number from 0 to 1");
  public static final Setting<CrashMode> CRASH_MODE =
      Setting.choice(
          "EMITTER_CRASH_MODE", CrashMode.class, CrashMode.POSITION, "how such a crash happens");

  /** Every setting of the emitter, in the order help shows them. */
  public static final List<Setting<?>> SETTINGS =
      List.of(
          BUCKET,
          TARGET_PREFIX,
          SOURCE,
          STATE_KEY,
          INTERVAL,
          SCHEDULE,
          Shared.AWS_ENDPOINT_URL_S3,
          Shared.AWS_ENDPOINT_URL,
          Shared.AWS_REGION,
          CRASH_REPLAY,
          CRASH_MODE);

  public static EmitterSettings fromEnvironment(Map<String, String> env) {
    return new EmitterSettings(
        BUCKET.read(env),
        TARGET_PREFIX.read(env),
        SOURCE.read(env),
        STATE_KEY.read(env),
        INTERVAL.read(env),
        ScheduleExpression.parse(SCHEDULE.read(env)),
        Shared.AWS_ENDPOINT_URL_S3
            .find(env)
            .or(() -> Shared.AWS_ENDPOINT_URL.find(env))
            .map(URI::create),
        Shared.region(env),
        CRASH_REPLAY.read(env),
        CRASH_MODE.read(env));
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
