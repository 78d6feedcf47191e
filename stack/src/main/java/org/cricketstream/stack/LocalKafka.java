package org.cricketstream.stack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.BrokerServer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.security.scram.ScramLoginModule;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.common.utils.Time;
import org.cricketstream.topics.Replication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker in this JVM: KRaft, one node that is both broker and controller, every
 * listener bound to 127.0.0.1.
 *
 * <p>The data directory is persistent: it is formatted (standalone controller quorum) only when it
 * holds no formatted log directory yet, so a restart on the same directory keeps topics, records,
 * committed offsets and transaction state. Layout: {@code DIR/logs} is Kafka's log directory,
 * {@code DIR/server.properties} the effective configuration, rewritten on every start (handy to
 * read, or to run {@code kafka.Kafka} on the same data by hand).
 *
 * <p>Sized for one machine and for tests: replication factor 1 and min.insync.replicas 1 everywhere
 * (internal topics included, each with 1 partition), no initial rebalance delay, and no automatic
 * topic creation: topics are declared by the project, see {@link #createTopics}.
 *
 * <p>Optionally ({@link #startWithScram}) a second client listener, SASL_PLAINTEXT with
 * SCRAM-SHA-512, also on 127.0.0.1 and on its own port: clients there authenticate as {@link
 * #SCRAM_USER}, whose password is drawn (SecureRandom) on every start and set over the PLAINTEXT
 * listener, which stays the inter-broker and loopback listener. {@link #writeScramClientProperties}
 * writes the standard client properties for that user (file mode 0600), what a cluster such as MSK
 * or Confluent Cloud asks of its clients except TLS. No authorizer runs: an authenticated user may
 * do anything.
 *
 * <p>Kafka's own loggers are set to WARN (slf4j-simple) unless configured otherwise.
 */
public final class LocalKafka implements AutoCloseable {
  static {
    KafkaLogging.quietKafka();
  }

  private static final Logger LOG = LoggerFactory.getLogger(LocalKafka.class);

  /** The only address any listener binds and advertises. */
  public static final String HOST = "127.0.0.1";

  /** The user clients of the SCRAM listener authenticate as. */
  public static final String SCRAM_USER = "cricket";

  /** The SCRAM mechanism of the SCRAM listener. */
  public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";

  /** The SCRAM listener's name (and security protocol). */
  private static final String SCRAM_LISTENER = "SASL_PLAINTEXT";

  /** No SCRAM listener. */
  private static final int NO_SCRAM = -1;

  private static final int SCRAM_ITERATIONS = 8192;
  private static final int NODE_ID = 1;
  private static final int MAX_CONTROLLERS = 3;
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  /** A node of a cluster waits for a majority of the controllers, started beside it. */
  private static final Duration CLUSTER_READY_TIMEOUT = Duration.ofMinutes(3);

  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

  private final Path dataDir;
  private final int nodeId;
  private final int port;
  private final int controllerPort;
  private final int scramPort;
  private final String scramPassword;
  private final String clusterId;
  private final KafkaRaftServer server;
  private final AtomicBoolean closed = new AtomicBoolean();

  private LocalKafka(
      Path dataDir,
      int nodeId,
      int port,
      int controllerPort,
      int scramPort,
      String scramPassword,
      String clusterId,
      KafkaRaftServer server) {
    this.dataDir = dataDir;
    this.nodeId = nodeId;
    this.port = port;
    this.controllerPort = controllerPort;
    this.scramPort = scramPort;
    this.scramPassword = scramPassword;
    this.clusterId = clusterId;
    this.server = server;
  }

  /** Starts a broker on {@code dataDir} (created and formatted if needed) on a free port. */
  public static LocalKafka start(Path dataDir) {
    return start(dataDir, 0);
  }

  /**
   * Starts a broker on {@code dataDir} (created and formatted if needed), its PLAINTEXT listener on
   * 127.0.0.1:{@code port} ({@code 0}: a free port). Returns once the broker serves requests.
   */
  public static LocalKafka start(Path dataDir, int port) {
    return start(dataDir, port, Map.of());
  }

  /**
   * As {@link #start(Path, int)}, with broker configuration {@code overrides} applied last (for
   * example {@code "log.retention.ms"}). Listener and quorum settings are better left alone.
   */
  public static LocalKafka start(Path dataDir, int port, Map<String, String> overrides) {
    return start(dataDir, port, NO_SCRAM, overrides);
  }

  /**
   * As {@link #start(Path, int)}, with a second client listener, SASL_PLAINTEXT with SCRAM-SHA-512,
   * on 127.0.0.1:{@code scramPort} ({@code 0}: a free port), and the user {@link #SCRAM_USER}
   * created with a new random password. Returns once that user can connect there.
   */
  public static LocalKafka startWithScram(Path dataDir, int port, int scramPort) {
    if (scramPort < 0 || scramPort > 65_535) {
      throw new IllegalArgumentException("SCRAM port out of range: " + scramPort);
    }
    return start(dataDir, port, scramPort, Map.of());
  }

  private static LocalKafka start(
      Path dataDir, int port, int scramPortWanted, Map<String, String> overrides) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    Path dir = dataDir.toAbsolutePath().normalize();
    Path logDir = dir.resolve("logs");
    // each port is free until its listener binds, so the system may offer it again: draw anew;
    // drawn where the kernel draws, never one a stack keeps for a server still to start (Ports)
    Set<Integer> taken = new HashSet<>();
    int brokerPort = port == 0 ? Ports.ephemeral(taken) : port;
    taken.add(brokerPort);
    int scramPort =
        scramPortWanted == NO_SCRAM
            ? NO_SCRAM
            : scramPortWanted == 0 ? Ports.ephemeral(taken) : scramPortWanted;
    taken.add(scramPort);
    int controllerPort = Ports.ephemeral(taken);
    Properties config = config(logDir, brokerPort, controllerPort);
    if (scramPort != NO_SCRAM) {
      addScramListener(config, brokerPort, controllerPort, scramPort);
    }
    overrides.forEach(config::setProperty);
    return launch(
        dir,
        config,
        new Node(NODE_ID, brokerPort, controllerPort),
        1,
        scramPort,
        null,
        READY_TIMEOUT);
  }

  /**
   * One node of a KRaft cluster on this machine, each node its own process: {@code nodes} are the
   * whole cluster, in node-id order, with fixed ports; the first three (or all, when fewer) are
   * both broker and controller, a static controller quorum; the others are brokers only. Every node
   * of a cluster is formatted with the same {@code clusterId}. Internal topics (consumer offsets,
   * transaction state) take the replication of {@link Replication#forBrokers}, as the project's
   * topics do. Returns once this node serves requests as a broker of the cluster, which needs a
   * majority of the controllers up: start the nodes together.
   */
  public static LocalKafka startNode(Path dataDir, String clusterId, List<Node> nodes, int nodeId) {
    Node self =
        nodes.stream()
            .filter(n -> n.id() == nodeId)
            .findFirst()
            .orElseThrow(
                () -> new IllegalArgumentException("node " + nodeId + " is not one of " + nodes));
    Path dir = dataDir.toAbsolutePath().normalize();
    Properties config = clusterConfig(dir.resolve("logs"), nodes, self);
    return launch(dir, config, self, nodes.size(), NO_SCRAM, clusterId, CLUSTER_READY_TIMEOUT);
  }

  /** The nodes of a cluster that are controllers too: the first three. */
  public static List<Node> controllers(List<Node> nodes) {
    return nodes.subList(0, Math.min(nodes.size(), MAX_CONTROLLERS));
  }

  /**
   * A node of a cluster.
   *
   * @param id its {@code node.id}, from 1
   * @param port its PLAINTEXT client port on 127.0.0.1
   * @param controllerPort its CONTROLLER port on 127.0.0.1 (used by controllers only)
   */
  public record Node(int id, int port, int controllerPort) {
    public Node {
      if (id < 1) {
        throw new IllegalArgumentException("node ids start at 1, not " + id);
      }
    }
  }

  /**
   * Writes {@code config}, formats {@code dir} when it is new (standalone for a single node, with
   * {@code clusterId} for a node of a cluster), starts the server and waits until it is ready.
   */
  private static LocalKafka launch(
      Path dir,
      Properties config,
      Node self,
      int clusterSize,
      int scramPort,
      String clusterId,
      Duration readyTimeout) {
    long startNanos = System.nanoTime();
    Path logDir = dir.resolve("logs");
    Path configFile = dir.resolve("server.properties");
    try {
      Files.createDirectories(logDir);
      try (Writer out = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
        config.store(out, "Generated by " + LocalKafka.class.getName() + " on every start");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare Kafka data directory " + dir, e);
    }
    boolean formatted = Files.exists(logDir.resolve("meta.properties"));
    if (!formatted) {
      boolean standalone = clusterId == null;
      format(configFile, standalone ? Uuid.randomUuid().toString() : clusterId, standalone);
    } else if (clusterId != null && !clusterId.equals(readClusterId(logDir))) {
      throw new IllegalStateException(
          "the Kafka data in "
              + dir
              + " belongs to cluster "
              + readClusterId(logDir)
              + ", not "
              + clusterId
              + ": give this node a new data directory");
    }
    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(config, false), Time.SYSTEM);
    LocalKafka kafka;
    try {
      server.startup();
      kafka =
          new LocalKafka(
              dir,
              self.id(),
              self.port(),
              self.controllerPort(),
              scramPort,
              scramPort == NO_SCRAM ? null : newPassword(),
              readClusterId(logDir),
              server);
      kafka.awaitReady(clusterSize, readyTimeout);
      if (scramPort != NO_SCRAM) {
        kafka.createScramUser();
        kafka.awaitScramReady();
      }
    } catch (RuntimeException | Error e) {
      stop(server);
      throw e;
    }
    LOG.info(
        "Kafka {} node {} of {} on {}{} ({} data in {}, cluster {}) in {} ms",
        AppInfoParser.getVersion(),
        self.id(),
        clusterSize,
        kafka.bootstrapServers(),
        scramPort == NO_SCRAM
            ? ""
            : " and SASL_PLAINTEXT/" + SCRAM_MECHANISM + " on " + kafka.scramBootstrapServers(),
        formatted ? "existing" : "new",
        dir,
        kafka.clusterId,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    return kafka;
  }

  /** {@code 127.0.0.1:PORT}, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return HOST + ":" + port;
  }

  /**
   * {@code 127.0.0.1:PORT} of the SASL_PLAINTEXT/SCRAM-SHA-512 listener, for {@code
   * bootstrap.servers} of clients with {@link #scramClientProperties}.
   *
   * @throws IllegalStateException if the broker was not started {@link #startWithScram}
   */
  public String scramBootstrapServers() {
    requireScram();
    return HOST + ":" + scramPort;
  }

  /**
   * The standard Kafka client properties of {@link #SCRAM_USER} on the SCRAM listener
   * (security.protocol, sasl.mechanism, sasl.jaas.config with the password): a secret.
   */
  public Map<String, String> scramClientProperties() {
    requireScram();
    return scramClientProperties(SCRAM_USER, scramPassword);
  }

  /** The client properties of {@code user} with {@code password} for the SCRAM listener. */
  public static Map<String, String> scramClientProperties(String user, String password) {
    Map<String, String> props = new java.util.TreeMap<>();
    props.put("security.protocol", SCRAM_LISTENER);
    props.put("sasl.mechanism", SCRAM_MECHANISM);
    props.put(
        "sasl.jaas.config",
        ScramLoginModule.class.getName()
            + " required username=\""
            + user
            + "\" password=\""
            + password
            + "\";");
    return props;
  }

  /**
   * Writes {@link #scramClientProperties} to {@code file} as a Java properties file (what
   * CRICKET_KAFKA_PROPERTIES names), readable by its owner only: on a POSIX file system it is
   * created with mode 0600, then moved over any file already there. Returns {@code file}.
   */
  public Path writeScramClientProperties(Path file) {
    Properties props = new Properties();
    props.putAll(scramClientProperties());
    Path target = file.toAbsolutePath().normalize();
    try {
      Files.createDirectories(target.getParent());
      Path temp =
          target.getFileSystem().supportedFileAttributeViews().contains("posix")
              ? Files.createTempFile(
                  target.getParent(),
                  ".kafka-client-",
                  ".tmp",
                  PosixFilePermissions.asFileAttribute(
                      PosixFilePermissions.fromString("rw-------")))
              : Files.createTempFile(target.getParent(), ".kafka-client-", ".tmp");
      try {
        try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
          props.store(
              out, "Kafka client of " + this + " as " + SCRAM_USER + " (holds its password)");
        }
        Files.move(
            temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write Kafka client properties to " + target, e);
    }
    return target;
  }

  /** The PLAINTEXT (client) port. */
  public int port() {
    return port;
  }

  /** The CONTROLLER (KRaft) port, also on 127.0.0.1; clients never need it. */
  public int controllerPort() {
    return controllerPort;
  }

  /** The data directory given to {@code start}, absolute. */
  public Path dataDir() {
    return dataDir;
  }

  /** The cluster id, fixed when the data directory was formatted. */
  public String clusterId() {
    return clusterId;
  }

  /** A new admin client for this broker; the caller closes it. */
  public Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers(),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            (int) ADMIN_TIMEOUT.toMillis()));
  }

  /**
   * Creates the topics that do not exist yet (an existing topic is left as it is, whatever its
   * settings) and waits until every partition of each has a leader, so producers can use them at
   * once.
   */
  public void createTopics(Collection<NewTopic> topics) {
    try (Admin admin = admin()) {
      List<String> names = new ArrayList<>();
      for (NewTopic topic : topics) {
        names.add(topic.name());
      }
      var futures = admin.createTopics(topics).values();
      for (var entry : futures.entrySet()) {
        try {
          entry.getValue().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topic " + entry.getKey(), e.getCause());
          }
        }
      }
      awaitLeaders(admin, names);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out creating topics on " + bootstrapServers(), e);
    }
  }

  /** Stops the broker (controlled shutdown) and waits until it has stopped; idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      long startNanos = System.nanoTime();
      stop(server);
      LOG.info(
          "Kafka on {} stopped in {} ms",
          bootstrapServers(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }
  }

  @Override
  public String toString() {
    return "LocalKafka["
        + bootstrapServers()
        + (scramPort == NO_SCRAM ? "" : ", SCRAM " + HOST + ":" + scramPort)
        + ", "
        + dataDir
        + "]";
  }

  /**
   * Adds the SASL_PLAINTEXT listener with SCRAM-SHA-512 only; PLAINTEXT stays the inter-broker
   * listener, so the broker itself needs no credentials (its JAAS entry holds none).
   */
  static void addScramListener(Properties p, int brokerPort, int controllerPort, int scramPort) {
    String scram = SCRAM_LISTENER + "://" + HOST + ":" + scramPort;
    p.setProperty(
        "listeners",
        "PLAINTEXT://"
            + HOST
            + ":"
            + brokerPort
            + ","
            + scram
            + ",CONTROLLER://"
            + HOST
            + ":"
            + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort + "," + scram);
    p.setProperty(
        "listener.security.protocol.map",
        "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT," + SCRAM_LISTENER + ":" + SCRAM_LISTENER);
    String listener = "listener.name." + SCRAM_LISTENER.toLowerCase(Locale.ROOT) + ".";
    p.setProperty(listener + "sasl.enabled.mechanisms", SCRAM_MECHANISM);
    p.setProperty(
        listener + SCRAM_MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config",
        ScramLoginModule.class.getName() + " required;");
  }

  /** Sets {@link #SCRAM_USER}'s password (a new one on every start), over PLAINTEXT. */
  private void createScramUser() {
    try (Admin admin = admin()) {
      admin
          .alterUserScramCredentials(
              List.of(
                  new UserScramCredentialUpsertion(
                      SCRAM_USER,
                      new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS),
                      scramPassword)))
          .all()
          .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating the SCRAM user", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "cannot create the SCRAM user on " + bootstrapServers() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Waits until {@link #SCRAM_USER} can connect to the SCRAM listener: the credential reaches the
   * broker's cache through the metadata log, shortly after it was set.
   */
  private void awaitScramReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    Map<String, Object> config = new java.util.HashMap<>(scramClientProperties());
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, scramBootstrapServers());
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
    while (true) {
      try (Admin admin = Admin.create(config)) {
        admin.describeCluster().nodes().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof SaslAuthenticationException)
            || System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "the SCRAM listener on " + scramBootstrapServers() + " did not accept " + SCRAM_USER,
              e.getCause());
        }
        LOG.debug("SCRAM user not known yet: {}", e.getCause().toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the SCRAM listener", e);
      } catch (TimeoutException e) {
        throw new IllegalStateException(
            "the SCRAM listener on " + scramBootstrapServers() + " did not answer", e);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the SCRAM listener", e);
      }
    }
  }

  private void requireScram() {
    if (scramPort == NO_SCRAM) {
      throw new IllegalStateException(this + " has no SCRAM listener (see startWithScram)");
    }
  }

  /** A password of 32 URL-safe characters (192 random bits). */
  private static String newPassword() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** {@code log.cleaner.dedupe.buffer.size}: see {@link #config}. */
  static final int DEDUPE_BUFFER_BYTES = 16 * 1024 * 1024;

  static Properties config(Path logDir, int port, int controllerPort) {
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", Integer.toString(NODE_ID));
    p.setProperty(
        "listeners",
        "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("controller.quorum.bootstrap.servers", HOST + ":" + controllerPort);
    p.setProperty("log.dirs", logDir.toString());
    // one node: replication factor 1 and min.isr 1 everywhere, internal topics included
    p.setProperty("default.replication.factor", "1");
    p.setProperty("min.insync.replicas", "1");
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("offsets.topic.num.partitions", "1");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("transaction.state.log.num.partitions", "1");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    p.setProperty("share.coordinator.state.topic.num.partitions", "1");
    p.setProperty("num.partitions", "1");
    // The log cleaner's offset map, allocated whole on the heap at start: Kafka's default (128
    // MiB) was most of an idle broker's heap. 16 MiB holds about 600,000 keys per cleaning pass;
    // the compacted topics here (consumer offsets, transaction state, Connect's) have thousands.
    p.setProperty("log.cleaner.dedupe.buffer.size", Integer.toString(DEDUPE_BUFFER_BYTES));
    // fast tests: a consumer group starts at once; topics are declared, never auto-created
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    p.setProperty("auto.create.topics.enable", "false");
    return p;
  }

  /**
   * The configuration of {@code self} in a cluster of {@code nodes}: as {@link #config}, with a
   * static quorum of the {@link #controllers}, and the cluster's replication for internal topics
   * and as the default (the project's topics set their own, from the same rule).
   */
  static Properties clusterConfig(Path logDir, List<Node> nodes, Node self) {
    List<Node> controllers = controllers(nodes);
    boolean controller = controllers.contains(self);
    Properties p = config(logDir, self.port(), self.controllerPort());
    p.setProperty("node.id", Integer.toString(self.id()));
    p.remove("controller.quorum.bootstrap.servers");
    p.setProperty(
        "controller.quorum.voters",
        String.join(
            ",",
            controllers.stream()
                .map(n -> n.id() + "@" + HOST + ":" + n.controllerPort())
                .toList()));
    if (!controller) {
      p.setProperty("process.roles", "broker");
      p.setProperty("listeners", "PLAINTEXT://" + HOST + ":" + self.port());
    }
    Replication replication = Replication.forBrokers(nodes.size());
    String factor = Short.toString(replication.factor());
    String minIsr = Integer.toString(replication.minInsyncReplicas());
    p.setProperty("default.replication.factor", factor);
    p.setProperty("min.insync.replicas", minIsr);
    p.setProperty("offsets.topic.replication.factor", factor);
    p.setProperty("transaction.state.log.replication.factor", factor);
    p.setProperty("transaction.state.log.min.isr", minIsr);
    p.setProperty("share.coordinator.state.topic.replication.factor", factor);
    p.setProperty("share.coordinator.state.topic.min.isr", minIsr);
    return p;
  }

  /**
   * Formats the log directory of {@code configFile} for cluster {@code clusterId}: as a standalone
   * controller quorum, or as a node of the static quorum its configuration names.
   */
  private static void format(Path configFile, String clusterId, boolean standalone) {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int exit;
    try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      List<String> args =
          new ArrayList<>(
              List.of("format", "--config", configFile.toString(), "--cluster-id", clusterId));
      if (standalone) {
        args.add("--standalone");
      }
      args.add("--ignore-formatted");
      exit = StorageTool.execute(args.toArray(String[]::new), out);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot format Kafka storage: " + output.toString(StandardCharsets.UTF_8).strip(), e);
    }
    String message = output.toString(StandardCharsets.UTF_8).strip();
    if (exit != 0) {
      throw new IllegalStateException("cannot format Kafka storage (" + exit + "): " + message);
    }
    LOG.debug("formatted Kafka storage: {}", message);
  }

  private static String readClusterId(Path logDir) {
    Properties meta = new Properties();
    try (var in = Files.newBufferedReader(logDir.resolve("meta.properties"))) {
      meta.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return meta.getProperty("cluster.id");
  }

  /**
   * Waits until the PLAINTEXT listener answers as a broker of a cluster of {@code clusterSize}:
   * this node is one of its brokers (the only one when it is alone).
   */
  private void awaitReady(int clusterSize, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = admin()) {
      while (true) {
        try {
          Collection<org.apache.kafka.common.Node> nodes =
              admin.describeCluster().nodes().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
          boolean listed = nodes.stream().anyMatch(n -> n.id() == nodeId);
          if (listed && (clusterSize > 1 || nodes.size() == 1)) {
            return;
          }
          if (clusterSize == 1) {
            throw new IllegalStateException(
                "unexpected cluster on " + bootstrapServers() + ": " + nodes);
          }
        } catch (ExecutionException | TimeoutException e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                "Kafka on " + bootstrapServers() + " did not become ready", e);
          }
          LOG.debug("node {} not ready yet: {}", nodeId, e.toString());
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Kafka node " + nodeId + " on " + bootstrapServers() + " did not join its cluster");
        }
        Thread.sleep(200);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Kafka", e);
    }
  }

  private static void awaitLeaders(Admin admin, Collection<String> names)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
    Set<String> pending = new HashSet<>(names);
    while (!pending.isEmpty()) {
      try {
        Map<String, TopicDescription> descriptions =
            admin.describeTopics(pending).allTopicNames().get();
        for (TopicDescription description : descriptions.values()) {
          boolean led = true;
          for (TopicPartitionInfo partition : description.partitions()) {
            led &= partition.leader() != null && !partition.leader().isEmpty();
          }
          if (led) {
            pending.remove(description.name());
          }
        }
      } catch (ExecutionException e) {
        // not yet known to the broker's metadata cache: retry
        LOG.debug("topics {} not ready yet: {}", pending, e.getCause().toString());
      }
      if (!pending.isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new TimeoutException("topics without leaders: " + pending);
        }
        Thread.sleep(20);
      }
    }
  }

  /**
   * How long a node's broker waits for its controller to approve its controlled shutdown (moving
   * its partitions' leadership away first), where Kafka waits 5 minutes. The approval is a record
   * in the metadata log, so it never comes to a node stopped after a majority of the controllers:
   * the last nodes of a cluster stopped together, or one by one. Such a node then shut down after
   * Kafka's 5 minutes (a test's cluster) or was killed after its stop timeout ({@code up --brokers
   * 3}). A node of a working cluster gets its approval within a second or two.
   */
  static final Duration CONTROLLED_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

  private static void stop(KafkaRaftServer server) {
    // the broker first, with a bounded wait for the approval; the server's own shutdown then finds
    // it stopped and stops the controller
    brokerOf(server).ifPresent(broker -> broker.shutdown(CONTROLLED_SHUTDOWN_TIMEOUT));
    server.shutdown();
    server.awaitShutdown();
  }

  /**
   * The broker of a node: {@link KafkaRaftServer} keeps it private and shuts it down with a wait of
   * 5 minutes, so it is read by reflection; empty (the server's own shutdown then) where the field
   * is not there.
   */
  private static Optional<BrokerServer> brokerOf(KafkaRaftServer server) {
    try {
      Field field = KafkaRaftServer.class.getDeclaredField("broker");
      field.setAccessible(true);
      scala.Option<?> broker = (scala.Option<?>) field.get(server);
      return broker.isDefined() ? Optional.of((BrokerServer) broker.get()) : Optional.empty();
    } catch (ReflectiveOperationException | ClassCastException | SecurityException e) {
      LOG.warn(
          "cannot bound the broker's controlled shutdown ({}): Kafka waits up to 5 minutes",
          e.toString());
      return Optional.empty();
    }
  }

  /** A port free on 127.0.0.1 right now, none of {@code taken} ({@link Ports}). */
  public static int freePort(Set<Integer> taken) {
    return Ports.free(taken);
  }

  /** {@code count} different ports free on 127.0.0.1 right now ({@link Ports}). */
  public static List<Integer> freePorts(int count) {
    return Ports.free(count, Set.of());
  }

  /** A port free on 127.0.0.1 right now ({@link Ports}). */
  public static int freePort() {
    return Ports.free(Set.of());
  }
}
