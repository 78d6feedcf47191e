package org.cricketstream.stack;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.cricketstream.config.Secrets;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SDK clients for a local AWS endpoint (S3Proxy, ElasticMQ, LocalStack): the given keys (else test
 * ones), path-style S3 addressing, the URL-connection HTTP client. Callers close them.
 */
public final class AwsClients {
  /** The region every local server answers as. */
  public static final String REGION = "us-east-1";

  /** The account local servers put in ARNs (LocalStack's default). */
  public static final String ACCOUNT = "000000000000";

  /** An access key pair. {@link #toString} never shows the secret. */
  public record Keys(String accessKeyId, String secretAccessKey) {
    /** LocalStack's keys: it takes any. */
    public static final Keys TEST = new Keys("test", "test");

    /** A new random pair, as AWS issues them: AKIA and 16 characters, and a 40-character secret. */
    public static Keys generate() {
      String id = Secrets.generate().replaceAll("[^A-Za-z0-9]", "").toUpperCase(Locale.ROOT);
      return new Keys("AKIA" + (id + "0000000000000000").substring(0, 16), Secrets.generate());
    }

    /** AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, when both are set. */
    public static Optional<Keys> fromEnvironment(Map<String, String> env) {
      String id = env.get("AWS_ACCESS_KEY_ID");
      String secret = env.get("AWS_SECRET_ACCESS_KEY");
      return id == null || id.isEmpty() || secret == null || secret.isEmpty()
          ? Optional.empty()
          : Optional.of(new Keys(id, secret));
    }

    /** The environment entries an AWS SDK reads these keys from. */
    public Map<String, String> environment() {
      return Map.of("AWS_ACCESS_KEY_ID", accessKeyId, "AWS_SECRET_ACCESS_KEY", secretAccessKey);
    }

    @Override
    public String toString() {
      return "Keys[" + accessKeyId + ", secret hidden]";
    }
  }

  private AwsClients() {}

  public static S3Client s3(URI endpoint) {
    return s3(endpoint, Keys.TEST);
  }

  public static S3Client s3(URI endpoint, Keys keys) {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .region(Region.of(REGION))
        .credentialsProvider(credentials(keys))
        .forcePathStyle(true)
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  public static SqsClient sqs(URI endpoint) {
    return sqs(endpoint, Keys.TEST);
  }

  public static SqsClient sqs(URI endpoint, Keys keys) {
    return SqsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.of(REGION))
        .credentialsProvider(credentials(keys))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  private static StaticCredentialsProvider credentials(Keys keys) {
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey()));
  }
}
