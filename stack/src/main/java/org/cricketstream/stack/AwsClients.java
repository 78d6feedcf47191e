package org.cricketstream.stack;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SDK clients for a local AWS endpoint (S3Proxy, ElasticMQ, LocalStack): fixed test credentials,
 * path-style S3 addressing, the URL-connection HTTP client. Callers close them.
 */
public final class AwsClients {
  /** The region every local server answers as. */
  public static final String REGION = "us-east-1";

  /** The account local servers put in ARNs (LocalStack's default). */
  public static final String ACCOUNT = "000000000000";

  /** Credentials local servers accept (they check none). */
  public static final String ACCESS_KEY = "test";

  public static final String SECRET_KEY = "test";

  private AwsClients() {}

  public static S3Client s3(URI endpoint) {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .region(Region.of(REGION))
        .credentialsProvider(credentials())
        .forcePathStyle(true)
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  public static SqsClient sqs(URI endpoint) {
    return SqsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.of(REGION))
        .credentialsProvider(credentials())
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  private static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
  }
}
