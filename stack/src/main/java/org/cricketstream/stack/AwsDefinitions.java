package org.cricketstream.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the local stacks build, taken from {@code terraform/*.tf}: the bucket, the notification
 * queue with its dead-letter queue and redrive policy, the bucket notification, and the Lambda's
 * handler and settings. One source of truth: change the Terraform and the local stacks follow.
 *
 * @param notificationEvents S3 event patterns, e.g. {@code s3:ObjectCreated:*}
 * @param lambdaMemoryMb the Lambda's memory_size
 * @param lambdaMaxRetryAttempts how often Lambda retries a failed asynchronous (scheduled)
 *     invocation: maximum_retry_attempts of its event invoke config
 * @param lambdaEnvironment the Lambda's environment as Terraform sets it (references to other
 *     resources followed; values built from several parts may be partial, see {@link
 *     TerraformDefinitions})
 */
public record AwsDefinitions(
    String bucket,
    String queueName,
    String deadLetterQueueName,
    int maxReceiveCount,
    int visibilityTimeoutSeconds,
    int receiveWaitTimeSeconds,
    int messageRetentionSeconds,
    String notificationId,
    List<String> notificationEvents,
    String notificationPrefix,
    String notificationSuffix,
    String sourcePrefix,
    String stateKey,
    String handler,
    String runtime,
    int lambdaTimeoutSeconds,
    int lambdaMemoryMb,
    int lambdaMaxRetryAttempts,
    String scheduleExpression,
    Map<String, String> lambdaEnvironment) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public AwsDefinitions {
    notificationEvents = List.copyOf(notificationEvents);
    lambdaEnvironment = Map.copyOf(lambdaEnvironment);
  }

  /** Reads {@code terraform/} of the checkout that {@code folder} is. */
  public static AwsDefinitions of(Path terraformFolder) {
    return of(TerraformDefinitions.read(terraformFolder));
  }

  public static AwsDefinitions of(TerraformDefinitions tf) {
    Map<String, Object> queue = tf.resource("aws_sqs_queue", "events");
    Map<String, Object> notification = tf.resource("aws_s3_bucket_notification", "tests");
    Map<String, Object> target =
        TerraformDefinitions.map(TerraformDefinitions.list(notification.get("queue")).get(0));
    Map<String, Object> lambda = tf.resource("aws_lambda_function", "emitter");
    Map<String, Object> variables =
        TerraformDefinitions.map(
            TerraformDefinitions.map(lambda.get("environment")).get("variables"));
    Map<String, String> environment = new java.util.TreeMap<>();
    variables.forEach((k, v) -> environment.put(k, tf.text(v)));
    List<String> events = new ArrayList<>();
    TerraformDefinitions.list(target.get("events")).forEach(e -> events.add(tf.text(e)));
    JsonNode redrive = json(tf.text("aws_sqs_queue", "events", "redrive_policy"));
    return new AwsDefinitions(
        tf.text("aws_s3_bucket", "tests", "bucket"),
        tf.text("aws_sqs_queue", "events", "name"),
        tf.text("aws_sqs_queue", "events_dlq", "name"),
        redrive.path("maxReceiveCount").asInt(),
        integer(tf.text(queue.get("visibility_timeout_seconds"))),
        integer(tf.text(queue.get("receive_wait_time_seconds"))),
        integer(tf.text(queue.get("message_retention_seconds"))),
        tf.text(target.get("id")),
        events,
        tf.text(target.get("filter_prefix")),
        tf.text(target.get("filter_suffix")),
        tf.variable("source_prefix"),
        tf.text(variables.get("EMITTER_STATE_KEY")),
        tf.text(lambda.get("handler")),
        tf.text(lambda.get("runtime")),
        integer(tf.text(lambda.get("timeout"))),
        integer(tf.text(lambda.get("memory_size"))),
        integer(
            tf.text(
                "aws_lambda_function_event_invoke_config", "emitter", "maximum_retry_attempts")),
        tf.text("aws_cloudwatch_event_rule", "emitter", "schedule_expression"),
        environment);
  }

  /** The handler's class name ({@code handler} without {@code ::method}). */
  public String handlerClass() {
    int colons = handler.indexOf("::");
    return colons < 0 ? handler : handler.substring(0, colons);
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + text, e);
    }
  }

  private static int integer(String text) {
    return (int) Double.parseDouble(text);
  }
}
