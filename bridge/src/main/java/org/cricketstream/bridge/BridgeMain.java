package org.cricketstream.bridge;

import java.util.concurrent.CountDownLatch;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/** Runs a bridge, configured from the environment ({@link BridgeSettings}), until SIGTERM. */
public final class BridgeMain {
  private BridgeMain() {}

  public static void main(String[] args) throws InterruptedException {
    run(BridgeSettings.fromEnvironment(System.getenv()), messages -> {});
  }

  /** Runs until the JVM is asked to stop; {@code afterAck} is for fault-injection tests. */
  public static void run(BridgeSettings settings, Bridge.AckListener afterAck)
      throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    SqsClient sqs = sqs(settings);
    S3Client s3 = s3(settings);
    Bridge bridge = new Bridge(settings, sqs, s3, Bridge.producer(settings), afterAck).start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  bridge.close();
                  sqs.close();
                  s3.close();
                  stopped.countDown();
                },
                "bridge-shutdown"));
    stopped.await();
  }

  /**
   * The SQS client: the keys given in the settings' environment, else against a local endpoint test
   * ones, else the AWS chain's credentials.
   */
  public static SqsClient sqs(BridgeSettings settings) {
    SqsClientBuilder builder =
        SqsClient.builder()
            .region(Region.of(settings.region()))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .credentialsProvider(credentials(settings, settings.endpoint().isPresent()));
    settings.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  public static S3Client s3(BridgeSettings settings) {
    S3ClientBuilder builder =
        S3Client.builder()
            .region(Region.of(settings.region()))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .credentialsProvider(credentials(settings, settings.s3Endpoint().isPresent()));
    settings.s3Endpoint().ifPresent(uri -> builder.endpointOverride(uri).forcePathStyle(true));
    return builder.build();
  }

  private static AwsCredentialsProvider credentials(BridgeSettings settings, boolean local) {
    if (settings.keys().isPresent()) {
      return StaticCredentialsProvider.create(settings.keys().get());
    }
    if (local) {
      return StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    }
    return DefaultCredentialsProvider.builder().build();
  }
}
