package org.cricketstream.stack;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.server.ElasticMQServer;
import org.elasticmq.server.config.ElasticMQServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A real SQS API (ElasticMQ) in this JVM on 127.0.0.1: long polling, visibility timeouts,
 * redelivery, message deletion and redrive to a dead-letter queue behave as on AWS. Queue URLs name
 * this server; ARNs use {@link AwsClients#REGION} and {@link AwsClients#ACCOUNT}.
 *
 * <p>Without a data folder queues and messages live in memory: a restart starts empty. With one
 * ({@link #start(int, Path)}) ElasticMQ's message storage is on: every queue and every message
 * change (send, receive, visibility change, delete) is written to an H2 file in that folder before
 * the SQS call answers, so a restart on the same folder, also after the process was killed, gets
 * back every queue and every message not yet deleted, with its receive count. ElasticMQ's
 * persistence keeps one connection pool per JVM (scalikejdbc's singleton), so one persistent
 * LocalSqs at a time runs in a JVM.
 */
public final class LocalSqs implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalSqs.class);

  /** The H2 database's name in the data folder (H2 adds {@code .mv.db}). */
  static final String DATABASE = "elasticmq";

  /** How long a persistent start waits for ElasticMQ to restore what its folder holds. */
  private static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(60);

  /** How long, once the queues are back, a start waits for their messages. */
  private static final Duration MESSAGES_TIMEOUT = Duration.ofSeconds(20);

  /** The one persistent server of this JVM (see the class comment). */
  private static final AtomicBoolean PERSISTENT_RUNNING = new AtomicBoolean();

  private final Runnable stop;
  private final int port;
  private final Optional<Path> dataDir;
  private final AtomicBoolean closed = new AtomicBoolean();

  private LocalSqs(Runnable stop, int port, Optional<Path> dataDir) {
    this.stop = stop;
    this.port = port;
    this.dataDir = dataDir;
  }

  /** Starts on a free port, in memory. */
  public static LocalSqs start() {
    return start(0);
  }

  /** Starts on {@code port} (0: a free one), in memory, and returns once it serves requests. */
  public static LocalSqs start(int port) {
    long started = System.nanoTime();
    int p = port == 0 ? LocalKafka.freePort() : port;
    SQSRestServer server =
        SQSRestServerBuilder.withInterface(LocalKafka.HOST)
            .withPort(p)
            .withServerAddress(NodeAddress.apply("http", LocalKafka.HOST, p, ""))
            .withAWSRegion(AwsClients.REGION)
            .withAWSAccountId(AwsClients.ACCOUNT)
            .start();
    server.waitUntilStarted();
    LOG.info(
        "SQS (ElasticMQ, in memory) on {} in {} ms",
        "http://" + LocalKafka.HOST + ":" + p,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    return new LocalSqs(server::stopAndWait, p, Optional.empty());
  }

  /**
   * Starts on {@code port} (0: a free one) with queues and messages kept in {@code dataDir}
   * (created if needed) and restored from it, and returns once it serves requests.
   */
  public static LocalSqs start(int port, Path dataDir) {
    long started = System.nanoTime();
    Path dir = dataDir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create SQS data directory " + dir, e);
    }
    if (!PERSISTENT_RUNNING.compareAndSet(false, true)) {
      throw new IllegalStateException(
          "a persistent LocalSqs already runs in this JVM (ElasticMQ keeps one database per JVM)");
    }
    int p = port == 0 ? LocalKafka.freePort() : port;
    Runnable stop;
    String uri = "jdbc:h2:file:" + dir.resolve(DATABASE) + ";WRITE_DELAY=0";
    Stored stored;
    try {
      openPool(uri);
      stored = stored(uri);
      ElasticMQServer server = new ElasticMQServer(new ElasticMQServerConfig(config(p, uri)));
      scala.Function0<?> shutdown = server.start();
      stop =
          () -> {
            shutdown.apply();
            // closes the pool, so H2 closes the file; a restart in this JVM reads it again
            scalikejdbc.ConnectionPool$.MODULE$.closeAll();
            PERSISTENT_RUNNING.set(false);
          };
    } catch (RuntimeException e) {
      scalikejdbc.ConnectionPool$.MODULE$.closeAll(); // so a locked file is let go at once
      PERSISTENT_RUNNING.set(false);
      throw new IllegalStateException(
          "ElasticMQ did not start on port " + p + " over " + dir + ": " + e, e);
    }
    LocalSqs sqs = new LocalSqs(stop, p, Optional.of(dir));
    try (SqsClient client = sqs.client()) {
      awaitRestored(client, stored, dir);
    } catch (RuntimeException e) {
      sqs.close();
      throw e;
    }
    LOG.info(
        "SQS (ElasticMQ, kept in {}) on {} with {} queue(s) and {} message(s) restored in {} ms",
        dir,
        sqs.endpoint(),
        stored.queues().size(),
        stored.messages(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    return sqs;
  }

  /** What the data folder holds: queue names and how many messages in all. */
  private record Stored(Set<String> queues, long messages) {}

  /** Reads the H2 file ElasticMQ writes: its table {@code queue}, and one table per queue. */
  private static Stored stored(String uri) {
    Set<String> queues = new TreeSet<>();
    long messages = 0;
    try (Connection c = DriverManager.getConnection(uri, "", "");
        Statement statement = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs =
          statement.executeQuery(
              "select table_name from information_schema.tables"
                  + " where table_schema = 'PUBLIC'")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      for (String table : tables) {
        if (table.equalsIgnoreCase("QUEUE")) {
          try (ResultSet rs = statement.executeQuery("select name from queue")) {
            while (rs.next()) {
              queues.add(rs.getString(1));
            }
          }
        } else if (table.toUpperCase(Locale.ROOT).startsWith("MESSAGE_")) {
          try (ResultSet rs = statement.executeQuery("select count(*) from \"" + table + "\"")) {
            rs.next();
            messages += rs.getLong(1);
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the SQS data in " + uri + ": " + e, e);
    }
    return new Stored(queues, messages);
  }

  /**
   * Waits until ElasticMQ has restored what the folder holds: its start returns while the restore
   * still runs, so a queue or a message would otherwise look missing for a moment. A queue that
   * does not come back is an error; fewer messages than kept only a warning, since ElasticMQ drops
   * those past their queue's retention period.
   */
  private static void awaitRestored(SqsClient client, Stored stored, Path dir) {
    long deadline = System.nanoTime() + RESTORE_TIMEOUT.toNanos();
    Set<String> listed = listed(client);
    while (!listed.containsAll(stored.queues())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "ElasticMQ did not restore the queues kept in "
                + dir
                + " within "
                + RESTORE_TIMEOUT.toSeconds()
                + " s (see its log): "
                + stored.queues()
                + " kept, "
                + listed
                + " listed");
      }
      pause(dir);
      listed = listed(client);
    }
    long messageDeadline = System.nanoTime() + MESSAGES_TIMEOUT.toNanos();
    long messages = messages(client, stored.queues());
    while (messages < stored.messages() && System.nanoTime() < messageDeadline) {
      pause(dir);
      messages = messages(client, stored.queues());
    }
    if (messages < stored.messages()) {
      LOG.warn(
          "ElasticMQ restored {} of the {} message(s) kept in {}; the others were past their"
              + " queue's retention period, or its log says why",
          messages,
          stored.messages(),
          dir);
    }
  }

  private static Set<String> listed(SqsClient client) {
    Set<String> listed = new TreeSet<>();
    for (String url : client.listQueues().queueUrls()) {
      listed.add(url.substring(url.lastIndexOf('/') + 1));
    }
    return listed;
  }

  /** Messages on the queues, visible, in flight or delayed. */
  private static long messages(SqsClient client, Set<String> queues) {
    long messages = 0;
    for (String name : queues) {
      String url = client.getQueueUrl(b -> b.queueName(name)).queueUrl();
      Map<QueueAttributeName, String> counts =
          client
              .getQueueAttributes(
                  b ->
                      b.queueUrl(url)
                          .attributeNames(
                              QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                              QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                              QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
              .attributes();
      for (String count : counts.values()) {
        messages += Long.parseLong(count);
      }
    }
    return messages;
  }

  private static void pause(Path dir) {
    try {
      TimeUnit.MILLISECONDS.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while ElasticMQ restored " + dir, e);
    }
  }

  /**
   * Opens the JVM's one scalikejdbc pool on {@code uri}. ElasticMQ opens it only the first time a
   * persistent server starts in a JVM and never again, so a second server, on whatever folder,
   * would write into the first one's file, or, after {@link #close} closed the pool, nowhere.
   */
  private static void openPool(String uri) {
    try {
      Class.forName("org.h2.Driver");
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("the H2 driver is not on the class path", e);
    }
    scalikejdbc.ConnectionPool$ pools = scalikejdbc.ConnectionPool$.MODULE$;
    scalikejdbc.ConnectionPoolSettings settings = pools.singleton$default$4();
    pools.singleton(uri, "", "", settings, pools.singleton$default$5(uri, "", "", settings));
  }

  /**
   * ElasticMQ's server configuration: its defaults, bound to 127.0.0.1, with the message storage in
   * an H2 file. WRITE_DELAY=0: H2 writes each commit at once instead of within half a second, so a
   * process killed right after an SQS call answered still has it on disk.
   */
  private static Config config(int port, String uri) {
    Map<String, Object> settings =
        Map.ofEntries(
            Map.entry("rest-sqs.bind-hostname", LocalKafka.HOST),
            Map.entry("rest-sqs.bind-port", port),
            Map.entry("node-address.protocol", "http"),
            Map.entry("node-address.host", LocalKafka.HOST),
            Map.entry("node-address.port", port),
            Map.entry("node-address.context-path", ""),
            Map.entry("generate-node-address", false),
            Map.entry("aws.region", AwsClients.REGION),
            Map.entry("aws.accountId", AwsClients.ACCOUNT),
            Map.entry("messages-storage.enabled", true),
            Map.entry("messages-storage.driver-class", "org.h2.Driver"),
            Map.entry("messages-storage.uri", uri),
            Map.entry("messages-storage.prune-data-on-init", false));
    return ConfigFactory.parseMap(settings)
        .withFallback(ConfigFactory.load(ElasticMQServer.class.getClassLoader()));
  }

  public URI endpoint() {
    return URI.create("http://" + LocalKafka.HOST + ":" + port);
  }

  public int port() {
    return port;
  }

  /** Where queues and messages are kept; empty: in memory. */
  public Optional<Path> dataDir() {
    return dataDir;
  }

  /** A new client for this server; the caller closes it. */
  public SqsClient client() {
    return AwsClients.sqs(endpoint());
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      stop.run();
    }
  }

  @Override
  public String toString() {
    return "LocalSqs[" + endpoint() + dataDir.map(d -> ", " + d).orElse("") + "]";
  }
}
