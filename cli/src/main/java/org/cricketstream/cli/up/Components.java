package org.cricketstream.cli.up;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.cricketstream.config.KafkaClientProperties;
import org.cricketstream.config.Shared;
import org.cricketstream.processor.ProcessorSettings;
import org.cricketstream.sources.connect.Connectors;
import org.cricketstream.stack.AwsClients;
import org.cricketstream.stack.LocalKafka;
import org.cricketstream.stack.LocalPostgres;
import org.cricketstream.stack.LocalRegistry;

/**
 * Every component of the local stack, declared once: the {@code ./cricket} command it runs, its
 * heap, its ports and how to tell it is healthy (asked of the component, never read from its log).
 *
 * <p>Each heap cap is sized from the component's live set, the most heap it held right after a full
 * collection in {@code ./cricket bench e2e} on the whole sample (its GC log, {@link GcLog}; given
 * beside each cap): about twice that, and at least 64 MB. {@link Stack} starts them in {@link
 * #ORDER}; the {@link Supervisor} restarts a service from the same declaration; {@code status}
 * lists them. Those that wait more than they compute (the AWS endpoints, the bridge, the Lambda
 * runner, the Superset wrapper) run as {@link Component#light} JVMs.
 */
public final class Components {
  private Components() {}

  /** The components, by name; the order they start in. */
  public static final List<String> ORDER =
      List.of(
          "kafka",
          "registry",
          "postgres",
          "mongo",
          "aws",
          "connect",
          "processor",
          "sink",
          "bridge",
          "lambda",
          "superset",
          "replay");

  /** The line {@code local-aws} prints last, once its environment lines are out. */
  public static final String AWS_READY = "# AWS resources ready";

  private static String local(int port) {
    return LocalKafka.HOST + ":" + port;
  }

  /** Healthy when the broker answers {@code describeCluster}. */
  static Component kafka(Path data, int port, KafkaClientProperties client) {
    // 64 MB (185 while the log cleaner's offset map took 128 MiB of it; LocalKafka.config)
    return server("kafka", data, port, "384m", HealthChecks.kafka(local(port), client));
  }

  /**
   * Node {@code node.id()} of a cluster of {@code nodes} (see {@code server kafka --cluster}):
   * healthy when it answers {@code describeCluster} on its own listener, which it does once it is a
   * broker of the cluster. Named {@code kafka} for node 1, {@code kafka-N} for node N.
   */
  static Component kafkaNode(
      Path data,
      List<LocalKafka.Node> nodes,
      LocalKafka.Node node,
      String clusterId,
      KafkaClientProperties client) {
    List<String> args =
        List.of(
            "server",
            "kafka",
            "--data",
            data.toString(),
            "--port",
            "" + node.port(),
            "--cluster",
            String.join(",", nodes.stream().map(n -> n.port() + ":" + n.controllerPort()).toList()),
            "--node-id",
            "" + node.id(),
            "--cluster-id",
            clusterId);
    boolean controller = LocalKafka.controllers(nodes).contains(node);
    Component component =
        Component.service(
            numbered("kafka", node.id()),
            args,
            Map.of(),
            "384m",
            HealthChecks.kafka(local(node.port()), client));
    return controller
        ? component.listeningOn(node.port(), node.controllerPort())
        : component.listeningOn(node.port());
  }

  /**
   * The name of the {@code n}-th instance of a component that runs several: the first keeps the
   * plain name (its log, its pid file and {@code status} are as with one), the others {@code
   * name-n}.
   */
  public static String numbered(String name, int n) {
    return n == 1 ? name : name + "-" + n;
  }

  /**
   * Apicurio Registry ({@code server registry}), healthy when it answers {@code /health/ready} on
   * its management port: its API and storage are ready. {@code env} gives it {@code
   * REGISTRY_PASSWORD}, the one user's.
   */
  static Component registry(
      Path checkout, Path data, int port, int managementPort, Map<String, String> env) {
    // registry/registry.sh runs the registry's own Java 21+ JVM (heap LocalRegistry.HEAP): no
    // wrapper JVM beside it (one cost about 100 MB), a shell that stops it when the supervisor is
    // gone; up installs it first
    return Component.program(
            "registry",
            LocalRegistry.command(checkout, data, port, managementPort),
            env,
            HealthChecks.ok(LocalRegistry.health(managementPort)))
        .listeningOn(port, managementPort);
  }

  /**
   * PostgreSQL's own binary, no wrapper JVM beside it (one cost about 70 MB of the stack's peak):
   * the supervisor's JVM prepares the data directory first ({@link LocalPostgres#prepare}: on a
   * first run the library unpacks the binaries and initialises it). Healthy when its superuser logs
   * in over JDBC; {@link Stack} then makes the ODI database and its roles. The postmaster runs in a
   * session of its own, so it is named as a stray by its pid file: stopped with the component, also
   * after a kill -9 of the component.
   */
  static Component postgres(Path data, int port) {
    return Component.program(
            "postgres",
            LocalPostgres.command(LocalPostgres.prepare(data), data, port),
            Map.of(),
            HealthChecks.postgres(port, data))
        .listeningOn(port)
        .owning(data.resolve("postmaster.pid"));
  }

  /**
   * Healthy when it answers a MongoDB {@code ping}. It turns over every T20I document the replay
   * inserts and Connect reads ({@link Component.Jvm#CHURNING}).
   */
  static Component mongo(Path data, int port) {
    // 97 MB (165-174 while a count of the T20I collection read every document; DurableH2Backend)
    return server("mongo", data, port, "256m", HealthChecks.mongo("mongodb://" + local(port)))
        .asChurning();
  }

  /**
   * S3Proxy and ElasticMQ in one process, provisioned from the Terraform definitions; healthy when
   * both endpoints answer HTTP.
   */
  static Component embeddedAws(Path data, int s3Port, int sqsPort, AwsClients.Keys keys) {
    return Component.service(
            "aws",
            List.of(
                "local-aws",
                "--data",
                data.toString(),
                "--s3-port",
                "" + s3Port,
                "--sqs-port",
                "" + sqsPort),
            keys.environment(),
            "128m", // 26 MB
            HealthChecks.answers(
                List.of(
                    URI.create("http://" + local(s3Port) + "/"),
                    URI.create("http://" + local(sqsPort) + "/?Action=ListQueues"))))
        .listeningOn(s3Port, sqsPort)
        .asLight();
  }

  /** Provisions the Terraform definitions' bucket and queue in LocalStack, then exits. */
  static Component localstackProvisioning(String endpoint) {
    return Component.job("aws", List.of("local-aws", "--endpoint", endpoint), Map.of(), "128m")
        .asLight();
  }

  /**
   * Healthy when its REST API answers and both connectors are created and running; their tasks are
   * watched apart ({@link ConnectorWatch}), so a failed task is restarted without the worker. The
   * {@code n}-th worker of the stack's Connect group ({@link #numbered}).
   */
  static Component connect(int n, String kafka, int restPort, Map<String, String> env) {
    return Component.service(
            numbered("connect", n),
            List.of("connect", "--bootstrap-servers", kafka, "--rest-port", "" + restPort),
            env,
            // 63 MB (145-212 while the worker scanned every jar for plugins at start; it reads
            // their service manifests now, ConnectWorker)
            "256m",
            HealthChecks.connect(
                connectUrl(restPort), List.of(Connectors.T20I_MONGO, Connectors.ODI_POSTGRES)))
        .listeningOn(restPort);
  }

  /** The REST address of the stack's Kafka Connect worker. */
  static String connectUrl(int restPort) {
    return "http://" + local(restPort) + "/";
  }

  /**
   * Healthy when its Kafka Streams application is a stable member of its consumer group: the
   * broker's view that it consumes, which an alive but stuck or fenced process would not give. The
   * {@code n}-th instance of the processor ({@link #numbered}): the same application, sharing the
   * partitions with the others; {@code env} gives it a state directory of its own.
   */
  static Component processor(int n, Map<String, String> env) {
    return Component.service(
        numbered("processor", n),
        List.of("processor"),
        env,
        // 57 MB (121-127 with Kafka Streams' 10 MiB store cache; ProcessorSettings), the cap left
        // larger for a backlog of Test documents (up to 1 MB each) buffered, up to 1,000 a
        // partition; RocksDB's memory is outside the heap, bounded apart (BoundedRocksDb)
        "768m",
        HealthChecks.streamsGroup(
            Shared.KAFKA_BOOTSTRAP_SERVERS.read(env),
            KafkaClientProperties.fromEnvironment(env),
            ProcessorSettings.APPLICATION_ID.read(env)));
  }

  /**
   * The sink, the bridge and the Lambda runner serve nothing to ask and join no consumer group (the
   * sink assigns its partitions and keeps its offsets in the warehouse; the bridge reads SQS): each
   * exits on a fault it cannot get over, so healthy while it runs; their progress is the lag and
   * freshness that {@code status} shows. The {@code n}-th sink ({@link #numbered}); several share a
   * PostgreSQL warehouse's partitions by the {@code CRICKET_SINK_SHARE} in {@code env}.
   */
  static Component sink(int n, Map<String, String> env) {
    // 71 MB, and room for a whole batch (WAREHOUSE_BATCH_BYTES, 64 MiB) and the consumer's fetches;
    // DuckDB's memory is outside the heap, bounded apart (WAREHOUSE_DUCKDB_MEMORY)
    return Component.service(
        numbered("sink", n), List.of("sink"), env, "384m", Component.Health.alive());
  }

  static Component bridge(Map<String, String> env) {
    // 20 MB
    return Component.service("bridge", List.of("bridge"), env, "128m", Component.Health.alive())
        .asLight();
  }

  static Component lambda(Map<String, String> env) {
    return Component.service(
            // 11 MB: the function runs in a JVM of its own, sized as Lambda sizes it
            "lambda", List.of("lambda-runner"), env, "128m", Component.Health.alive())
        .asLight();
  }

  /** Healthy when Superset answers {@code /health}. */
  static Component superset(Path home, int port, String warehouse, Map<String, String> env) {
    return Component.service(
            "superset",
            List.of(
                "superset",
                "--home",
                home.toString(),
                "--port",
                "" + port,
                "--warehouse",
                warehouse),
            env,
            "64m", // the wrapper only: Superset is a Python process of its own
            HealthChecks.ok(URI.create("http://" + local(port) + "/health")))
        .listeningOn(port)
        // the first start installs Superset's environment from PyPI: minutes
        .withStartTimeout(Duration.ofMinutes(20))
        .asLight();
  }

  static Component replay(List<String> args, Map<String, String> env) {
    return Component.job(
        // 23 MB
        "replay", Stream.concat(Stream.of("replay"), args.stream()).toList(), env, "128m");
  }

  private static Component server(
      String kind, Path data, int port, String heap, Component.Health health) {
    return Component.service(
            kind,
            List.of("server", kind, "--data", data.toString(), "--port", "" + port),
            Map.of(),
            heap,
            health)
        .listeningOn(port);
  }
}
