package org.cricketstream.sources;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.cricketstream.config.Setting;

/**
 * Where the source systems are, declared once, from the environment with defaults for a local
 * stack. Point them at production systems the same way: MONGO_URI at Atlas, POSTGRES_URL at
 * Supabase.
 *
 * @param mongoUri MONGO_URI, default mongodb://127.0.0.1:27017
 * @param postgresUrl POSTGRES_URL (JDBC), default jdbc:postgresql://127.0.0.1:5432/cricket
 * @param postgresUser POSTGRES_USER, default postgres
 * @param postgresPassword POSTGRES_PASSWORD, default empty
 * @param captureUser POSTGRES_CAPTURE_USER: the role Debezium reads the changes as (REPLICATION and
 *     SELECT on the ODI tables), default POSTGRES_USER
 * @param capturePassword POSTGRES_CAPTURE_PASSWORD, default POSTGRES_PASSWORD
 */
public record SourcesSettings(
    String mongoUri,
    String postgresUrl,
    String postgresUser,
    String postgresPassword,
    String captureUser,
    String capturePassword) {

  /** Settings where Debezium reads as the same role the application writes as. */
  public SourcesSettings(
      String mongoUri, String postgresUrl, String postgresUser, String postgresPassword) {
    this(mongoUri, postgresUrl, postgresUser, postgresPassword, postgresUser, postgresPassword);
  }

  public static final Setting<String> MONGO_URI =
      Setting.text("MONGO_URI", "mongodb://127.0.0.1:27017", "the T20I MongoDB (e.g. Atlas)")
          .check(
              u -> u.startsWith("mongodb://") || u.startsWith("mongodb+srv://"),
              "a mongodb:// or mongodb+srv:// URI");
  public static final Setting<String> POSTGRES_URL =
      Setting.text(
              "POSTGRES_URL",
              "jdbc:postgresql://127.0.0.1:5432/cricket",
              "the ODI PostgreSQL, as a JDBC URL (e.g. Supabase)")
          .check(
              u -> u.startsWith("jdbc:postgresql://"),
              "a jdbc:postgresql://HOST:PORT/DATABASE URL");
  public static final Setting<String> POSTGRES_USER =
      Setting.text("POSTGRES_USER", "postgres", "its user");
  public static final Setting<String> POSTGRES_PASSWORD =
      Setting.text("POSTGRES_PASSWORD", "", "its password").secret();
  public static final Setting<String> CAPTURE_USER =
      Setting.text(
          "POSTGRES_CAPTURE_USER", null, "the role Debezium captures as (default POSTGRES_USER)");
  public static final Setting<String> CAPTURE_PASSWORD =
      Setting.text("POSTGRES_CAPTURE_PASSWORD", null, "its password (default POSTGRES_PASSWORD)")
          .secret();

  /** Every setting of the sources, in the order help shows them. */
  public static final List<Setting<?>> SETTINGS =
      List.of(
          MONGO_URI,
          POSTGRES_URL,
          POSTGRES_USER,
          POSTGRES_PASSWORD,
          CAPTURE_USER,
          CAPTURE_PASSWORD);

  public static SourcesSettings fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  public static SourcesSettings fromEnvironment(Map<String, String> env) {
    String user = POSTGRES_USER.read(env);
    String password = POSTGRES_PASSWORD.read(env);
    return new SourcesSettings(
        MONGO_URI.read(env),
        POSTGRES_URL.read(env),
        user,
        password,
        CAPTURE_USER.find(env).orElse(user),
        CAPTURE_PASSWORD.find(env).orElse(password));
  }

  /**
   * The values the connector configurations' placeholders take, where a secret (the capture
   * password, a MongoDB URI with its credentials) is a reference to the variable of {@code env}
   * that holds it, {@code ${env:NAME}}, which the Connect worker resolves when it starts a task
   * ({@link org.cricketstream.sources.connect.ConnectWorker} configures the provider). So the
   * connector configuration that Connect keeps in its config topic, and shows on its REST API,
   * holds no password.
   */
  public Map<String, String> connectorValuesByReference(Map<String, String> env) {
    Map<String, String> values = new java.util.HashMap<>(connectorValues());
    reference(env, MONGO_URI).ifPresent(r -> values.put("MONGO_URI", r));
    reference(env, CAPTURE_PASSWORD)
        .or(() -> reference(env, POSTGRES_PASSWORD))
        .filter(r -> !capturePassword.isEmpty())
        .ifPresent(r -> values.put("PG_PASSWORD", r));
    return Map.copyOf(values);
  }

  private static java.util.Optional<String> reference(Map<String, String> env, Setting<?> s) {
    String value = env.get(s.name());
    return value == null || value.isEmpty()
        ? java.util.Optional.empty()
        : java.util.Optional.of("${env:" + s.name() + "}");
  }

  /** The values the connector configurations' placeholders take. */
  public Map<String, String> connectorValues() {
    URI uri = URI.create(postgresUrl.substring("jdbc:".length()));
    String database = uri.getPath().startsWith("/") ? uri.getPath().substring(1) : uri.getPath();
    return Map.of(
        "MONGO_URI", mongoUri,
        "PG_HOST", uri.getHost(),
        "PG_PORT", String.valueOf(uri.getPort() > 0 ? uri.getPort() : 5432),
        "PG_USER", captureUser,
        "PG_PASSWORD", capturePassword,
        "PG_DATABASE", database);
  }
}
