package org.cricketstream.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.cricketstream.config.Secrets;
import org.cricketstream.stack.LocalKafka;
import org.cricketstream.stack.LocalMongo;
import org.cricketstream.stack.LocalPostgres;
import org.cricketstream.stack.LocalRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./cricket server kafka|postgres|mongo}: one of the local stack's real servers, in the
 * foreground, bound to 127.0.0.1, keeping its data in a directory across restarts.
 */
@Command(
    name = "server",
    header = "Runs a local server: Kafka, PostgreSQL, MongoDB, registry.",
    footerHeading = "%nExamples:%n",
    footer = {"  ./cricket server kafka --data /tmp/kafka --port 9092"},
    mixinStandardHelpOptions = true,
    description = {
      "Runs one local server in the foreground on 127.0.0.1 until Ctrl-C, its data kept in",
      "--data across restarts: kafka (KRaft broker), postgres (wal_level=logical, for",
      "Debezium), mongo (MongoDB wire protocol with a change log, H2 files), registry (Apicurio",
      "Registry, installed from Maven Central on first use, run on Java 21+). Use them when no",
      "external service is configured; production points the settings at real services."
    },
    subcommands = {
      ServerCommand.Kafka.class,
      ServerCommand.Postgres.class,
      ServerCommand.Mongo.class,
      ServerCommand.Registry.class
    })
final class ServerCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Options every server takes. */
  static class Where {
    @Option(names = "--data", required = true, description = "data directory")
    Path data;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /** Prints where the server is and waits for Ctrl-C, then closes it. */
    int serve(AutoCloseable server, String address) throws InterruptedException {
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      server.close();
                    } catch (Exception e) {
                      System.err.println("stopping: " + e.getMessage());
                    }
                    stopped.countDown();
                  },
                  "server-shutdown"));
      spec.commandLine()
          .getOut()
          .printf(
              "%s ready at %s (data in %s); Ctrl-C stops it%n",
              spec.name(), address, data.toAbsolutePath());
      spec.commandLine().getOut().flush();
      stopped.await();
      return 0;
    }
  }

  @Command(
      name = "kafka",
      mixinStandardHelpOptions = true,
      description = {
        "a Kafka broker (KRaft): alone, both broker and controller; or, with --cluster, one",
        "node of a cluster whose first three nodes are the controllers (start them together)"
      })
  static final class Kafka extends Where implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "9092", description = "client port (default 9092)")
    int port;

    @Option(
        names = "--cluster",
        split = ",",
        paramLabel = "PORT:CONTROLLER_PORT",
        description = {
          "every node of the cluster, in node-id order from 1: its client port and controller",
          "port on 127.0.0.1 (e.g. 9092:9192,9094:9194,9096:9196); needs --node-id, --cluster-id"
        })
    List<String> cluster = List.of();

    @Option(names = "--node-id", description = "this node's id in --cluster (from 1)")
    int nodeId;

    @Option(
        names = "--cluster-id",
        description = "the cluster's id, the same for every node (a base64 UUID)")
    String clusterId;

    @Override
    public Integer call() throws InterruptedException {
      if (cluster.isEmpty()) {
        LocalKafka kafka = LocalKafka.start(data, port);
        return serve(kafka, kafka.bootstrapServers());
      }
      List<LocalKafka.Node> nodes = nodes(cluster);
      if (nodeId < 1 || nodeId > nodes.size() || clusterId == null) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--cluster needs --node-id (1 to " + nodes.size() + ") and --cluster-id");
      }
      LocalKafka kafka = LocalKafka.startNode(data, clusterId, nodes, nodeId);
      return serve(kafka, kafka.bootstrapServers() + " (node " + nodeId + ")");
    }

    /** The nodes of {@code PORT:CONTROLLER_PORT} pairs, ids from 1 in order. */
    static List<LocalKafka.Node> nodes(List<String> pairs) {
      List<LocalKafka.Node> nodes = new ArrayList<>();
      for (String pair : pairs) {
        String[] ports = pair.strip().split(":", -1);
        if (ports.length != 2) {
          throw new IllegalArgumentException(
              "--cluster takes PORT:CONTROLLER_PORT pairs, not " + pair);
        }
        nodes.add(
            new LocalKafka.Node(
                nodes.size() + 1, Integer.parseInt(ports[0]), Integer.parseInt(ports[1])));
      }
      return nodes;
    }
  }

  @Command(name = "postgres", mixinStandardHelpOptions = true, description = "PostgreSQL")
  static final class Postgres extends Where implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "5432", description = "port (default 5432)")
    int port;

    @Option(names = "--database", defaultValue = "cricket", description = "database to create")
    String database;

    @Override
    public Integer call() throws InterruptedException {
      LocalPostgres postgres = LocalPostgres.start(data, port);
      postgres.createDatabase(database);
      return serve(
          postgres,
          postgres.jdbcUrl(database)
              + " (user "
              + LocalPostgres.USER
              + ", its password in "
              + LocalPostgres.passwordFile(data)
              + ")");
    }
  }

  @Command(name = "mongo", mixinStandardHelpOptions = true, description = "MongoDB wire protocol")
  static final class Mongo extends Where implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "27017", description = "port (default 27017)")
    int port;

    @Override
    public Integer call() throws InterruptedException {
      LocalMongo mongo = LocalMongo.start(data, port);
      return serve(mongo, mongo.uri());
    }
  }

  @Command(
      name = "registry",
      mixinStandardHelpOptions = true,
      description = {
        "Apicurio Registry: a schema registry with a Confluent-compatible API, every request",
        "logging in as user cricket with REGISTRY_PASSWORD (else a password kept in",
        "--data/registry.password); installed on first use (registry/registry.sh install)"
      })
  static final class Registry extends Where implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8081", description = "API port (default 8081)")
    int port;

    @Option(
        names = "--management-port",
        defaultValue = "8091",
        description = "health port, /health/ready (default 8091)")
    int managementPort;

    @Override
    public Integer call() throws InterruptedException {
      Path checkout = Settings.root();
      LocalRegistry.unavailable(checkout)
          .ifPresent(
              why -> {
                throw new CommandLine.ParameterException(spec.commandLine(), why);
              });
      LocalRegistry.install(checkout, line -> spec.commandLine().getOut().println(line));
      // its schemas, its settings file (with the password) and its log: the owner's alone
      Secrets.privateFolder(data);
      String given = System.getenv("REGISTRY_PASSWORD");
      String password =
          given != null && !given.isBlank()
              ? given
              : Secrets.kept(data.resolve("registry.password"));
      LocalRegistry registry =
          LocalRegistry.start(
              checkout, data, port, managementPort, password, data.resolve("registry.log"));
      return serve(registry, registry.url() + " (user " + LocalRegistry.USER + ")");
    }
  }
}
