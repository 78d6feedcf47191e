package org.cricketstream.bridge;

import java.nio.file.Path;
import java.time.Duration;
import org.cricketstream.lambda.EmitterSettings;
import org.cricketstream.lambda.LocalLambdaRunner;
import org.cricketstream.lambda.ScheduleExpression;
import org.cricketstream.lambda.YamlEmitterHandler;
import org.cricketstream.stack.AwsClients;
import org.cricketstream.stack.AwsResources;
import org.cricketstream.stack.LocalS3;
import org.cricketstream.stack.LocalSqs;
import org.cricketstream.stack.S3Notifications;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The Test-match path on the embedded default: S3Proxy and ElasticMQ in this JVM, no Python. */
class EmbeddedPipelineIT {
  @TempDir Path dir;

  @Test
  @Timeout(300)
  void everyFileReachesKafkaOnceCleanDespiteABridgeKilledBetweenAckAndDelete() throws Exception {
    try (LocalSqs sqsServer = LocalSqs.start();
        SqsClient sqs = sqsServer.client()) {
      S3Notifications notifications = new S3Notifications(sqs);
      try (LocalS3 s3Server = LocalS3.start(dir.resolve("s3"), 0, notifications);
          S3Client s3 = s3Server.client()) {
        PipelineScenario scenario =
            new PipelineScenario(dir, s3Server.endpoint(), sqsServer.endpoint(), s3Server.keys());
        AwsResources.Created created =
            AwsResources.provision(scenario.definitions, s3, sqs, notifications);
        scenario.run(
            created,
            env -> {
              EmitterSettings settings = EmitterSettings.fromEnvironment(env);
              S3Client lambdaS3 = s3Server.client();
              LocalLambdaRunner runner =
                  new LocalLambdaRunner(
                          new YamlEmitterHandler(settings, lambdaS3),
                          new LocalLambdaRunner.Function(
                              "cricket-stream-yaml-emitter",
                              ScheduleExpression.parse(PipelineScenario.SCHEDULE),
                              Duration.ofSeconds(10),
                              512,
                              AwsClients.REGION,
                              AwsClients.ACCOUNT),
                          System.out)
                      .start(0);
              return () -> {
                runner.close();
                lambdaS3.close();
              };
            });
      }
    }
  }
}
