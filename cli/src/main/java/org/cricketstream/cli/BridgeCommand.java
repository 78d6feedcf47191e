package org.cricketstream.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cricketstream.bridge.BridgeMain;
import org.cricketstream.bridge.BridgeSettings;
import org.cricketstream.config.Shared;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./cricket bridge}: S3 event notifications from SQS into the raw Test topic. */
@Command(
    name = "bridge",
    header = "Runs the S3-to-Kafka bridge that SQS feeds.",
    footerHeading = "%nExamples:%n",
    footer = {"  CRICKET_BRIDGE_QUEUE_URL=\"$(terraform output -raw queue_url)\" ./cricket bridge"},
    mixinStandardHelpOptions = true,
    description = {
      "Consumes S3 event notifications from SQS (long polling), fetches each created object and",
      "publishes it to raw.s3.tests with an idempotent producer; deletes a message only after",
      "Kafka acknowledged. Run several to share one queue. Stops cleanly on Ctrl-C.",
      "Settings from the environment: CRICKET_BRIDGE_QUEUE_URL, KAFKA_BOOTSTRAP_SERVERS,",
      "CRICKET_KAFKA_PROPERTIES (a file of Kafka client properties: security.protocol, sasl.*),",
      "AWS_REGION, AWS_ENDPOINT_URL (or _SQS / _S3), CRICKET_BRIDGE_WAIT, CRICKET_BRIDGE_VISIBILITY,",
      "CRICKET_BRIDGE_MAX_OBJECT_BYTES, CRICKET_BRIDGE_THREADS; AWS credentials as usual."
    })
final class BridgeCommand implements Callable<Integer> {
  @Option(names = "--queue-url", description = "the queue (default $CRICKET_BRIDGE_QUEUE_URL)")
  String queueUrl;

  @Option(
      names = "--bootstrap-servers",
      description = "Kafka (default $KAFKA_BOOTSTRAP_SERVERS or 127.0.0.1:9092)")
  String bootstrapServers;

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
    System.err.printf(
        "bridge from %s to %s; Ctrl-C stops it%n",
        settings.queueUrl(), settings.bootstrapServers());
    BridgeMain.run(settings, messages -> {});
    return 0;
  }
}
