package org.cricketstream.sources;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.cricketstream.config.KafkaClientProperties;
import org.cricketstream.sources.connect.ConnectWorker;
import org.cricketstream.sources.connect.Connectors;
import org.cricketstream.sources.replay.PostgresOdiSink;
import org.cricketstream.stack.LocalKafka;
import org.cricketstream.stack.LocalMongo;
import org.cricketstream.stack.LocalPostgres;
import org.cricketstream.topics.TopicAdmin;
import org.cricketstream.topics.TopicRetention;
import org.cricketstream.topics.Topics;

/** The real servers behind the sources: Kafka, MongoDB, PostgreSQL and a Connect worker. */
final class SourcesStack implements AutoCloseable {
  static final String DATABASE = "cricket";
  static final String CONNECT_GROUP = "cricket-connect";

  final Path dir;
  final LocalKafka kafka;

  /** The listener every client here uses: PLAINTEXT, or SASL_PLAINTEXT/SCRAM. */
  final String bootstrapServers;

  /** How the clients reach it: none, or the SCRAM user's properties file. */
  final KafkaClientProperties client;

  LocalMongo mongo;
  LocalPostgres postgres;
  ConnectWorker connect;
  private final int mongoPort;
  private final int postgresPort;

  SourcesStack(Path dir) {
    this(dir, false);
  }

  /**
   * With {@code scram}, the broker opens its SCRAM listener and every client here (topic creation,
   * the Connect worker and its connectors, the test's readers) goes through it with the SCRAM
   * user's client properties file, as against a cluster that wants SASL.
   */
  SourcesStack(Path dir, boolean scram) {
    this.dir = dir;
    if (scram) {
      kafka = LocalKafka.startWithScram(dir.resolve("kafka"), 0, 0);
      bootstrapServers = kafka.scramBootstrapServers();
      client =
          KafkaClientProperties.load(
              kafka.writeScramClientProperties(dir.resolve("kafka-client.properties")));
    } else {
      kafka = LocalKafka.start(dir.resolve("kafka"));
      bootstrapServers = kafka.bootstrapServers();
      client = KafkaClientProperties.NONE;
    }
    TopicAdmin.ensure(bootstrapServers, client, Topics.all(), TopicRetention.fromEnvironment());
    mongo = LocalMongo.start(dir.resolve("mongo"));
    mongoPort = mongo.port();
    postgres = LocalPostgres.start(dir.resolve("postgres"));
    postgresPort = postgres.port();
    postgres.createDatabase(DATABASE);
    try (Connection c =
        DriverManager.getConnection(postgresUrl(), LocalPostgres.USER, postgres.password())) {
      PostgresOdiSink.createSchema(c);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    startConnect();
  }

  /** The REST API of the running worker. */
  Connectors connectors;

  String postgresUrl() {
    return postgres.jdbcUrl(DATABASE);
  }

  void startConnect() {
    connect = ConnectWorker.start(bootstrapServers, client, CONNECT_GROUP, 0);
    connectors = new Connectors(connect.restUrl());
    Map<String, String> values = connectorValues();
    connectors.apply(Connectors.T20I_MONGO, Connectors.config(Connectors.T20I_MONGO, values));
    connectors.apply(Connectors.ODI_POSTGRES, Connectors.config(Connectors.ODI_POSTGRES, values));
    connectors.awaitRunning(Connectors.T20I_MONGO, Duration.ofMinutes(2));
    connectors.awaitRunning(Connectors.ODI_POSTGRES, Duration.ofMinutes(2));
    watchConnectors(connectors);
  }

  /** What the connector configurations' placeholders stand for on this stack. */
  Map<String, String> connectorValues() {
    return Map.of(
        "MONGO_URI",
        mongo.uri(),
        "PG_HOST",
        "127.0.0.1",
        "PG_PORT",
        String.valueOf(postgres.port()),
        "PG_USER",
        LocalPostgres.USER,
        "PG_PASSWORD",
        postgres.password(),
        "PG_DATABASE",
        DATABASE);
  }

  /**
   * Restarts failed tasks as {@code up}'s supervisor does: Debezium fails its task when its
   * database goes away (errors.max.retries 0), and a new task resumes from its offsets.
   */
  private static void watchConnectors(Connectors watched) {
    Thread watch =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                try {
                  for (String name : List.of(Connectors.T20I_MONGO, Connectors.ODI_POSTGRES)) {
                    if (watched.failed(name)) {
                      watched.restartFailed(name);
                    }
                  }
                  Thread.sleep(1000);
                } catch (InterruptedException e) {
                  return;
                } catch (RuntimeException e) {
                  // the worker is stopping or restarting: look again
                }
              }
            },
            "connector-watch");
    watch.setDaemon(true);
    watch.start();
  }

  void stopConnect() {
    connect.close();
  }

  void restartDatabases() {
    mongo.close();
    postgres.close();
    mongo = LocalMongo.start(dir.resolve("mongo"), mongoPort);
    postgres = LocalPostgres.start(dir.resolve("postgres"), postgresPort);
  }

  @Override
  public void close() {
    connect.close();
    mongo.close();
    postgres.close();
    kafka.close();
  }
}
