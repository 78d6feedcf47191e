package org.cricketstream.cli.up;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.cricketstream.config.KafkaClientProperties;
import org.cricketstream.stack.LocalKafka;
import org.cricketstream.stack.LocalPostgres;

/**
 * The health checks of the stack's components, each asking the component over its own protocol:
 * Kafka's Admin API, a JDBC connection, a MongoDB ping, an HTTP request. None reads a log.
 */
final class HealthChecks {
  private HealthChecks() {}

  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** Kafka answers {@code describeCluster} with at least one broker. */
  static Component.Health kafka(String bootstrap, KafkaClientProperties client) {
    return new AdminHealth(bootstrap, client, null);
  }

  /**
   * The processor runs and its Kafka Streams application is a stable member of its group: the
   * broker sees it consuming, which a process that is alive but stuck or fenced would not show.
   */
  static Component.Health streamsGroup(
      String bootstrap, KafkaClientProperties client, String group) {
    return new AdminHealth(bootstrap, client, group);
  }

  /**
   * PostgreSQL takes a login of its superuser, with the password {@link LocalPostgres#prepare} set,
   * and the connection is valid.
   */
  static Component.Health postgres(int port, Path dataDir) {
    return child -> {
      Properties props = new Properties();
      props.put("user", LocalPostgres.USER);
      props.put("password", LocalPostgres.superuserPassword(dataDir));
      props.put("connectTimeout", "5");
      props.put("loginTimeout", "5");
      props.put("socketTimeout", "5");
      try (Connection c =
          DriverManager.getConnection(
              "jdbc:postgresql://" + LocalKafka.HOST + ":" + port + "/postgres", props)) {
        return c.isValid((int) TIMEOUT.toSeconds());
      }
    };
  }

  /** MongoDB answers {@code ping}. */
  static Component.Health mongo(String uri) {
    return new MongoHealth(uri);
  }

  /**
   * Each URI answers HTTP with a status below 500: the server is there (S3 refuses an unsigned
   * request with 403, which is an answer).
   */
  static Component.Health answers(List<URI> uris) {
    return child -> {
      for (URI uri : uris) {
        if (status(uri) >= 500) {
          return false;
        }
      }
      return true;
    };
  }

  /**
   * Kafka Connect's REST API answers and each of {@code connectors} is created and running (its
   * tasks are watched apart, by {@link ConnectorWatch}, and restarted without the worker).
   */
  static Component.Health connect(String restUrl, List<String> connectors) {
    return child -> {
      Map<String, ConnectorWatch.Connector> running = new java.util.HashMap<>();
      ConnectorWatch.read(restUrl).forEach(c -> running.put(c.name(), c));
      for (String name : connectors) {
        ConnectorWatch.Connector c = running.get(name);
        if (c == null || !"RUNNING".equals(c.state())) {
          throw new IllegalStateException(
              "connector " + name + " is " + (c == null ? "not created yet" : c.state()));
        }
      }
      return true;
    };
  }

  /** The URI answers 200 (Superset's /health). */
  static Component.Health ok(URI uri) {
    return child -> status(uri) == 200;
  }

  private static int status(URI uri) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /** One Admin client kept across checks. */
  private static final class AdminHealth implements Component.Health {
    private final Properties props = new Properties();
    private final String group;
    private final List<String> bootstrap;
    private Admin admin;

    AdminHealth(String bootstrap, KafkaClientProperties client, String group) {
      props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      client.applyTo(props);
      props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
      props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
      this.group = group;
      this.bootstrap =
          java.util.Arrays.stream(bootstrap.split(",", -1)).map(String::strip).toList();
    }

    /** Whether a bootstrap address takes a TCP connection. */
    private static boolean listens(String address) {
      int colon = address.lastIndexOf(':');
      try (java.net.Socket socket = new java.net.Socket()) {
        socket.connect(
            new java.net.InetSocketAddress(
                address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))),
            (int) TIMEOUT.toMillis());
        return true;
      } catch (java.io.IOException | RuntimeException e) {
        return false;
      }
    }

    @Override
    public synchronized boolean check(Child child) throws Exception {
      if (!child.alive()) {
        return false;
      }
      // a cluster works on while one of its brokers is down
      if (bootstrap.stream().noneMatch(AdminHealth::listens)) {
        close(); // an Admin client left without a broker logs a warning a second
        return false;
      }
      if (admin == null) {
        admin = Admin.create(props);
      }
      if (group == null) {
        return !admin
            .describeCluster()
            .nodes()
            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .isEmpty();
      }
      ConsumerGroupDescription d =
          admin
              .describeConsumerGroups(List.of(group))
              .describedGroups()
              .get(group)
              .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (d.groupState() != GroupState.STABLE || d.members().isEmpty()) {
        throw new IllegalStateException(
            "group "
                + group
                + " is "
                + d.groupState()
                + " with "
                + d.members().size()
                + " members");
      }
      return true;
    }

    @Override
    public synchronized void close() {
      if (admin != null) {
        admin.close(Duration.ofSeconds(5));
        admin = null;
      }
    }
  }

  /** One MongoDB client kept across checks. */
  private static final class MongoHealth implements Component.Health {
    private final String uri;
    private com.mongodb.client.MongoClient client;

    MongoHealth(String uri) {
      this.uri = uri;
    }

    @Override
    public synchronized boolean check(Child child) {
      if (client == null) {
        client =
            com.mongodb.client.MongoClients.create(
                com.mongodb.MongoClientSettings.builder()
                    .applyConnectionString(new com.mongodb.ConnectionString(uri))
                    .applyToClusterSettings(
                        b -> b.serverSelectionTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                    .applyToSocketSettings(
                        b ->
                            b.connectTimeout((int) TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                                .readTimeout((int) TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                    .build());
      }
      client.getDatabase("admin").runCommand(new org.bson.Document("ping", 1));
      return true;
    }

    @Override
    public synchronized void close() {
      if (client != null) {
        client.close();
        client = null;
      }
    }
  }
}
