package org.cricketstream.cli.up;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.cricketstream.bridge.BridgeSettings;
import org.cricketstream.config.Shared;
import org.cricketstream.lambda.EmitterSettings;
import org.cricketstream.stack.AwsClients;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The stack's S3 bucket and SQS queue as its components see them: the same settings the Lambda and
 * the bridge read, from the environment the stack gives them (local endpoints, LocalStack or real
 * AWS with the SDK's usual credentials).
 *
 * @param env the stack's environment
 */
record AwsAccess(Map<String, String> env) {
  String bucket() {
    return EmitterSettings.BUCKET.read(env);
  }

  /** Where the Lambda writes Test matches (the prefix the bucket notifies about). */
  String targetPrefix() {
    return EmitterSettings.TARGET_PREFIX.read(env);
  }

  S3Client s3() {
    return endpoint(Shared.AWS_ENDPOINT_URL_S3)
        .map(uri -> AwsClients.s3(uri, keys()))
        .orElseGet(() -> S3Client.builder().region(Region.of(Shared.region(env))).build());
  }

  /** The keys under {@code prefix} in the bucket. */
  Set<String> keys(S3Client s3, String prefix) {
    Set<String> keys = new TreeSet<>();
    for (S3Object o :
        s3.listObjectsV2Paginator(b -> b.bucket(bucket()).prefix(prefix)).contents()) {
      keys.add(o.key());
    }
    return keys;
  }

  /** Messages in the bridge's queue, visible or being received. */
  long queued() {
    try (SqsClient sqs =
        endpoint(Shared.AWS_ENDPOINT_URL_SQS)
            .map(uri -> AwsClients.sqs(uri, keys()))
            .orElseGet(() -> SqsClient.builder().region(Region.of(Shared.region(env))).build())) {
      Map<QueueAttributeName, String> attributes =
          sqs.getQueueAttributes(
                  b ->
                      b.queueUrl(BridgeSettings.QUEUE_URL.read(env))
                          .attributeNames(
                              QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                              QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
              .attributes();
      return attributes.values().stream().mapToLong(Long::parseLong).sum();
    }
  }

  /** Whether the queue is known yet (the stack stops before it was provisioned, too). */
  boolean hasQueue() {
    return env.containsKey(BridgeSettings.QUEUE_URL.name());
  }

  /** The keys the components use with a local endpoint (LocalStack's when none are given). */
  private AwsClients.Keys keys() {
    return AwsClients.Keys.fromEnvironment(env).orElse(AwsClients.Keys.TEST);
  }

  /** The service's own endpoint, else the one for every service, else the SDK's default. */
  private Optional<URI> endpoint(org.cricketstream.config.Setting<String> own) {
    return own.find(env).or(() -> Shared.AWS_ENDPOINT_URL.find(env)).map(URI::create);
  }
}
