package org.cricketstream.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * ElasticMQ with its message storage on: queues, their redrive policy and every message not yet
 * deleted (also one received and not deleted, with its receive count) come back after a restart on
 * the same folder. The kill -9 case is in the cli module's LocalAwsDurabilityIT.
 */
class LocalSqsPersistenceIT {
  @TempDir Path dir;

  @Test
  void aDamagedFolderIsRefusedNamingItAndTheNextStartWorks() throws Exception {
    Path bad = dir.resolve("bad");
    java.nio.file.Files.createDirectories(bad);
    java.nio.file.Files.writeString(
        bad.resolve(LocalSqs.DATABASE + ".mv.db"), "not an H2 file at all, ".repeat(500));
    assertThatThrownBy(() -> LocalSqs.start(0, bad))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(bad.toString());
    try (LocalSqs good = LocalSqs.start(0, dir.resolve("good"));
        SqsClient sqs = good.client()) {
      assertThat(sqs.listQueues().queueUrls()).isEmpty();
    }
  }

  @Test
  void messagesNotYetDeletedSurviveARestart() throws Exception {
    Path data = dir.resolve("sqs");
    int port;
    String queueUrl;
    try (LocalSqs server = LocalSqs.start(0, data);
        SqsClient sqs = server.client()) {
      port = server.port();
      String dlq = sqs.createQueue(b -> b.queueName("kept-dlq")).queueUrl();
      String dlqArn =
          sqs.getQueueAttributes(b -> b.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN))
              .attributes()
              .get(QueueAttributeName.QUEUE_ARN);
      queueUrl =
          sqs.createQueue(
                  b ->
                      b.queueName("kept")
                          .attributes(
                              Map.of(
                                  QueueAttributeName.VISIBILITY_TIMEOUT,
                                  "2",
                                  QueueAttributeName.REDRIVE_POLICY,
                                  "{\"deadLetterTargetArn\":\""
                                      + dlqArn
                                      + "\",\"maxReceiveCount\":2}")))
              .queueUrl();
      String url = queueUrl;
      for (int i = 0; i < 5; i++) {
        String body = "m" + i;
        sqs.sendMessage(b -> b.queueUrl(url).messageBody(body));
      }
      // one deleted, one received and left in flight
      List<Message> got =
          sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(2).waitTimeSeconds(1))
              .messages();
      assertThat(got).hasSize(2);
      sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(got.get(0).receiptHandle()));
      assertThatThrownBy(() -> LocalSqs.start(0, dir.resolve("other")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already runs");
    }
    assertThat(data.resolve(LocalSqs.DATABASE + ".mv.db")).isRegularFile();

    try (LocalSqs again = LocalSqs.start(port, data);
        SqsClient sqs = again.client()) {
      assertThat(sqs.listQueues().queueUrls()).contains(queueUrl);
      assertThat(
              sqs.getQueueAttributes(
                      b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.REDRIVE_POLICY))
                  .attributes()
                  .get(QueueAttributeName.REDRIVE_POLICY))
          .contains("kept-dlq");
      List<Message> all = new ArrayList<>();
      long deadline = System.nanoTime() + 15_000_000_000L;
      while (all.size() < 4 && System.nanoTime() < deadline) {
        all.addAll(
            sqs.receiveMessage(
                    b ->
                        b.queueUrl(queueUrl)
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(1)
                            .visibilityTimeout(30)
                            .messageSystemAttributeNames(
                                MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                .messages());
      }
      assertThat(all).extracting(Message::body).containsExactlyInAnyOrder("m1", "m2", "m3", "m4");
      // the one in flight before the restart was received once already
      assertThat(all)
          .filteredOn(
              m ->
                  "2"
                      .equals(
                          m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)))
          .hasSize(1);
    }
  }
}
