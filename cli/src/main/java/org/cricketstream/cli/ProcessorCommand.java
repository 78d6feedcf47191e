package org.cricketstream.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.cricketstream.processor.ProcessorApp;
import org.cricketstream.processor.ProcessorSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./cricket processor}: runs the stream processor against a Kafka cluster. */
@Command(
    name = "processor",
    header = "Runs the stream processor: raw topics to clean ones.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  ./cricket processor",
      "  CRICKET_PROCESSOR_THREADS=2 ./cricket processor --bootstrap-servers kafka:9092"
    },
    mixinStandardHelpOptions = true,
    description = {
      "Runs the stream processor: raw topics in, clean topics (matches, players, innings,",
      "deliveries) and dead letters out, exactly once. Creates the declared topics if missing.",
      "Start more instances with the same --id to share the work. Stops cleanly on Ctrl-C.",
      "Defaults come from the environment: KAFKA_BOOTSTRAP_SERVERS, CRICKET_KAFKA_PROPERTIES",
      "(a file of Kafka client properties: security.protocol, sasl.*, ssl.*),",
      "CRICKET_PROCESSOR_ID, CRICKET_PROCESSOR_STATE, CRICKET_DEDUP_HORIZON,",
      "CRICKET_PROCESSOR_THREADS."
    })
final class ProcessorCommand implements Callable<Integer> {
  @Option(
      names = "--bootstrap-servers",
      description = "Kafka to use (default $KAFKA_BOOTSTRAP_SERVERS or 127.0.0.1:9092)")
  String bootstrapServers;

  @Option(
      names = "--id",
      description = "application id shared by instances (default cricket-processor)")
  String applicationId;

  @Option(names = "--state", description = "local state directory (default state/processor)")
  Path stateDir;

  @Override
  public Integer call() throws InterruptedException {
    ProcessorSettings settings = ProcessorSettings.fromEnvironment();
    if (bootstrapServers != null) {
      settings = settings.withBootstrapServers(bootstrapServers);
    }
    if (applicationId != null) {
      settings = settings.withApplicationId(applicationId);
    }
    if (stateDir != null) {
      settings = settings.withStateDir(stateDir);
    }
    System.err.printf(
        "processor %s running against %s; Ctrl-C stops it%n",
        settings.applicationId(), settings.bootstrapServers());
    return ProcessorApp.runUntilStopped(settings);
  }
}
