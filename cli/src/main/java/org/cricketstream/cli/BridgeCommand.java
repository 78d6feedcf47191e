package org.cricketstream.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cricketstream.bridge.BridgeMain;
import org.cricketstream.bridge.BridgeSettings;
import org.cricketstream.bridge.Redrive;
import org.cricketstream.config.Shared;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code ./cricket bridge}: S3 event notifications from SQS into the raw Test topic. */
@Command(
    name = "bridge",
    header = "Runs the S3-to-Kafka bridge that SQS feeds.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  CRICKET_BRIDGE_QUEUE_URL=\"$(terraform output -raw queue_url)\" ./cricket bridge",
      "  ./cricket bridge --redrive"
    },
    mixinStandardHelpOptions = true,
    description = {
      "Consumes S3 event notifications from SQS (long polling), fetches each created object and",
      "publishes it to raw.s3.tests with an idempotent producer; deletes a message only after",
      "Kafka acknowledged, extending the visibility of the messages it holds while Kafka is",
      "slow. Run several to share one queue. Stops cleanly on Ctrl-C.",
      "On start it moves the dead-letter queue's messages back to the queue",
      "(CRICKET_BRIDGE_REDRIVE), and on start and every CRICKET_BRIDGE_RECONCILE it publishes",
      "the objects of CRICKET_BRIDGE_BUCKET missing from raw.s3.tests (by key and ETag, as",
      "the index topic raw.s3.tests.published records them), so no Test match depends on its",
      "notification surviving. --redrive only redrives, prints the counts and exits.",
      "Settings: see Environment below; CRICKET_KAFKA_PROPERTIES is a file of Kafka client",
      "properties (security.protocol, sasl.*); AWS credentials as usual."
    })
final class BridgeCommand implements Callable<Integer> {
  @Option(names = "--queue-url", description = "the queue (default $CRICKET_BRIDGE_QUEUE_URL)")
  String queueUrl;

  @Option(
      names = "--bootstrap-servers",
      description = "Kafka (default $KAFKA_BOOTSTRAP_SERVERS or 127.0.0.1:9092)")
  String bootstrapServers;

  @Option(
      names = "--redrive",
      description =
          "move every message of the queue's dead-letter queue back to the queue, print the"
              + " counts and exit (1 if some could not be moved)")
  boolean redrive;

  @Override
  public Integer call() throws InterruptedException {
    Map<String, String> env = new HashMap<>(System.getenv());
    if (queueUrl != null) {
      env.put("CRICKET_BRIDGE_QUEUE_URL", queueUrl);
    }
    if (bootstrapServers != null) {
      env.put(Shared.KAFKA_BOOTSTRAP_SERVERS.name(), bootstrapServers);
    }
    BridgeSettings settings = BridgeSettings.fromEnvironment(env);
    if (redrive) {
      try (SqsClient sqs = BridgeMain.sqs(settings)) {
        Redrive.Result result = Redrive.redrive(sqs, settings.queueUrl());
        System.out.println(result);
        return result.failed() == 0 ? 0 : 1;
      }
    }
    System.err.printf(
        "bridge from %s to %s; Ctrl-C stops it%n",
        settings.queueUrl(), settings.bootstrapServers());
    BridgeMain.run(settings, messages -> {});
    return 0;
  }
}
