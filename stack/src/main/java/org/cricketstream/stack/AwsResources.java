package org.cricketstream.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.FilterRule;
import software.amazon.awssdk.services.s3.model.FilterRuleName;
import software.amazon.awssdk.services.s3.model.QueueConfiguration;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates on a local AWS endpoint what {@code terraform apply} creates on AWS for the S3 to Kafka
 * path, from the same {@link AwsDefinitions}: the bucket, the dead-letter queue, the queue with its
 * redrive policy and the policy that lets this bucket send, and the bucket notification. Existing
 * resources are reused, so it can run against a stack that has them already.
 *
 * <p>The notification is configured through the S3 API ({@code PutBucketNotificationConfiguration},
 * LocalStack and AWS) or, for S3Proxy, which has no such API, through {@link S3Notifications}.
 */
public final class AwsResources {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What was created: what the bridge and tests need. */
  public record Created(
      String bucket,
      String queueUrl,
      String queueArn,
      String deadLetterQueueUrl,
      String deadLetterQueueArn) {}

  private AwsResources() {}

  /** Provisions with the notification set through the S3 API (LocalStack, AWS). */
  public static Created provision(AwsDefinitions definitions, S3Client s3, SqsClient sqs) {
    return provision(definitions, s3, sqs, null);
  }

  /**
   * Provisions; with {@code notifications} non-null the bucket notification is configured there
   * (S3Proxy) instead of through the S3 API.
   */
  public static Created provision(
      AwsDefinitions d, S3Client s3, SqsClient sqs, S3Notifications notifications) {
    try {
      s3.createBucket(b -> b.bucket(d.bucket()));
    } catch (BucketAlreadyOwnedByYouException e) {
      // already there
    }
    String dlqUrl =
        sqs.createQueue(
                b ->
                    b.queueName(d.deadLetterQueueName())
                        .attributes(
                            Map.of(
                                QueueAttributeName.MESSAGE_RETENTION_PERIOD,
                                Integer.toString(d.messageRetentionSeconds()))))
            .queueUrl();
    String dlqArn = arn(sqs, dlqUrl);
    ObjectNode redrive = JSON.createObjectNode();
    redrive.put("deadLetterTargetArn", dlqArn);
    redrive.put("maxReceiveCount", d.maxReceiveCount());
    String queueUrl =
        sqs.createQueue(
                b ->
                    b.queueName(d.queueName())
                        .attributes(
                            Map.of(
                                QueueAttributeName.VISIBILITY_TIMEOUT,
                                Integer.toString(d.visibilityTimeoutSeconds()),
                                QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS,
                                Integer.toString(d.receiveWaitTimeSeconds()),
                                QueueAttributeName.MESSAGE_RETENTION_PERIOD,
                                Integer.toString(d.messageRetentionSeconds()),
                                QueueAttributeName.REDRIVE_POLICY,
                                redrive.toString())))
            .queueUrl();
    String queueArn = arn(sqs, queueUrl);
    sqs.setQueueAttributes(
        b ->
            b.queueUrl(queueUrl)
                .attributes(Map.of(QueueAttributeName.POLICY, queuePolicy(queueArn, d.bucket()))));
    if (notifications != null) {
      notifications.configure(
          d.bucket(),
          List.of(
              new S3Notifications.QueueTarget(
                  d.notificationId(),
                  queueArn,
                  d.notificationEvents(),
                  d.notificationPrefix(),
                  d.notificationSuffix())));
    } else {
      QueueConfiguration queue =
          QueueConfiguration.builder()
              .id(d.notificationId())
              .queueArn(queueArn)
              .events(d.notificationEvents().stream().map(Event::fromValue).toList())
              .filter(
                  f ->
                      f.key(
                          k ->
                              k.filterRules(
                                  FilterRule.builder()
                                      .name(FilterRuleName.PREFIX)
                                      .value(d.notificationPrefix())
                                      .build(),
                                  FilterRule.builder()
                                      .name(FilterRuleName.SUFFIX)
                                      .value(d.notificationSuffix())
                                      .build())))
              .build();
      s3.putBucketNotificationConfiguration(
          b -> b.bucket(d.bucket()).notificationConfiguration(c -> c.queueConfigurations(queue)));
    }
    return new Created(d.bucket(), queueUrl, queueArn, dlqUrl, dlqArn);
  }

  /** The policy of terraform/sqs.tf: only this bucket may send to the queue. */
  static String queuePolicy(String queueArn, String bucket) {
    ObjectNode policy = JSON.createObjectNode();
    policy.put("Version", "2012-10-17");
    ObjectNode statement = policy.putArray("Statement").addObject();
    statement.put("Sid", "AllowTestsBucketNotifications");
    statement.put("Effect", "Allow");
    statement.putObject("Principal").put("Service", "s3.amazonaws.com");
    statement.put("Action", "sqs:SendMessage");
    statement.put("Resource", queueArn);
    statement
        .putObject("Condition")
        .putObject("ArnEquals")
        .put("aws:SourceArn", "arn:aws:s3:::" + bucket);
    try {
      return JSON.writeValueAsString(policy);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String arn(SqsClient sqs, String queueUrl) {
    return sqs.getQueueAttributes(
            b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes()
        .get(QueueAttributeName.QUEUE_ARN);
  }
}
