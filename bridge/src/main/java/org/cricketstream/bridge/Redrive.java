package org.cricketstream.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Moves every message of a queue's dead-letter queue back to the queue, so notifications parked
 * there (after a Kafka outage longer than the receives the redrive policy allows) are published
 * after all. The dead-letter queue is the one the queue's own redrive policy names. A message is
 * sent to the queue first and deleted from the dead-letter queue only once it was sent, so a
 * redrive that stops half way leaves each message on one queue or both, never on neither.
 *
 * <p>It works message by message through the ordinary SQS API (receive, send, delete) rather than
 * SQS's {@code StartMessageMoveTask}: that one runs in the background (its end must be polled with
 * {@code ListMessageMoveTasks}), while this returns when it is done with exact counts, and it
 * behaves the same on AWS, LocalStack and ElasticMQ. A message that cannot be used again (a body
 * that is no S3 event) goes back too and returns to the dead-letter queue after maxReceiveCount
 * receives, as before.
 */
public final class Redrive {
  private static final Logger LOG = LoggerFactory.getLogger(Redrive.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How long a message taken from the dead-letter queue stays hidden while it is moved. */
  private static final int MOVE_VISIBILITY_SECONDS = 60;

  /**
   * What a redrive did.
   *
   * @param queueUrl the queue the messages went back to
   * @param deadLetterQueueUrl the queue they came from
   * @param moved messages sent to the queue and deleted from the dead-letter queue
   * @param failed messages that could not be sent, or sent but not deleted (then they are on both)
   */
  public record Result(String queueUrl, String deadLetterQueueUrl, int moved, int failed) {
    @Override
    public String toString() {
      return "moved "
          + moved
          + " message(s) from "
          + deadLetterQueueUrl
          + " back to "
          + queueUrl
          + (failed > 0 ? ", " + failed + " failed" : "");
    }
  }

  private Redrive() {}

  /**
   * Moves every message of {@code queueUrl}'s dead-letter queue back to it and returns the counts.
   * Throws, naming the queue, if the queue has no redrive policy or its dead-letter queue cannot be
   * found.
   */
  public static Result redrive(SqsClient sqs, String queueUrl) {
    String deadLetterQueueUrl = deadLetterQueueUrl(sqs, queueUrl);
    // what is there now: a message that fails again and comes back meanwhile waits for the next
    long limit = Math.max(10, waiting(sqs, deadLetterQueueUrl));
    int moved = 0;
    int failed = 0;
    while (moved + failed < limit) {
      List<Message> messages =
          sqs.receiveMessage(
                  b ->
                      b.queueUrl(deadLetterQueueUrl)
                          .maxNumberOfMessages(10)
                          .waitTimeSeconds(1)
                          .visibilityTimeout(MOVE_VISIBILITY_SECONDS)
                          .messageAttributeNames("All"))
              .messages();
      if (messages.isEmpty()) {
        break;
      }
      List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
      for (int i = 0; i < messages.size(); i++) {
        Message m = messages.get(i);
        entries.add(
            SendMessageBatchRequestEntry.builder()
                .id(Integer.toString(i))
                .messageBody(m.body())
                .messageAttributes(m.messageAttributes())
                .build());
      }
      SendMessageBatchResponse sent =
          sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
      sent.failed()
          .forEach(
              f ->
                  LOG.warn(
                      "redrive: message {} could not be sent back to {} ({}); it stays on {}",
                      messages.get(Integer.parseInt(f.id())).messageId(),
                      queueUrl,
                      f.message(),
                      deadLetterQueueUrl));
      failed += sent.failed().size();
      List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
      sent.successful()
          .forEach(
              s ->
                  deletes.add(
                      DeleteMessageBatchRequestEntry.builder()
                          .id(s.id())
                          .receiptHandle(messages.get(Integer.parseInt(s.id())).receiptHandle())
                          .build()));
      if (deletes.isEmpty()) {
        // nothing could be sent: stop, rather than receive the same messages once they reappear
        break;
      }
      var deleted = sqs.deleteMessageBatch(b -> b.queueUrl(deadLetterQueueUrl).entries(deletes));
      deleted
          .failed()
          .forEach(
              f ->
                  LOG.warn(
                      "redrive: message {} was sent back to {} but not deleted from {} ({})",
                      messages.get(Integer.parseInt(f.id())).messageId(),
                      queueUrl,
                      deadLetterQueueUrl,
                      f.message()));
      moved += deleted.successful().size();
      failed += deleted.failed().size();
    }
    Result result = new Result(queueUrl, deadLetterQueueUrl, moved, failed);
    if (moved > 0 || failed > 0) {
      LOG.info("redrive: {}", result);
    }
    return result;
  }

  /** Messages on a queue, visible or not. */
  static long waiting(SqsClient sqs, String queueUrl) {
    long n = 0;
    for (String count :
        sqs.getQueueAttributes(
                b ->
                    b.queueUrl(queueUrl)
                        .attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
            .attributes()
            .values()) {
      n += Long.parseLong(count);
    }
    return n;
  }

  /** The URL of the dead-letter queue named by {@code queueUrl}'s redrive policy. */
  static String deadLetterQueueUrl(SqsClient sqs, String queueUrl) {
    Map<QueueAttributeName, String> attributes =
        sqs.getQueueAttributes(
                b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.REDRIVE_POLICY))
            .attributes();
    String policy = attributes.get(QueueAttributeName.REDRIVE_POLICY);
    if (policy == null || policy.isBlank()) {
      throw new IllegalStateException(
          "queue " + queueUrl + " has no redrive policy, so no dead-letter queue to redrive");
    }
    String arn;
    try {
      JsonNode node = JSON.readTree(policy);
      arn = node.path("deadLetterTargetArn").asText("");
    } catch (IOException e) {
      throw new IllegalStateException(
          "queue " + queueUrl + " has a redrive policy that is no JSON: " + policy, e);
    }
    String[] parts = arn.split(":", -1);
    if (parts.length != 6 || !parts[0].equals("arn") || !parts[2].equals("sqs")) {
      throw new IllegalStateException(
          "queue " + queueUrl + " names no SQS queue as its dead-letter target: " + policy);
    }
    return sqs.getQueueUrl(b -> b.queueName(parts[5]).queueOwnerAWSAccountId(parts[4])).queueUrl();
  }
}
