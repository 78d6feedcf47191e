package org.cricketstream.cli.up;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.cricketstream.stack.AwsClients;

/**
 * Every component of the local stack, declared once: the {@code ./cricket} command it runs, its
 * heap and how to tell it is ready. {@link Stack} starts them in {@link #ORDER}; the {@link
 * Supervisor} restarts a service from the same declaration; {@code status} lists them.
 */
public final class Components {
  private Components() {}

  /** The components, by name; the order they start in. */
  public static final List<String> ORDER =
      List.of(
          "kafka",
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

  /** The line a server started by {@code ./cricket server} prints once it accepts clients. */
  private static final String SERVER_READY = "ready at";

  static Component kafka(Path data, int port) {
    return server("kafka", data, port, "1g");
  }

  static Component postgres(Path data, int port, String database) {
    return Component.service(
        "postgres",
        List.of(
            "server",
            "postgres",
            "--data",
            data.toString(),
            "--port",
            "" + port,
            "--database",
            database),
        Map.of(),
        "256m",
        SERVER_READY);
  }

  static Component mongo(Path data, int port) {
    return server("mongo", data, port, "512m");
  }

  /** S3Proxy and ElasticMQ in one process, provisioned from the Terraform definitions. */
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
        "512m",
        AWS_READY);
  }

  /** Provisions the Terraform definitions' bucket and queue in LocalStack, then exits. */
  static Component localstackProvisioning(String endpoint) {
    return Component.job("aws", List.of("local-aws", "--endpoint", endpoint), Map.of(), "512m");
  }

  static Component connect(String kafka, int restPort, Map<String, String> env) {
    return Component.service(
        "connect",
        List.of("connect", "--bootstrap-servers", kafka, "--rest-port", "" + restPort),
        env,
        "1g",
        "Kafka Connect at");
  }

  static Component processor(Map<String, String> env) {
    return Component.service("processor", List.of("processor"), env, "768m", "started");
  }

  static Component sink(Map<String, String> env) {
    return Component.service("sink", List.of("sink"), env, "1g", "sink from");
  }

  static Component bridge(Map<String, String> env) {
    return Component.service("bridge", List.of("bridge"), env, "384m", "bridge from");
  }

  /** The Lambda's local runner: it says nothing until its first write, so ready once it runs. */
  static Component lambda(Map<String, String> env) {
    return Component.service("lambda", List.of("lambda-runner"), env, "384m", "")
        .readyWhen(Component.Readiness.started());
  }

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
            "256m",
            "Superset ready")
        // the first start installs Superset's environment from PyPI: minutes
        .withStartTimeout(Duration.ofMinutes(20));
  }

  static Component replay(List<String> args, Map<String, String> env) {
    return Component.job(
        "replay", Stream.concat(Stream.of("replay"), args.stream()).toList(), env, "768m");
  }

  private static Component server(String kind, Path data, int port, String heap) {
    return Component.service(
        kind,
        List.of("server", kind, "--data", data.toString(), "--port", "" + port),
        Map.of(),
        heap,
        SERVER_READY);
  }
}
