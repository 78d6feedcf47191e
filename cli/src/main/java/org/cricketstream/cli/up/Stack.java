package org.cricketstream.cli.up;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;
import org.cricketstream.config.Setting;
import org.cricketstream.config.Shared;
import org.cricketstream.cricsheet.read.MatchFiles;
import org.cricketstream.processor.ProcessorSettings;
import org.cricketstream.sources.replay.PostgresOdiSink;
import org.cricketstream.stack.AwsClients;
import org.cricketstream.stack.AwsDefinitions;
import org.cricketstream.stack.LocalKafka;
import org.cricketstream.stack.LocalPostgres;
import org.cricketstream.stack.TerraformDefinitions;
import org.cricketstream.topics.TopicAdmin;
import org.cricketstream.topics.Topics;
import org.cricketstream.warehouse.WarehouseSettings;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The whole local stack, in order: Kafka, PostgreSQL, MongoDB, S3 and SQS, Kafka Connect with both
 * connectors, the processor, the warehouse sink, the S3 bridge, the Lambda runner, Superset, and
 * the replay of the data. Each runs as its own process under a {@link Supervisor}. A component
 * whose address is already in the environment (KAFKA_BOOTSTRAP_SERVERS, POSTGRES_URL, MONGO_URI,
 * WAREHOUSE_URL, or AWS with {@code --aws external}) is used instead of started.
 */
public final class Stack implements AutoCloseable {
  /** Where S3 and SQS come from. */
  public enum Aws {
    /** S3Proxy and ElasticMQ in a process of the stack (default). */
    EMBEDDED,
    /** LocalStack in host mode (localstack/localstack.sh). */
    LOCALSTACK,
    /** A real AWS account, or any endpoint, given by the environment; nothing is provisioned. */
    EXTERNAL
  }

  /** The components, by name; the order they start in. */
  public static final List<String> COMPONENTS =
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

  /** The settings of the processor and the sink, which up and status read too. */
  private static final List<Setting<?>> COMPONENT_SETTINGS =
      Setting.union(ProcessorSettings.SETTINGS, WarehouseSettings.SETTINGS);

  /** The line {@code local-aws} prints last, once its environment lines are out. */
  public static final String AWS_READY = "# AWS resources ready";

  /**
   * How to run.
   *
   * @param data Cricsheet files, folders or zips to replay (empty: generated matches)
   * @param paceSeconds time between two records of one source
   * @param crashReplay fraction of records every source sends again, as after a crash
   * @param seed for generated matches and crash replays
   * @param aws where S3 and SQS come from
   * @param superset whether to start Superset
   * @param environment the environment to take external services and settings from
   */
  public record Options(
      List<Path> data,
      double paceSeconds,
      double crashReplay,
      long seed,
      Aws aws,
      boolean superset,
      Map<String, String> environment) {
    public Options {
      data = List.copyOf(data);
      environment = Map.copyOf(environment);
    }
  }

  private static final Pattern EXPORT = Pattern.compile("(?m)^export (.+)$");
  private static final Pattern LOGIN = Pattern.compile("\\(login (\\S+) / (\\S+)\\)");
  private static final Pattern PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\\S*)");
  private static final Duration QUIET = Duration.ofSeconds(15);

  private final StackHome home;
  private final Options options;
  private final Supervisor supervisor;
  private final Map<String, String> env = new LinkedHashMap<>();
  private final Map<String, String> addresses = new LinkedHashMap<>();
  private final Set<String> stagedTests = new TreeSet<>();
  private final Map<TopicPartition, Long> lastEnds = new HashMap<>();
  private long lastEndsChanged = System.nanoTime();
  private AwsDefinitions aws;
  private boolean localstackStarted;
  private Lags lags;

  private Stack(StackHome home, Options options, PrintWriter out) {
    this.home = home;
    this.options = options;
    this.supervisor = new Supervisor(home, out);
  }

  /** Starts every component in order; on failure stops what started and throws. */
  public static Stack up(StackHome home, Options options, PrintWriter out) {
    Stack stack = new Stack(home, options, out);
    try {
      stack.start();
      return stack;
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  public Supervisor supervisor() {
    return supervisor;
  }

  public StackHome home() {
    return home;
  }

  /** The addresses a user needs, by name: Kafka, warehouse, Superset, logs. */
  public Map<String, String> addresses() {
    return Map.copyOf(addresses);
  }

  /** The environment the components run with (addresses of every service). */
  public Map<String, String> environment() {
    return Map.copyOf(env);
  }

  private void start() {
    Map<String, Integer> ports = home.ports();
    Map<String, String> given = options.environment();
    if (options.aws() != Aws.EXTERNAL) {
      // the local S3 and SQS take any key; real AWS uses the SDK's usual credential chain
      env.put("AWS_ACCESS_KEY_ID", AwsClients.ACCESS_KEY);
      env.put("AWS_SECRET_ACCESS_KEY", AwsClients.SECRET_KEY);
    }
    env.put("AWS_REGION", given.getOrDefault("AWS_REGION", AwsClients.REGION));
    // the components' own settings the user gave, kept so status and up read the same values
    for (Setting<?> setting : COMPONENT_SETTINGS) {
      if (given.containsKey(setting.name())) {
        env.put(setting.name(), given.get(setting.name()));
      }
    }
    say("home %s", home.dir());

    String kafka = given.get(Shared.KAFKA_BOOTSTRAP_SERVERS.name());
    if (kafka == null) {
      int port = ports.get("kafka");
      supervisor.start(
          Component.service(
              "kafka",
              List.of("server", "kafka", "--data", dir("kafka"), "--port", "" + port),
              Map.of(),
              "1g",
              "ready at"));
      kafka = LocalKafka.HOST + ":" + port;
    } else {
      say("kafka         external: %s", kafka);
    }
    env.put(Shared.KAFKA_BOOTSTRAP_SERVERS.name(), kafka);
    TopicAdmin.ensure(kafka, Topics.all());

    startPostgres(ports.get("postgres"));
    String mongo = given.get("MONGO_URI");
    if (mongo == null) {
      int port = ports.get("mongo");
      supervisor.start(
          Component.service(
              "mongo",
              List.of("server", "mongo", "--data", dir("mongo"), "--port", "" + port),
              Map.of(),
              "512m",
              "ready at"));
      mongo = "mongodb://" + LocalKafka.HOST + ":" + port;
    } else {
      say("mongo         external");
    }
    env.put("MONGO_URI", mongo);
    startAws(ports);

    supervisor.start(
        Component.service(
            "connect",
            List.of(
                "connect", "--bootstrap-servers", kafka, "--rest-port", "" + ports.get("connect")),
            env,
            "1g",
            "Kafka Connect at"));
    env.put("CRICKET_PROCESSOR_STATE", dir("processor"));
    supervisor.start(Component.service("processor", List.of("processor"), env, "768m", "started"));
    String warehouse =
        given.getOrDefault("WAREHOUSE_URL", "jdbc:duckdb:" + home.warehouseFile().toString());
    env.put("WAREHOUSE_URL", warehouse);
    for (String key : List.of("WAREHOUSE_USER", "WAREHOUSE_PASSWORD", "WAREHOUSE_SNAPSHOT")) {
      if (given.containsKey(key)) {
        env.put(key, given.get(key));
      }
    }
    supervisor.start(Component.service("sink", List.of("sink"), env, "1g", "sink from"));
    supervisor.start(Component.service("bridge", List.of("bridge"), env, "384m", "bridge from"));
    stageTests();
    supervisor.start(
        Component.service("lambda", List.of("lambda-runner"), env, "384m", "")
            .readyWhen(Component.Readiness.started()));
    if (options.superset()) {
      Child superset =
          supervisor.start(
              Component.service(
                      "superset",
                      List.of(
                          "superset",
                          "--home",
                          dir("superset"),
                          "--port",
                          "" + ports.get("superset"),
                          "--warehouse",
                          warehouse),
                      env,
                      "256m",
                      "Superset ready")
                  // the first start installs Superset's environment from PyPI: minutes
                  .withStartTimeout(Duration.ofMinutes(20)));
      addresses.put("superset", "http://" + LocalKafka.HOST + ":" + ports.get("superset"));
      Matcher login = LOGIN.matcher(superset.outputSinceStart());
      if (login.find()) {
        addresses.put("supersetLogin", login.group(1) + " / " + login.group(2));
      }
    }
    List<String> replayArgs = new ArrayList<>(List.of("replay"));
    replayArgs.addAll(
        List.of(
            "--pace",
            Double.toString(options.paceSeconds()),
            "--crash-replay",
            Double.toString(options.crashReplay()),
            "--seed",
            Long.toString(options.seed()),
            "--position",
            home.resolve("replay-position.json").toString()));
    for (Path path : data()) {
      replayArgs.add(path.toString());
    }
    supervisor.start(Component.job("replay", replayArgs, env, "768m"));

    addresses.put("kafka", kafka);
    addresses.put("warehouse", warehouse);
    addresses.put("logs", home.resolve("logs").toString());
    Map<String, String> recorded = new LinkedHashMap<>(addresses);
    recorded.remove("supersetLogin");
    home.record(
        Map.of(
            "addresses",
            recorded,
            "supervisorPid",
            ProcessHandle.current().pid(),
            "environment",
            publicEnvironment()));
  }

  private void startPostgres(int port) {
    String url = options.environment().get("POSTGRES_URL");
    String user = options.environment().getOrDefault("POSTGRES_USER", LocalPostgres.USER);
    String password = options.environment().getOrDefault("POSTGRES_PASSWORD", "");
    if (url == null) {
      supervisor.start(
          Component.service(
              "postgres",
              List.of(
                  "server",
                  "postgres",
                  "--data",
                  dir("postgres"),
                  "--port",
                  "" + port,
                  "--database",
                  "cricket"),
              Map.of(),
              "256m",
              "ready at"));
      url = "jdbc:postgresql://" + LocalKafka.HOST + ":" + port + "/cricket";
    } else {
      say("postgres      external: %s", url);
    }
    env.put("POSTGRES_URL", url);
    env.put("POSTGRES_USER", user);
    env.put("POSTGRES_PASSWORD", password);
    try (Connection c = DriverManager.getConnection(url, user, password)) {
      PostgresOdiSink.createSchema(c);
    } catch (SQLException e) {
      throw new StackException("cannot create the ODI tables in " + url + ": " + e.getMessage(), e);
    }
  }

  private void startAws(Map<String, Integer> ports) {
    aws = AwsDefinitions.of(TerraformDefinitions.projectFolder());
    switch (options.aws()) {
      case EMBEDDED -> {
        Child child =
            supervisor.start(
                Component.service(
                    "aws",
                    List.of(
                        "local-aws",
                        "--data",
                        dir("s3"),
                        "--s3-port",
                        "" + ports.get("s3"),
                        "--sqs-port",
                        "" + ports.get("sqs")),
                    Map.of(),
                    "512m",
                    AWS_READY));
        takeExports(child.outputSinceStart());
      }
      case LOCALSTACK -> {
        int port = ports.get("localstack");
        runScript(
            List.of("bash", script("localstack/localstack.sh"), "start", "--port", "" + port),
            Map.of("LOCALSTACK_DIR", dir("localstack")));
        localstackStarted = true;
        String endpoint = "http://" + LocalKafka.HOST + ":" + port;
        Child child =
            supervisor.start(
                Component.job(
                    "aws", List.of("local-aws", "--endpoint", endpoint), Map.of(), "512m"));
        awaitExit(child);
        takeExports(child.outputSinceStart());
      }
      case EXTERNAL -> {
        for (String key :
            List.of(
                "CRICKET_BRIDGE_QUEUE_URL",
                "EMITTER_BUCKET",
                "AWS_ENDPOINT_URL",
                "AWS_ENDPOINT_URL_S3",
                "AWS_ENDPOINT_URL_SQS")) {
          String value = options.environment().get(key);
          if (value != null) {
            env.put(key, value);
          }
        }
        if (!env.containsKey("CRICKET_BRIDGE_QUEUE_URL") || !env.containsKey("EMITTER_BUCKET")) {
          throw new StackException(
              "--aws external needs CRICKET_BRIDGE_QUEUE_URL and EMITTER_BUCKET in the environment");
        }
        env.putIfAbsent(
            "EMITTER_SOURCE", "s3://" + env.get("EMITTER_BUCKET") + "/" + aws.sourcePrefix());
        env.putIfAbsent("EMITTER_TARGET_PREFIX", aws.notificationPrefix());
        env.putIfAbsent("EMITTER_STATE_KEY", aws.stateKey());
        say("aws           external: queue %s", env.get("CRICKET_BRIDGE_QUEUE_URL"));
      }
    }
    long intervalMillis = Math.max(1, Math.round(options.paceSeconds() * 1000));
    env.put("EMITTER_INTERVAL", Duration.ofMillis(intervalMillis).toString());
    if (options.crashReplay() > 0) {
      env.put("EMITTER_CRASH_REPLAY", Double.toString(options.crashReplay()));
    }
  }

  /** Takes the {@code export K=V ...} lines {@code local-aws} prints. */
  private void takeExports(String output) {
    Matcher m = EXPORT.matcher(output);
    while (m.find()) {
      Matcher pair = PAIR.matcher(m.group(1));
      while (pair.find()) {
        env.put(pair.group(1), pair.group(2));
      }
    }
    if (!env.containsKey("CRICKET_BRIDGE_QUEUE_URL") || !env.containsKey("EMITTER_BUCKET")) {
      throw new StackException("local-aws did not print the queue and bucket:\n" + output);
    }
  }

  /** The data to replay: the given paths, or generated matches kept under the home. */
  public List<Path> data() {
    if (!options.data().isEmpty()) {
      return options.data();
    }
    Path generated = home.resolve("generated");
    if (!Files.isDirectory(generated)) {
      int code =
          org.cricketstream.cli.Cricket.commandLine()
              .execute(
                  "generate",
                  "--seed",
                  Long.toString(options.seed()),
                  "--t20",
                  "20",
                  "--odi",
                  "10",
                  "--test",
                  "5",
                  "--out",
                  generated.toString());
      if (code != 0) {
        throw new StackException("generating matches into " + generated + " failed");
      }
    }
    return List.of(generated);
  }

  /** Puts every Test YAML file of the data into the Lambda's source prefix, once. */
  private void stageTests() {
    String bucket = env.get("EMITTER_BUCKET");
    String prefix = aws.sourcePrefix();
    long[] put = {0};
    List<String> failures = new ArrayList<>();
    try (S3Client s3 = s3()) {
      Set<String> existing = keys(s3, bucket, prefix);
      MatchFiles.entries(
          data(),
          entry -> {
            if (entry.kind() != MatchFiles.Kind.YAML) {
              return;
            }
            stagedTests.add(entry.name());
            if (!existing.contains(prefix + entry.name())) {
              try (var in = entry.data().open()) {
                s3.putObject(
                    b -> b.bucket(bucket).key(prefix + entry.name()),
                    RequestBody.fromBytes(in.readAllBytes()));
                put[0]++;
              } catch (java.io.IOException e) {
                failures.add(entry.origin() + ": " + e.getMessage());
              }
            }
          },
          failed -> failures.add(failed.origin() + ": " + failed.error().getMessage()));
    }
    failures.forEach(f -> say("not staged: %s", f));
    say(
        "%-13s %d Test matches staged for the Lambda (%d new) in s3://%s/%s",
        "tests", stagedTests.size(), put[0], bucket, prefix);
  }

  private S3Client s3() {
    String endpoint = env.getOrDefault("AWS_ENDPOINT_URL_S3", env.get("AWS_ENDPOINT_URL"));
    return endpoint == null
        ? S3Client.builder()
            .region(software.amazon.awssdk.regions.Region.of(env.get("AWS_REGION")))
            .build()
        : AwsClients.s3(URI.create(endpoint));
  }

  private static Set<String> keys(S3Client s3, String bucket, String prefix) {
    Set<String> keys = new TreeSet<>();
    for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
      keys.add(o.key());
    }
    return keys;
  }

  /**
   * Why the stack is not idle yet, or empty once every source was replayed and the warehouse has
   * caught up: the replay ended, the Lambda wrote every staged Test match, SQS holds no message,
   * the processor and the sink have no lag, every service has run for a while, and no raw topic
   * grew for {@link #QUIET} (Kafka Connect has nothing left to capture).
   */
  public Optional<String> notIdleBecause() {
    Optional<Child> replay = supervisor.child("replay");
    if (replay.isPresent() && replay.get().alive()) {
      return Optional.of("the replay is running");
    }
    if (!supervisor.servicesSettled(QUIET)) {
      return Optional.of("a service (re)started less than " + QUIET.toSeconds() + " s ago");
    }
    try (S3Client s3 = s3()) {
      Set<String> written = keys(s3, env.get("EMITTER_BUCKET"), env.get("EMITTER_TARGET_PREFIX"));
      long missing =
          stagedTests.stream()
              .filter(name -> !written.contains(env.get("EMITTER_TARGET_PREFIX") + name))
              .count();
      if (missing > 0) {
        return Optional.of("the Lambda has " + missing + " Test matches left to write");
      }
    } catch (NoSuchKeyException e) {
      return Optional.of("the bucket is not there yet");
    }
    long queued = queued();
    if (queued > 0) {
      return Optional.of(queued + " S3 notifications wait in SQS");
    }
    Lags lags = lags();
    long processorLag = sum(lags.processor());
    if (processorLag > 0) {
      return Optional.of("the processor is " + processorLag + " records behind");
    }
    long sinkLag = sum(lags.sink());
    if (sinkLag > 0) {
      return Optional.of("the warehouse sink is " + sinkLag + " records behind");
    }
    Map<TopicPartition, Long> ends = lags.endOffsets(lags.topics(Lags.RAW, null));
    if (!ends.equals(lastEnds)) {
      lastEnds.clear();
      lastEnds.putAll(ends);
      lastEndsChanged = System.nanoTime();
    }
    if (System.nanoTime() - lastEndsChanged < QUIET.toNanos()) {
      return Optional.of("raw topics grew in the last " + QUIET.toSeconds() + " s");
    }
    return Optional.empty();
  }

  /** How many of the Test matches staged for the Lambda it has written so far. */
  public record TestProgress(int staged, long written) {}

  public TestProgress testProgress() {
    String prefix = env.get("EMITTER_TARGET_PREFIX");
    try (S3Client s3 = s3()) {
      Set<String> written = keys(s3, env.get("EMITTER_BUCKET"), prefix);
      return new TestProgress(
          stagedTests.size(),
          stagedTests.stream().filter(name -> written.contains(prefix + name)).count());
    }
  }

  /** Consumer lag of the processor and the sink, asked of Kafka. */
  public synchronized Lags lags() {
    if (lags == null) {
      lags = new Lags(env);
    }
    return lags;
  }

  private long queued() {
    String endpoint = env.getOrDefault("AWS_ENDPOINT_URL_SQS", env.get("AWS_ENDPOINT_URL"));
    try (SqsClient sqs =
        endpoint == null
            ? SqsClient.builder()
                .region(software.amazon.awssdk.regions.Region.of(env.get("AWS_REGION")))
                .build()
            : AwsClients.sqs(URI.create(endpoint))) {
      Map<QueueAttributeName, String> attributes =
          sqs.getQueueAttributes(
                  b ->
                      b.queueUrl(env.get("CRICKET_BRIDGE_QUEUE_URL"))
                          .attributeNames(
                              QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                              QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
              .attributes();
      return attributes.values().stream().mapToLong(Long::parseLong).sum();
    }
  }

  private static long sum(Map<String, Long> lags) {
    return lags.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Waits until {@link #notIdleBecause} is empty, printing why not every 15 s. */
  public void awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long nextReport = 0;
    while (true) {
      Optional<String> reason;
      try {
        reason = notIdleBecause();
      } catch (RuntimeException e) {
        reason = Optional.of("cannot tell yet: " + e.getMessage());
      }
      if (reason.isEmpty()) {
        say("idle: every source is replayed and the warehouse has caught up");
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new StackException("not idle after " + timeout + ": " + reason.get());
      }
      if (System.nanoTime() > nextReport) {
        say("waiting: %s", reason.get());
        nextReport = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      }
      Thread.sleep(1000);
    }
  }

  /** Environment entries safe to keep in stack.json (no secrets). */
  private Map<String, String> publicEnvironment() {
    Map<String, String> shown = new LinkedHashMap<>();
    env.forEach(
        (k, v) -> {
          if (!k.toUpperCase(Locale.ROOT).contains("PASSWORD")
              && !k.toUpperCase(Locale.ROOT).contains("SECRET")) {
            shown.put(k, v);
          }
        });
    return shown;
  }

  private String dir(String name) {
    return home.resolve(name).toString();
  }

  private static String script(String relative) {
    return Path.of(System.getProperty("cricket.root", ".")).resolve(relative).toString();
  }

  private void runScript(List<String> command, Map<String, String> extraEnv) {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(extraEnv);
    Path log = home.log("localstack");
    try {
      Files.createDirectories(log.getParent());
      builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      int code = builder.start().waitFor();
      if (code != 0) {
        throw new StackException(
            String.join(" ", command) + " failed (exit " + code + "); see " + log);
      }
    } catch (java.io.IOException e) {
      throw new StackException("cannot run " + command + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted", e);
    }
  }

  private static void awaitExit(Child child) {
    while (child.alive()) {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    if (child.exitCode().orElse(1) != 0) {
      throw new StackException(
          "provisioning failed; the end of " + child.log() + ":\n" + child.tail(30));
    }
  }

  private void say(String format, Object... args) {
    supervisor.say(format, args);
  }

  /**
   * Stops everything: the sources first, then the Lambda, and the bridge only once SQS is drained
   * (the embedded queue lives in memory), then the rest in reverse start order.
   */
  @Override
  public void close() {
    try {
      supervisor.stop("replay");
      supervisor.stop("lambda");
      if (supervisor.child("bridge").map(Child::alive).orElse(false)) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && safeQueued() > 0) {
          Thread.sleep(500);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      if (lags != null) {
        lags.close();
        lags = null;
      }
    }
    supervisor.close();
    if (localstackStarted) {
      runScript(
          List.of("bash", script("localstack/localstack.sh"), "stop"),
          Map.of("LOCALSTACK_DIR", dir("localstack")));
    }
  }

  private long safeQueued() {
    try {
      return env.containsKey("CRICKET_BRIDGE_QUEUE_URL") ? queued() : 0;
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
