package org.cricketstream.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.cricketstream.config.KafkaClientProperties;
import org.cricketstream.config.Shared;
import org.cricketstream.sources.SourcesSettings;
import org.cricketstream.sources.connect.ConnectWorker;
import org.cricketstream.sources.connect.Connectors;
import org.cricketstream.topics.SchemaRegistry;
import org.cricketstream.topics.Topic;
import org.cricketstream.topics.TopicAdmin;
import org.cricketstream.topics.TopicRetention;
import org.cricketstream.topics.Topics;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./cricket connect}: a Kafka Connect worker running the two source connectors. */
@Command(
    name = "connect",
    header = "Runs a Kafka Connect worker with both connectors.",
    footerHeading = "%nExamples:%n",
    footer = {"  ./cricket connect --rest-port 8083"},
    mixinStandardHelpOptions = true,
    description = {
      "Runs a Kafka Connect worker in distributed mode (configs, offsets and status in Kafka;",
      "start more with the same --group to share the work) and applies the connector",
      "configurations kept in this repository: MongoDB T20I documents and PostgreSQL ODI rows",
      "into their raw topics. Sources come from MONGO_URI and POSTGRES_URL/USER/PASSWORD;",
      "Debezium logs in as POSTGRES_CAPTURE_USER/PASSWORD when set (REPLICATION and SELECT on",
      "the ODI tables suffice). Secrets reach the connectors as $${env:NAME} references that the",
      "worker resolves, so Connect's config topic and REST API never hold them.",
      "CRICKET_KAFKA_PROPERTIES: a file of Kafka client properties (security.protocol, sasl.*,",
      "ssl.*) for the worker and its connectors' clients, for a cluster that wants TLS or SASL.",
      "Each record goes to the partition of its match, where the processor decodes it without",
      "a repartition; a connector made before that keeps its placement until --place-by-match.",
      "Stops cleanly on Ctrl-C."
    })
final class ConnectCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--bootstrap-servers",
      description = "Kafka to use (default $KAFKA_BOOTSTRAP_SERVERS or 127.0.0.1:9092)")
  String bootstrapServers = Shared.KAFKA_BOOTSTRAP_SERVERS.read(System.getenv());

  @Option(names = "--group", defaultValue = "cricket-connect", description = "worker group id")
  String group;

  @Option(names = "--rest-port", defaultValue = "8083", description = "REST port on 127.0.0.1")
  int restPort;

  @Option(
      names = "--place-by-match",
      defaultValue = "${env:CRICKET_CONNECT_PLACE_BY_MATCH:-false}",
      description = {
        "switch connectors made before records were placed by match to placing them so; only",
        "once the processor has read all they wrote (./cricket status: no processor lag).",
        "Default $CRICKET_CONNECT_PLACE_BY_MATCH or false (up passes its environment on)"
      })
  boolean placeByMatch;

  @Override
  public Integer call() throws InterruptedException {
    KafkaClientProperties client = KafkaClientProperties.fromEnvironment(System.getenv());
    TopicAdmin.ensure(bootstrapServers, client, Topics.all(), TopicRetention.fromEnvironment());
    SourcesSettings settings = SourcesSettings.fromEnvironment();
    ConnectWorker worker = ConnectWorker.start(bootstrapServers, client, group, restPort);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  worker.close();
                  stopped.countDown();
                },
                "connect-shutdown"));
    Connectors connectors = new Connectors(worker.restUrl());
    // with a schema registry, the raw topics' schemas are registered and their records stamped
    Optional<SchemaRegistry> registry = SchemaRegistry.fromEnvironment(System.getenv());
    for (String name : new String[] {Connectors.T20I_MONGO, Connectors.ODI_POSTGRES}) {
      ObjectNode config =
          Connectors.config(name, settings.connectorValuesByReference(System.getenv()));
      if (registry.isPresent()) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (Topic<String, byte[]> topic : Connectors.topicsOf(name)) {
          ids.put(topic.name(), registry.get().register(topic).id());
        }
        config = Connectors.withSchemaIds(config, ids);
      }
      Optional<ObjectNode> current = connectors.current(name);
      ObjectNode applied = Connectors.keepingPlacement(config, current, placeByMatch);
      if (Connectors.placesByMatch(applied) != Connectors.placesByMatch(config)) {
        spec.commandLine()
            .getErr()
            .printf(
                "connector %s keeps placing records where Kafka puts their keys, as it did (the"
                    + " processor repartitions them); --place-by-match switches it once the"
                    + " processor has read all it wrote%n",
                name);
      }
      connectors.apply(name, applied);
      connectors.awaitRunning(name, Duration.ofMinutes(2));
      spec.commandLine().getErr().printf("connector %s running%n", name);
    }
    spec.commandLine().getErr().printf("Kafka Connect at %s; Ctrl-C stops it%n", worker.restUrl());
    stopped.await();
    return 0;
  }
}
