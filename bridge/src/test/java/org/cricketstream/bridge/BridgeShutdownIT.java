package org.cricketstream.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.cricketstream.stack.LocalKafka;
import org.cricketstream.stack.LocalSqs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Closing a bridge whose loop waits in a long poll with nothing in hand: it does not wait for the
 * poll (20 s here), and a message that poll still receives goes back to the queue at once rather
 * than after its visibility timeout (a minute here).
 */
class BridgeShutdownIT {
  @TempDir Path dir;

  @Test
  @Timeout(120)
  void closingDuringALongPollReturnsAtOnceAndGivesBackWhatThePollStillReceives() throws Exception {
    try (LocalSqs sqsServer = LocalSqs.start();
        SqsClient sqs = sqsServer.client();
        LocalKafka kafka = LocalKafka.start(dir.resolve("kafka"))) {
      String queue = sqs.createQueue(b -> b.queueName("shutdown")).queueUrl();
      Map<String, String> env =
          Map.of(
              "CRICKET_BRIDGE_QUEUE_URL",
              queue,
              "KAFKA_BOOTSTRAP_SERVERS",
              kafka.bootstrapServers(),
              "AWS_ENDPOINT_URL_SQS",
              sqsServer.endpoint().toString(),
              "CRICKET_BRIDGE_THREADS",
              "1",
              "CRICKET_BRIDGE_WAIT",
              "PT20S",
              "CRICKET_BRIDGE_VISIBILITY",
              "PT60S");
      Bridge bridge = PipelineScenario.inProcessBridge(env);
      Thread.sleep(1_000); // its loop is in the long poll now

      long start = System.nanoTime();
      bridge.close();
      Duration closing = Duration.ofNanos(System.nanoTime() - start);
      assertThat(closing).as("close() waited for the long poll").isLessThan(Duration.ofSeconds(10));

      // the closed bridge's pending long poll takes it (it waits on the queue), then gives it back
      sqs.sendMessage(b -> b.queueUrl(queue).messageBody("{\"Records\":[]}"));
      Thread.sleep(1_000);
      List<Message> received =
          sqs.receiveMessage(
                  b ->
                      b.queueUrl(queue)
                          .waitTimeSeconds(10)
                          .messageSystemAttributeNames(
                              MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
              .messages();
      assertThat(received).as("the message, back well before its visibility timeout").hasSize(1);
      assertThat(
              received
                  .get(0)
                  .attributes()
                  .get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
          .as("received by the closed bridge's poll first, then here")
          .isEqualTo("2");
      assertThat(bridge.published()).as("published by the closed bridge").isZero();
    }
  }
}
