package org.cricketstream.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The embedded AWS side: S3Proxy and ElasticMQ on loopback, resources made from terraform/, an S3
 * event for every stored object, redrive to the dead-letter queue, objects kept across a restart.
 */
class LocalS3AndSqsIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void onlyRequestsSignedWithItsKeysAreServed() throws Exception {
    try (LocalS3 s3Server = LocalS3.start(dir.resolve("s3"));
        S3Client s3 = s3Server.client()) {
      s3.createBucket(b -> b.bucket("kept"));
      s3.putObject(b -> b.bucket("kept").key("k"), RequestBody.fromString("secret data"));
      HttpResponse<String> unsigned =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(s3Server.endpoint().resolve("/kept/k")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(unsigned.statusCode()).isEqualTo(403);
      assertThat(unsigned.body()).contains("AccessDenied").doesNotContain("secret data");
      AwsClients.Keys wrong =
          new AwsClients.Keys(
              s3Server.keys().accessKeyId(), AwsClients.Keys.generate().secretAccessKey());
      try (S3Client forged = AwsClients.s3(s3Server.endpoint(), wrong)) {
        assertThatThrownBy(() -> forged.getObjectAsBytes(b -> b.bucket("kept").key("k")))
            .isInstanceOf(S3Exception.class)
            .hasMessageContaining("Status Code: 403");
      }
      assertThat(s3.getObjectAsBytes(b -> b.bucket("kept").key("k")).asUtf8String())
          .isEqualTo("secret data");
      assertThat(s3Server.keys().toString()).doesNotContain(s3Server.keys().secretAccessKey());
    }
  }

  @Test
  void storedObjectsNotifyTheQueueAsS3DoesAndSurviveARestart() throws Exception {
    AwsDefinitions definitions = AwsDefinitions.of(terraform());
    String key =
        definitions.notificationPrefix() + "a match+one" + definitions.notificationSuffix();
    int s3Port;
    try (LocalSqs sqsServer = LocalSqs.start();
        SqsClient sqs = sqsServer.client()) {
      S3Notifications notifications = new S3Notifications(sqs);
      try (LocalS3 s3Server = LocalS3.start(dir.resolve("s3"), 0, notifications);
          S3Client s3 = s3Server.client()) {
        s3Port = s3Server.port();
        assertThat(KafkaTestClients.listeningAddresses(s3Port))
            .allMatch(KafkaTestClients::isLoopbackHex);
        assertThat(KafkaTestClients.listeningAddresses(sqsServer.port()))
            .allMatch(KafkaTestClients::isLoopbackHex);
        AwsResources.Created created = AwsResources.provision(definitions, s3, sqs, notifications);
        s3.putObject(b -> b.bucket(created.bucket()).key(key), RequestBody.fromString("hello"));
        s3.putObject(
            b -> b.bucket(created.bucket()).key("elsewhere/x.yaml"), RequestBody.fromString("no"));

        List<JsonNode> bodies = new ArrayList<>();
        for (Message m : receive(sqs, created.queueUrl(), 2)) {
          bodies.add(JSON.readTree(m.body()));
          sqs.deleteMessage(b -> b.queueUrl(created.queueUrl()).receiptHandle(m.receiptHandle()));
        }
        assertThat(bodies.get(0).path("Event").asText()).isEqualTo("s3:TestEvent");
        assertThat(bodies.get(0).path("Bucket").asText()).isEqualTo(definitions.bucket());
        JsonNode record = bodies.get(1).path("Records").get(0);
        assertThat(record.path("eventName").asText()).isEqualTo("ObjectCreated:Put");
        assertThat(record.path("eventSource").asText()).isEqualTo("aws:s3");
        assertThat(record.at("/s3/bucket/name").asText()).isEqualTo(definitions.bucket());
        assertThat(record.at("/s3/object/key").asText()).isEqualTo("tests/a+match%2Bone.yaml");
        assertThat(record.at("/s3/object/size").asLong()).isEqualTo(5);
        assertThat(record.at("/s3/object/eTag").asText())
            .isEqualTo("5d41402abc4b2a76b9719d911017c592");
        assertThat(record.at("/s3/object/sequencer").asText()).matches("[0-9A-F]{18}");
        assertThat(receive(sqs, created.queueUrl(), 0)).isEmpty(); // elsewhere/ is filtered out

        // a message never deleted moves to the dead-letter queue after maxReceiveCount receives
        sqs.sendMessage(b -> b.queueUrl(created.queueUrl()).messageBody("poison"));
        for (int i = 0; i < definitions.maxReceiveCount(); i++) {
          List<Message> got =
              sqs.receiveMessage(
                      b ->
                          b.queueUrl(created.queueUrl())
                              .visibilityTimeout(1)
                              .waitTimeSeconds(5)
                              .messageSystemAttributeNames(
                                  MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                  .messages();
          assertThat(got).hasSize(1);
          Thread.sleep(1100);
        }
        assertThat(receive(sqs, created.queueUrl(), 0)).isEmpty();
        assertThat(receive(sqs, created.deadLetterQueueUrl(), 1))
            .extracting(Message::body)
            .containsExactly("poison");
      }
      try (LocalS3 again = LocalS3.start(dir.resolve("s3"), s3Port, null);
          S3Client s3 = again.client()) {
        assertThat(
                s3.getObjectAsBytes(b -> b.bucket(definitions.bucket()).key(key))
                    .asString(StandardCharsets.UTF_8))
            .isEqualTo("hello");
      }
    }
  }

  private static List<Message> receive(SqsClient sqs, String url, int atLeast) {
    List<Message> all = new ArrayList<>();
    long deadline = System.nanoTime() + 15_000_000_000L;
    do {
      all.addAll(
          sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
              .messages());
    } while (all.size() < Math.max(atLeast, 1) && System.nanoTime() < deadline && atLeast > 0);
    return all;
  }

  static Path terraform() {
    return TerraformDefinitions.projectFolder();
  }
}
