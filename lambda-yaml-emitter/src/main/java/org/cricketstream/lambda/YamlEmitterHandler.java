package org.cricketstream.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The Lambda entry point, invoked by the EventBridge schedule: a thin shell that builds its S3
 * client and emitter once per execution environment (the constructor) and hands each event to
 * {@link YamlEmitter}. Configured by environment variables ({@link EmitterSettings}).
 */
public final class YamlEmitterHandler implements RequestHandler<ScheduledEvent, String> {
  private final YamlEmitter emitter;

  /** As Lambda creates it: settings from the environment. */
  public YamlEmitterHandler() {
    this(System.getenv());
  }

  YamlEmitterHandler(Map<String, String> env) {
    this(EmitterSettings.fromEnvironment(env), s3Client(EmitterSettings.fromEnvironment(env), env));
  }

  /** With a client the caller owns (tests, the local runner). */
  public YamlEmitterHandler(EmitterSettings settings, S3Client s3) {
    this.emitter =
        new YamlEmitter(
            s3,
            MatchSource.of(settings.source(), s3),
            settings,
            Clock.systemUTC(),
            d -> Thread.sleep(d.toMillis()));
  }

  @Override
  public String handleRequest(ScheduledEvent event, Context context) {
    Instant scheduled =
        event == null || event.getTime() == null
            ? null
            : Instant.ofEpochMilli(event.getTime().getMillis());
    // one line per message: the runtime interface client writes a message as it is
    return emitter
        .run(
            scheduled,
            context::getRemainingTimeInMillis,
            message -> context.getLogger().log(message + "\n"))
        .summary();
  }

  /** Attempts of one S3 request before the invocation fails ({@link #s3Client}). */
  static final int S3_ATTEMPTS = 8;

  /**
   * The S3 client: Lambda's credentials from the environment; against a local endpoint path-style,
   * with test credentials unless the environment has some. A request is tried {@link #S3_ATTEMPTS}
   * times, backing off from 250 ms up to 4 s between attempts (about 12 s in all at most), where
   * the SDK's default gives up after four attempts within a second: a failed invocation waits for
   * the next scheduled one (a minute), and S3Proxy on a loaded machine has refused a PUT four times
   * in a row ("Error writing request body to server") and taken it a minute later.
   */
  static S3Client s3Client(EmitterSettings settings, Map<String, String> env) {
    S3ClientBuilder builder =
        S3Client.builder()
            .region(Region.of(settings.region()))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .overrideConfiguration(
                o ->
                    o.retryStrategy(
                        retry ->
                            retry
                                .maxAttempts(S3_ATTEMPTS)
                                .backoffStrategy(
                                    BackoffStrategy.exponentialDelay(
                                        Duration.ofMillis(250), Duration.ofSeconds(4)))))
            .credentialsProvider(credentials(settings, env));
    settings.endpoint().ifPresent(uri -> builder.endpointOverride(uri).forcePathStyle(true));
    return builder.build();
  }

  private static AwsCredentialsProvider credentials(
      EmitterSettings settings, Map<String, String> env) {
    String key = env.get("AWS_ACCESS_KEY_ID");
    String secret = env.get("AWS_SECRET_ACCESS_KEY");
    String token = env.get("AWS_SESSION_TOKEN");
    if (key != null && secret != null) {
      return StaticCredentialsProvider.create(
          token == null
              ? AwsBasicCredentials.create(key, secret)
              : AwsSessionCredentials.create(key, secret, token));
    }
    if (settings.endpoint().isPresent()) {
      return StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    }
    return DefaultCredentialsProvider.builder().build();
  }
}
