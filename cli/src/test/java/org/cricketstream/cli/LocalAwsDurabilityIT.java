package org.cricketstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cricketstream.cli.up.Components;
import org.cricketstream.stack.AwsClients;
import org.cricketstream.stack.AwsDefinitions;
import org.cricketstream.stack.LocalKafka;
import org.cricketstream.stack.TerraformDefinitions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * {@code ./cricket local-aws} killed with SIGKILL (as the supervisor's kill -9 of the aws
 * component) and started again on the same folders: every notification not yet deleted is back on
 * the queue, also one that was received and not deleted, and the objects are still in S3.
 */
class LocalAwsDurabilityIT {
  @TempDir Path dir;

  @Test
  @Timeout(300)
  void notificationsNotYetDeletedSurviveAKill9() throws Exception {
    AwsDefinitions definitions = AwsDefinitions.of(TerraformDefinitions.projectFolder());
    AwsClients.Keys keys = AwsClients.Keys.generate();
    List<Integer> ports = LocalKafka.freePorts(2);
    int s3Port = ports.get(0);
    int sqsPort = ports.get(1);
    URI s3Endpoint = URI.create("http://" + LocalKafka.HOST + ":" + s3Port);
    URI sqsEndpoint = URI.create("http://" + LocalKafka.HOST + ":" + sqsPort);
    List<String> keysPut = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      keysPut.add(
          definitions.notificationPrefix() + "kept-" + i + definitions.notificationSuffix());
    }

    Process first = start(keys, s3Port, sqsPort, dir.resolve("first.log"));
    String queueUrl;
    try (S3Client s3 = AwsClients.s3(s3Endpoint, keys);
        SqsClient sqs = AwsClients.sqs(sqsEndpoint)) {
      queueUrl = sqs.getQueueUrl(b -> b.queueName(definitions.queueName())).queueUrl();
      for (String key : keysPut) {
        s3.putObject(b -> b.bucket(definitions.bucket()).key(key), RequestBody.fromString(key));
      }
      // one received and not deleted: in flight when the process dies
      List<Message> inFlight =
          sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(1).visibilityTimeout(2))
              .messages();
      assertThat(inFlight).hasSize(1);
    } finally {
      first.destroyForcibly(); // SIGKILL: no shutdown hook, no clean close of the H2 file
      assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(first.exitValue()).isEqualTo(137);

    Process second = start(keys, s3Port, sqsPort, dir.resolve("second.log"));
    try (S3Client s3 = AwsClients.s3(s3Endpoint, keys);
        SqsClient sqs = AwsClients.sqs(sqsEndpoint)) {
      List<String> bodies = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (keysPut.stream().anyMatch(k -> bodies.stream().noneMatch(b -> b.contains(k)))
          && System.nanoTime() < deadline) {
        for (Message m :
            sqs.receiveMessage(
                    b ->
                        b.queueUrl(queueUrl)
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(1)
                            .visibilityTimeout(60))
                .messages()) {
          bodies.add(m.body());
        }
      }
      for (String key : keysPut) {
        assertThat(bodies).as("notifications after the restart").anyMatch(b -> b.contains(key));
        assertThat(
                s3.getObjectAsBytes(b -> b.bucket(definitions.bucket()).key(key))
                    .asString(StandardCharsets.UTF_8))
            .isEqualTo(key);
      }

      // ./cricket bridge --redrive: the dead-letter queue back to the queue, counted
      String deadLetters =
          sqs.getQueueUrl(b -> b.queueName(definitions.deadLetterQueueName())).queueUrl();
      sqs.sendMessage(b -> b.queueUrl(deadLetters).messageBody("parked one"));
      sqs.sendMessage(b -> b.queueUrl(deadLetters).messageBody("parked two"));
      ProcessBuilder redrive =
          new ProcessBuilder(CricketProcess.command("bridge", "--redrive", "--queue-url", queueUrl))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("redrive.log").toFile());
      redrive.environment().putAll(keys.environment());
      redrive.environment().put("AWS_ENDPOINT_URL_SQS", sqsEndpoint.toString());
      redrive.environment().put("AWS_REGION", AwsClients.REGION);
      Process redriving = redrive.start();
      assertThat(redriving.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(redriving.exitValue())
          .as(CricketProcess.read(dir.resolve("redrive.log")))
          .isZero();
      assertThat(CricketProcess.read(dir.resolve("redrive.log")))
          .contains("moved 2 message(s) from " + deadLetters + " back to " + queueUrl);
      List<String> back = new ArrayList<>();
      for (Message m :
          sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(2))
              .messages()) {
        back.add(m.body());
      }
      assertThat(back).contains("parked one", "parked two");
    } finally {
      second.destroy();
      second.waitFor(60, TimeUnit.SECONDS);
    }
    assertThat(Files.readString(dir.resolve("second.log")))
        .contains("SQS queues and messages kept in " + dir.resolve("sqs"));
  }

  private Process start(AwsClients.Keys keys, int s3Port, int sqsPort, Path log)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(
            CricketProcess.command(
                "local-aws",
                "--data",
                dir.resolve("s3").toString(),
                "--s3-port",
                "" + s3Port,
                "--sqs-port",
                "" + sqsPort));
    builder.environment().putAll(keys.environment());
    return CricketProcess.startUntil(builder, log, Components.AWS_READY, Duration.ofSeconds(90));
  }
}
