package org.cricketstream.bridge;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.cricketstream.cricsheet.read.CricsheetData;
import org.cricketstream.lambda.LocalLambdaRunner;
import org.cricketstream.stack.AwsClients;
import org.cricketstream.stack.AwsResources;
import org.cricketstream.stack.LocalStack;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The Test-match path against real LocalStack (host mode, no Docker): the bucket notification is
 * set through the S3 API and LocalStack itself sends the events to SQS. The Lambda runs in the
 * local runner as its own process, created as Lambda creates it (no-argument constructor, its
 * settings in its environment). Skipped, saying why, where LocalStack is not installed ({@code
 * localstack/localstack.sh install}).
 */
class LocalStackPipelineIT {
  @TempDir Path dir;

  @Test
  @Timeout(300)
  void everyFileReachesKafkaOnceCleanDespiteABridgeKilledBetweenAckAndDelete() throws Exception {
    Path checkout = CricsheetData.checkout().orElseThrow();
    Optional<String> unavailable = LocalStack.unavailable(checkout);
    Assumptions.assumeTrue(
        unavailable.isEmpty(),
        () ->
            "LocalStack cannot run here: "
                + unavailable.orElse("")
                + "; run localstack/localstack.sh install");
    try (LocalStack localStack = LocalStack.start(checkout, dir.resolve("localstack"));
        S3Client s3 = AwsClients.s3(localStack.endpoint());
        SqsClient sqs = AwsClients.sqs(localStack.endpoint())) {
      PipelineScenario scenario =
          new PipelineScenario(
              dir, localStack.endpoint(), localStack.endpoint(), AwsClients.Keys.TEST);
      AwsResources.Created created = AwsResources.provision(scenario.definitions, s3, sqs);
      scenario.run(
          created,
          env -> {
            ProcessBuilder builder =
                PipelineScenario.javaProcess(
                    LocalLambdaRunner.class.getName(),
                    "--handler",
                    scenario.definitions.handler(),
                    "--schedule",
                    PipelineScenario.SCHEDULE,
                    "--timeout",
                    "PT10S");
            builder.environment().putAll(env);
            builder
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("lambda-runner.log").toFile());
            Process runner = builder.start();
            return () -> {
              runner.destroy();
              try {
                if (!runner.waitFor(20, TimeUnit.SECONDS)) {
                  runner.destroyForcibly();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            };
          });
    }
  }
}
