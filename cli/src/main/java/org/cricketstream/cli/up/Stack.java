package org.cricketstream.cli.up;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cricketstream.bridge.BridgeSettings;
import org.cricketstream.cli.LambdaRunnerSettings;
import org.cricketstream.config.KafkaClientProperties;
import org.cricketstream.config.Secrets;
import org.cricketstream.config.Setting;
import org.cricketstream.config.SettingException;
import org.cricketstream.config.Shared;
import org.cricketstream.lambda.EmitterSettings;
import org.cricketstream.lambda.RuntimeEmulator;
import org.cricketstream.processor.ProcessorSettings;
import org.cricketstream.sources.SourcesSettings;
import org.cricketstream.sources.replay.PostgresOdiSink;
import org.cricketstream.stack.AwsClients;
import org.cricketstream.stack.AwsDefinitions;
import org.cricketstream.stack.LocalKafka;
import org.cricketstream.stack.LocalPostgres;
import org.cricketstream.stack.LocalRegistry;
import org.cricketstream.stack.PostgresAdmin;
import org.cricketstream.stack.TerraformDefinitions;
import org.cricketstream.superset.LocalSuperset;
import org.cricketstream.topics.SchemaRegistry;
import org.cricketstream.topics.TopicAdmin;
import org.cricketstream.topics.TopicRetention;
import org.cricketstream.topics.Topics;
import org.cricketstream.warehouse.ReadOnlyQuery;
import org.cricketstream.warehouse.WarehouseSettings;
import org.cricketstream.warehouse.dialect.DuckDbExtensions;
import org.cricketstream.warehouse.sink.SinkShare;

/**
 * The whole local stack, in order: Kafka, PostgreSQL, MongoDB, S3 and SQS, Kafka Connect with both
 * connectors, the processor, the warehouse sink, the S3 bridge, the Lambda runner, Superset, and
 * the replay of the data. Each runs as its own process under a {@link Supervisor}. A component
 * whose address is already in the environment (KAFKA_BOOTSTRAP_SERVERS, POSTGRES_URL, MONGO_URI,
 * WAREHOUSE_URL, or AWS with {@code --aws external}) is used instead of started.
 *
 * <p>This class is the order and the wiring; each component is declared in {@link Components}, what
 * the user runs elsewhere is read by {@link ExternalServices}, the Test matches are staged for the
 * Lambda by {@link TestStaging}, and {@link Idleness} says when the work is done.
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

  /** The settings of the processor and the sink, which up and status read too. */
  private static final List<Setting<?>> COMPONENT_SETTINGS =
      Setting.union(ProcessorSettings.SETTINGS, WarehouseSettings.SETTINGS);

  /**
   * How to run.
   *
   * @param data Cricsheet files, folders or zips to replay (empty: generated matches)
   * @param paceSeconds time between two records of one match
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
      Map<String, String> environment,
      Scale scale) {
    public Options {
      data = List.copyOf(data);
      environment = Map.copyOf(environment);
    }

    /** One of each component. */
    public Options(
        List<Path> data,
        double paceSeconds,
        double crashReplay,
        long seed,
        Aws aws,
        boolean superset,
        Map<String, String> environment) {
      this(data, paceSeconds, crashReplay, seed, aws, superset, environment, Scale.ONE);
    }
  }

  /**
   * How many of the components that scale out run: Kafka brokers (one cluster), Kafka Connect
   * workers (one distributed group), processor instances (one Kafka Streams application) and sinks
   * (sharing a PostgreSQL warehouse's partitions).
   */
  public record Scale(int brokers, int connectWorkers, int processors, int sinks) {
    /** One of each. */
    public static final Scale ONE = new Scale(1, 1, 1, 1);

    /** The most of each this machine's stack runs. */
    public static final int MOST = 9;

    public Scale {
      check("--brokers", brokers);
      check("--connect-workers", connectWorkers);
      check("--processors", processors);
      check("--sinks", sinks);
    }

    private static void check(String option, int n) {
      if (n < 1 || n > MOST) {
        throw new SettingException(option + " is 1 to " + MOST + ", not " + n);
      }
    }
  }

  /** The local ODI database, and the roles the application and Debezium log in as. */
  private static final String ODI_DATABASE = "cricket";

  /** The file in the home's secrets of the PostgreSQL warehouse's read-only role's password. */
  public static final String READER_SECRET = "warehouse-reader";

  /** The file in the home's secrets of the token readers give the served DuckDB warehouse. */
  public static final String SERVE_SECRET = "warehouse-serve";

  /** How often the sink publishes its snapshot while it serves its database live. */
  public static final java.time.Duration SERVED_SNAPSHOT_INTERVAL =
      java.time.Duration.ofSeconds(30);

  /** Where in {@code stack.json}'s addresses the served warehouse's address is. */
  public static final String SERVED_ADDRESS = "warehouseServed";

  /** The file under {@code secrets/} of the home that keeps the local registry's password. */
  public static final String REGISTRY_SECRET = "registry-password";

  private static final String ODI_ROLE = "cricket_odi";
  private static final String CAPTURE_ROLE = "cricket_capture";

  private static final Pattern EXPORT = Pattern.compile("(?m)^export (.+)$");
  private static final Pattern LOGIN = Pattern.compile("\\(login ([^)]+)\\)");
  private static final Pattern PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\\S*)");

  private final StackHome home;
  private final Options options;
  private final Supervisor supervisor;
  private final Map<String, String> env = new LinkedHashMap<>();
  private final Map<String, String> addresses = new LinkedHashMap<>();
  private final ExternalServices external;
  private final AwsAccess access = new AwsAccess(env);
  private final TestStaging tests = new TestStaging(access);
  private final Completeness completeness;
  private final Idleness idleness;
  private AwsDefinitions aws;
  private boolean localstackStarted;
  private Lags lags;
  private Thread supersetPreparing;
  private Thread lambdaRuntimePreparing;

  private Stack(StackHome home, Options options, PrintWriter out) {
    this.home = home;
    this.options = options;
    this.supervisor =
        new Supervisor(home, SupervisorSettings.fromEnvironment(options.environment()), out);
    this.external = new ExternalServices(options.environment());
    this.completeness = new Completeness(env, access);
    this.idleness = new Idleness(supervisor, tests, access, this::lags, completeness);
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

  /**
   * DuckDB's extensions (DuckLake's, and Quack's for the served warehouse), installed once into the
   * cache by the project's own step.
   */
  private Path duckDbExtensions() {
    long start = System.nanoTime();
    try {
      Path folder = DuckDbExtensions.install();
      say(
          "%-13s DuckDB extensions in %s (%.1f s)",
          "warehouse", folder, (System.nanoTime() - start) / 1e9);
      return folder;
    } catch (SQLException e) {
      throw new StackException("the warehouse needs DuckDB's extensions: " + e.getMessage(), e);
    }
  }

  /** The addresses a user needs, by name: Kafka, warehouse, Superset, logs. */
  public Map<String, String> addresses() {
    return Map.copyOf(addresses);
  }

  /** The environment the components run with (addresses of every service). */
  public Map<String, String> environment() {
    return Map.copyOf(env);
  }

  /**
   * What running {@link Options#scale} needs and this home or environment lacks: a cluster of its
   * own (not an external Kafka) that keeps the size the home made it with, and a warehouse with
   * many writers for several sinks. {@code up} checks it before anything starts.
   */
  public static List<String> scaleProblems(StackHome home, Options options) {
    List<String> problems = new ArrayList<>();
    Scale scale = options.scale();
    ExternalServices external = new ExternalServices(options.environment());
    if (scale.brokers() > 1 && external.kafka().isPresent()) {
      problems.add(
          "--brokers "
              + scale.brokers()
              + " starts a cluster here, but KAFKA_BOOTSTRAP_SERVERS names one already: leave"
              + " one of them out");
    } else if (external.kafka().isEmpty()) {
      home.kafkaClusterProblem(scale.brokers()).ifPresent(problems::add);
    }
    if (scale.sinks() > 1
        && !external.warehouse().orElse("jdbc:duckdb:").startsWith("jdbc:postgresql:")) {
      problems.add(
          "--sinks "
              + scale.sinks()
              + ": a DuckDB warehouse has one writer, so one sink; several sinks share a"
              + " PostgreSQL warehouse (WAREHOUSE_URL=jdbc:postgresql://...)");
    }
    return problems;
  }

  private void start() {
    List<String> problems = scaleProblems(home, options);
    if (!problems.isEmpty()) {
      throw new SettingException(String.join("; ", problems));
    }
    Map<String, Integer> ports = home.ports();
    if (options.aws() != Aws.EXTERNAL) {
      // the local S3 takes requests signed with this home's key pair alone (LocalStack takes any);
      // real AWS uses the SDK's usual credential chain
      env.putAll(
          new AwsClients.Keys(
                  Secrets.kept(home.resolve("secrets", "s3-access-key-id")),
                  Secrets.kept(home.resolve("secrets", "s3-secret-access-key")))
              .environment());
    }
    env.put(Shared.AWS_REGION.name(), Shared.region(options.environment()));
    // the components' own settings the user gave, kept so status and up read the same values
    for (Setting<?> setting : COMPONENT_SETTINGS) {
      external.value(setting).ifPresent(v -> env.put(setting.name(), v));
    }
    // every child (Connect, processor, sink, bridge, status) reads the same file, whatever its
    // working directory; only its path is in the environment and in stack.json, never its values
    external
        .value(Shared.KAFKA_PROPERTIES)
        .ifPresent(
            file ->
                env.put(
                    Shared.KAFKA_PROPERTIES.name(),
                    Path.of(file).toAbsolutePath().normalize().toString()));
    KafkaClientProperties kafkaClient = KafkaClientProperties.fromEnvironment(env);
    say("home %s", home.dir());
    if (options.superset()) {
      prepareSuperset();
    }
    prepareLambdaRuntime();

    String kafka = startKafka(ports.get("kafka"), kafkaClient);
    env.put(Shared.KAFKA_BOOTSTRAP_SERVERS.name(), kafka);
    TopicAdmin.ensure(kafka, kafkaClient, Topics.all(), TopicRetention.fromEnvironment());
    startRegistry(ports);

    startPostgres(ports.get("postgres"));
    String mongo =
        givenOrStarted(
            "mongo",
            external.mongo(),
            false, // a MongoDB URI may hold a password
            () -> Components.mongo(dir("mongo"), ports.get("mongo")),
            "mongodb://" + LocalKafka.HOST + ":" + ports.get("mongo"));
    env.put(SourcesSettings.MONGO_URI.name(), mongo);
    startAws(ports);

    Scale scale = options.scale();
    for (int n = 1; n <= scale.connectWorkers(); n++) {
      int restPort = n == 1 ? ports.get("connect") : home.port("connect-" + n, 8082 + n);
      supervisor.start(Components.connect(n, kafka, restPort, env));
    }
    supervisor.watchConnectors(Components.connectUrl(ports.get("connect")));
    for (int n = 1; n <= scale.processors(); n++) {
      Map<String, String> own = new LinkedHashMap<>(env);
      own.put(
          ProcessorSettings.STATE_DIR.name(), dir(Components.numbered("processor", n)).toString());
      supervisor.start(Components.processor(n, own));
    }
    env.put(ProcessorSettings.STATE_DIR.name(), dir("processor").toString());
    String warehouse = external.warehouse().orElse("jdbc:duckdb:" + home.warehouseFile());
    env.put(WarehouseSettings.URL.name(), warehouse);
    if ((warehouse.startsWith("jdbc:postgresql:")
            || WarehouseSettings.DuckDbUrls.lakeCatalog(warehouse).isPresent())
        && external.value(WarehouseSettings.READER_PASSWORD).isEmpty()) {
      // up, status and Superset read a PostgreSQL warehouse (or a DuckLake's PostgreSQL catalog)
      // as its read-only role, which the sink gives this password; one the user set (or a DBA's
      // role) wins
      env.put(
          WarehouseSettings.READER_PASSWORD.name(),
          Secrets.kept(home.resolve("secrets", READER_SECRET)));
    }
    if (warehouse.startsWith(WarehouseSettings.DuckDbUrls.LAKE_PREFIX)) {
      env.put(WarehouseSettings.DUCKDB_EXTENSIONS.name(), duckDbExtensions().toString());
    } else if (warehouse.startsWith(WarehouseSettings.DuckDbUrls.PREFIX)
        && external.value(WarehouseSettings.SNAPSHOT).isEmpty()) {
      // the sink serves its database live (Superset, status, query read each commit at once);
      // WAREHOUSE_SNAPSHOT given: readers open the snapshot the sink publishes, as before
      env.put(WarehouseSettings.DUCKDB_EXTENSIONS.name(), duckDbExtensions().toString());
      env.put(
          WarehouseSettings.SERVE.name(),
          external
              .value(WarehouseSettings.SERVE)
              .orElse("quack:" + LocalKafka.HOST + ":" + home.port("warehouse", 9494)));
      env.put(
          WarehouseSettings.SERVE_TOKEN.name(),
          external
              .value(WarehouseSettings.SERVE_TOKEN)
              .orElseGet(() -> Secrets.kept(home.resolve("secrets", SERVE_SECRET))));
      // the snapshot is then for backup while the sink runs: a copy every half minute, not
      // every tenth of a second, costs the load little
      if (external.value(WarehouseSettings.SNAPSHOT_INTERVAL).isEmpty()) {
        env.put(WarehouseSettings.SNAPSHOT_INTERVAL.name(), SERVED_SNAPSHOT_INTERVAL.toString());
      }
    }
    for (int n = 1; n <= scale.sinks(); n++) {
      Map<String, String> own = new LinkedHashMap<>(env);
      own.put(SinkShare.SETTING.name(), new SinkShare(n, scale.sinks()).toString());
      supervisor.start(Components.sink(n, own));
    }
    supervisor.start(Components.bridge(env));
    TestStaging.Result staged = tests.stage(data(), aws.sourcePrefix());
    staged.failures().forEach(f -> say("not staged: %s", f));
    say(
        "%-13s %d Test matches staged for the Lambda (%d new) in s3://%s/%s",
        "tests", staged.staged(), staged.put(), access.bucket(), aws.sourcePrefix());
    awaitPrepared(lambdaRuntimePreparing, "the Lambda runtime");
    supervisor.start(Components.lambda(env));
    if (options.superset()) {
      awaitPrepared(supersetPreparing, "Superset");
      Child superset =
          supervisor.start(
              Components.superset(dir("superset"), ports.get("superset"), warehouse, env));
      addresses.put("superset", "http://" + LocalKafka.HOST + ":" + ports.get("superset"));
      // healthy once it answers; the login line follows once its dashboards are imported
      superset
          .awaitOutput(LOGIN, superset.component().startTimeout())
          .ifPresent(login -> addresses.put("supersetLogin", login.group(1)));
    }
    List<String> replayArgs =
        new ArrayList<>(
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
    supervisor.start(Components.replay(replayArgs, env));

    addresses.put("kafka", kafka);
    addresses.put("warehouse", warehouse);
    if (env.containsKey(WarehouseSettings.SERVE.name())) {
      addresses.put(SERVED_ADDRESS, env.get(WarehouseSettings.SERVE.name()));
    }
    addresses.put("logs", home.resolve("logs").toString());
    Map<String, String> recorded = new LinkedHashMap<>(addresses);
    home.record(
        Map.of(
            "addresses",
            recorded,
            "supervisorPid",
            ProcessHandle.current().pid(),
            "environment",
            publicEnvironment()));
  }

  /**
   * The Kafka the stack uses: the one the user gave, a broker of its own, or (with {@code --brokers
   * N}) a cluster of its own, its nodes started together; returns the bootstrap servers.
   */
  private String startKafka(int port, KafkaClientProperties client) {
    int brokers = options.scale().brokers();
    if (external.kafka().isEmpty()) {
      String clusterId = home.kafkaCluster(brokers);
      if (brokers > 1) {
        List<LocalKafka.Node> nodes = new ArrayList<>();
        for (int n = 1; n <= brokers; n++) {
          String name = Components.numbered("kafka", n);
          nodes.add(
              new LocalKafka.Node(
                  n,
                  n == 1 ? port : home.port(name, 9090 + 2 * n),
                  home.port(Components.numbered("kafka-controller", n), 9191 + 2 * n)));
        }
        supervisor.startTogether(
            nodes.stream()
                .map(
                    node ->
                        Components.kafkaNode(
                            dir(Components.numbered("kafka", node.id())),
                            nodes,
                            node,
                            clusterId,
                            client))
                .toList());
        return String.join(",", nodes.stream().map(n -> LocalKafka.HOST + ":" + n.port()).toList());
      }
    }
    return givenOrStarted(
        "kafka",
        external.kafka(),
        true,
        () -> Components.kafka(dir("kafka"), port, client),
        LocalKafka.HOST + ":" + port);
  }

  /**
   * The schema registry the user gave ({@code SCHEMA_REGISTRY_URL}, with its user and password), or
   * Apicurio Registry started here, its one user's password kept in the home; every component is
   * given where it is. The schemas of the topics the project declares are registered now, so a
   * schema the registry refuses stops {@code up} before any data flows, naming the reason.
   */
  private void startRegistry(Map<String, Integer> ports) {
    if (external.registry().isEmpty()) {
      String password = Secrets.kept(home.resolve("secrets", REGISTRY_SECRET));
      Path checkout = Path.of(System.getProperty("cricket.root", ".")).toAbsolutePath();
      // fetched from Maven Central on the first start (about 160 MB), its progress shown
      LocalRegistry.install(checkout, line -> say("%-13s %s", "registry", line));
      Map<String, String> own = new LinkedHashMap<>();
      own.put("REGISTRY_USER", LocalRegistry.USER);
      own.put("REGISTRY_PASSWORD", password);
      // its GC log where every JVM of the stack writes one (the path holds no space: it is split)
      Path gcLog = GcLog.of(home, "registry");
      Secrets.privateFolder(gcLog.getParent());
      own.put("REGISTRY_JAVA_OPTS", GcLog.option(gcLog));
      Secrets.privateFolder(dir("registry"));
      supervisor.start(
          Components.registry(
              checkout,
              dir("registry"),
              ports.get("registry"),
              ports.get("registry-management"),
              own));
      env.put(Shared.SCHEMA_REGISTRY_URL.name(), LocalRegistry.url(ports.get("registry")));
      env.put(Shared.SCHEMA_REGISTRY_USER.name(), LocalRegistry.USER);
      env.put(Shared.SCHEMA_REGISTRY_PASSWORD.name(), password);
    } else {
      say("%-13s %s", "registry", external.registry().get());
    }
    SchemaRegistry registry = SchemaRegistry.fromEnvironment(env).orElseThrow();
    List<SchemaRegistry.Version> versions = registry.registerAll();
    say(
        "%-13s %d subjects registered (%s compatibility)",
        "registry", versions.size(), SchemaRegistry.COMPATIBILITY);
  }

  /**
   * The address the user gave for a server, said with its name (and itself when {@code show}), or
   * the local address once the server started here.
   */
  private String givenOrStarted(
      String name,
      Optional<String> given,
      boolean show,
      Supplier<Component> local,
      String localAddress) {
    if (given.isPresent()) {
      say("%-13s external%s", name, show ? ": " + withoutPassword(given.get()) : "");
      return given.get();
    }
    supervisor.start(local.get());
    return localAddress;
  }

  /** An address as it may be printed: a password in it (user:pw@, password=) masked. */
  static String withoutPassword(String address) {
    return address
        .replaceAll("(?i)(password=)[^&;]*", "$1***")
        .replaceAll("(//[^/:@]+:)[^/@]*@", "$1***@");
  }

  private void startPostgres(int port) {
    Map<String, String> given = options.environment();
    String user = SourcesSettings.POSTGRES_USER.read(given);
    String password = SourcesSettings.POSTGRES_PASSWORD.read(given);
    String url =
        givenOrStarted(
            "postgres",
            external.postgres(),
            true,
            () -> Components.postgres(dir("postgres"), port),
            "jdbc:postgresql://" + LocalKafka.HOST + ":" + port + "/" + ODI_DATABASE);
    if (external.postgres().isEmpty()) {
      // the local server: the ODI application and Debezium each log in as a role of their own
      user = ODI_ROLE;
      password = Secrets.kept(home.resolve("secrets", "postgres-" + ODI_ROLE));
      String capturePassword = Secrets.kept(home.resolve("secrets", "postgres-" + CAPTURE_ROLE));
      PostgresAdmin admin =
          new PostgresAdmin(
              "jdbc:postgresql://" + LocalKafka.HOST + ":" + port + "/",
              LocalPostgres.USER,
              LocalPostgres.superuserPassword(dir("postgres")));
      admin.login(ODI_ROLE, password, "");
      admin.login(CAPTURE_ROLE, capturePassword, "REPLICATION");
      admin.database(ODI_DATABASE, ODI_ROLE);
      // a home from before these roles: its tables and publication pass to the application
      try (Connection c = admin.connect(ODI_DATABASE);
          Statement s = c.createStatement()) {
        s.execute("ALTER TABLE IF EXISTS odi_matches OWNER TO " + ODI_ROLE);
        s.execute("ALTER TABLE IF EXISTS odi_deliveries OWNER TO " + ODI_ROLE);
        s.execute(
            "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_publication WHERE pubname = 'cricket_odi')"
                + " THEN ALTER PUBLICATION cricket_odi OWNER TO "
                + ODI_ROLE
                + "; END IF; END $$");
      } catch (SQLException e) {
        throw new StackException("cannot give the ODI tables to " + ODI_ROLE, e);
      }
      env.put(SourcesSettings.CAPTURE_USER.name(), CAPTURE_ROLE);
      env.put(SourcesSettings.CAPTURE_PASSWORD.name(), capturePassword);
    }
    env.put(SourcesSettings.POSTGRES_URL.name(), url);
    env.put(SourcesSettings.POSTGRES_USER.name(), user);
    env.put(SourcesSettings.POSTGRES_PASSWORD.name(), password);
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement s = c.createStatement()) {
      PostgresOdiSink.createSchema(c);
      String capture = SourcesSettings.CAPTURE_USER.find(env).orElse(user);
      if (!capture.equals(user)) {
        String role = "\"" + capture.replace("\"", "\"\"") + "\"";
        s.execute("GRANT SELECT ON odi_matches, odi_deliveries TO " + role);
        // Debezium's heartbeat.action.query updates the heartbeat row; nothing else is written
        s.execute("GRANT SELECT, UPDATE ON cricket_heartbeat TO " + role);
      }
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
                Components.embeddedAws(
                    dir("s3"),
                    ports.get("s3"),
                    ports.get("sqs"),
                    AwsClients.Keys.fromEnvironment(env).orElseThrow()));
        // healthy once both endpoints answer; the addresses follow once it provisioned
        child.awaitOutput(
            Pattern.compile(Pattern.quote(Components.AWS_READY)), Duration.ofMinutes(2));
        takeExports(child.outputSinceStart());
      }
      case LOCALSTACK -> {
        int port = ports.get("localstack");
        runScript(
            List.of("bash", script("localstack/localstack.sh"), "start", "--port", "" + port),
            Map.of("LOCALSTACK_DIR", dir("localstack").toString()));
        localstackStarted = true;
        Child child =
            supervisor.start(
                Components.localstackProvisioning("http://" + LocalKafka.HOST + ":" + port));
        awaitExit(child);
        takeExports(child.outputSinceStart());
      }
      case EXTERNAL -> {
        env.putAll(external.aws());
        env.putIfAbsent(
            EmitterSettings.SOURCE.name(), "s3://" + access.bucket() + "/" + aws.sourcePrefix());
        env.putIfAbsent(EmitterSettings.TARGET_PREFIX.name(), aws.notificationPrefix());
        env.putIfAbsent(EmitterSettings.STATE_KEY.name(), aws.stateKey());
        // the bridge reconciles the same bucket and keys the notification covers
        env.putIfAbsent(BridgeSettings.BUCKET.name(), access.bucket());
        env.putIfAbsent(BridgeSettings.PREFIX.name(), aws.notificationPrefix());
        env.putIfAbsent(BridgeSettings.SUFFIX.name(), aws.notificationSuffix());
        say("aws           external: queue %s", env.get(BridgeSettings.QUEUE_URL.name()));
      }
    }
    long intervalMillis = Math.max(1, Math.round(options.paceSeconds() * 1000));
    env.put(EmitterSettings.INTERVAL.name(), Duration.ofMillis(intervalMillis).toString());
    if (options.crashReplay() > 0) {
      env.put(EmitterSettings.CRASH_REPLAY.name(), Double.toString(options.crashReplay()));
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
    if (!env.containsKey(BridgeSettings.QUEUE_URL.name())
        || !env.containsKey(EmitterSettings.BUCKET.name())) {
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

  /** Why the stack is not idle yet, or empty once it is: see {@link Idleness}. */
  public Optional<String> notIdleBecause() {
    return idleness.notIdleBecause();
  }

  /** Waits until the stack is idle, printing why not every 15 s. */
  public void awaitIdle(Duration timeout) throws InterruptedException {
    idleness.await(timeout);
  }

  /** How many of the staged Test matches the Lambda has written, asked of S3. */
  public TestStaging.Progress testProgress() {
    return tests.progress();
  }

  /** Consumer lag of the processor and the sink, asked of Kafka. */
  public synchronized Lags lags() {
    if (lags == null) {
      lags = new Lags(env);
    }
    return lags;
  }

  /**
   * Counts what each source holds against the landing layer, reading the warehouse with {@code
   * warehouse}, and keeps it in stack.json for {@code status}; a count that cannot be made yet is
   * skipped.
   */
  public void recordCompleteness(ReadOnlyQuery.Poller warehouse) {
    try {
      List<Completeness.Count> counts = completeness.counts(warehouse);
      home.record(
          Map.of(
              "completeness",
              Map.of(
                  "checkedAt",
                  java.time.Instant.now().toString(),
                  "sources",
                  Completeness.asState(counts))));
    } catch (SQLException | RuntimeException e) {
      // the warehouse has no snapshot yet, a source is restarting: the next count will do
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

  private Path dir(String name) {
    return home.resolve(name);
  }

  private static String script(String relative) {
    return Path.of(System.getProperty("cricket.root", ".")).resolve(relative).toString();
  }

  private void runScript(List<String> command, Map<String, String> extraEnv) {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(extraEnv);
    Path log = home.openLog("localstack");
    try {
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

  /**
   * Superset's first start installs its environment and sets up its metadata: minutes, which now
   * overlap the start of everything before it. Its component finds both done; where this failed, it
   * tries again itself and says why it cannot start.
   */
  private void prepareSuperset() {
    supersetPreparing =
        inBackground(
            "superset-prepare",
            () -> {
              try {
                LocalSuperset.prepare(
                    LocalSuperset.checkout(),
                    dir("superset"),
                    line -> say("%-13s %s", "superset", line));
              } catch (RuntimeException e) {
                say("%-13s not prepared ahead: %s", "superset", e.getMessage());
              }
            });
  }

  /**
   * The Lambda runner builds the Runtime Interface Emulator with {@code go install} where it is not
   * in the cache yet (a minute and both cores, once a machine): that now overlaps the start of
   * everything before the runner, not the first minute of the replay, where the Test matches waited
   * for it (a first {@code bench e2e} on a fresh machine took 85.5 s where the next took
   * 55.7-63.0). Where it cannot be built (no Go) the runner says why and calls the handler
   * directly.
   */
  private void prepareLambdaRuntime() {
    if (LambdaRunnerSettings.RUNTIME.read(options.environment())
        == LambdaRunnerSettings.Where.DIRECT) {
      return;
    }
    Path checkout = TerraformDefinitions.projectFolder().getParent();
    if (RuntimeEmulator.unavailable(checkout).isEmpty()) {
      return;
    }
    lambdaRuntimePreparing =
        inBackground(
            "lambda-runtime-prepare",
            () -> {
              long start = System.nanoTime();
              say(
                  "%-13s building the Runtime Interface Emulator with go install (once, about a"
                      + " minute)...",
                  "lambda");
              try {
                Path emulator = RuntimeEmulator.install(checkout, null);
                say(
                    "%-13s Runtime Interface Emulator built in %.0f s: %s",
                    "lambda", (System.nanoTime() - start) / 1e9, emulator);
              } catch (RuntimeException e) {
                say(
                    "%-13s Runtime Interface Emulator not built ahead: %s",
                    "lambda", e.getMessage());
              }
            });
  }

  /**
   * Work that overlaps the stack's start, on a daemon thread of its own: {@link #awaitPrepared}.
   */
  private static Thread inBackground(String name, Runnable work) {
    Thread thread = new Thread(work, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static void awaitPrepared(Thread preparing, String what) {
    if (preparing == null) {
      return;
    }
    try {
      preparing.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted while " + what + " was being prepared", e);
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
    if (supersetPreparing != null) {
      supersetPreparing.interrupt();
    }
    try {
      supervisor.stop("replay");
      supervisor.stop("lambda");
      if (supervisor.child("bridge").map(Child::alive).orElse(false)) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && queuedIfKnown() > 0) {
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
          Map.of("LOCALSTACK_DIR", dir("localstack").toString()));
    }
  }

  private long queuedIfKnown() {
    try {
      return access.hasQueue() ? access.queued() : 0;
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
