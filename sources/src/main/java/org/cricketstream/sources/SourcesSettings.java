package org.cricketstream.sources;

import java.net.URI;
import java.util.Map;

/**
 * Where the source systems are, declared once, from the environment with defaults for a local
 * stack. Point them at production systems the same way: MONGO_URI at Atlas, POSTGRES_URL at
 * Supabase.
 *
 * @param mongoUri MONGO_URI, default mongodb://127.0.0.1:27017
 * @param postgresUrl POSTGRES_URL (JDBC), default jdbc:postgresql://127.0.0.1:5432/cricket
 * @param postgresUser POSTGRES_USER, default postgres
 * @param postgresPassword POSTGRES_PASSWORD, default empty
 */
public record SourcesSettings(
    String mongoUri, String postgresUrl, String postgresUser, String postgresPassword) {

  public static SourcesSettings fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  public static SourcesSettings fromEnvironment(Map<String, String> env) {
    return new SourcesSettings(
        env.getOrDefault("MONGO_URI", "mongodb://127.0.0.1:27017"),
        env.getOrDefault("POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/cricket"),
        env.getOrDefault("POSTGRES_USER", "postgres"),
        env.getOrDefault("POSTGRES_PASSWORD", ""));
  }

  /** The values the connector configurations' placeholders take. */
  public Map<String, String> connectorValues() {
    URI uri = URI.create(postgresUrl.substring("jdbc:".length()));
    String database = uri.getPath().startsWith("/") ? uri.getPath().substring(1) : uri.getPath();
    return Map.of(
        "MONGO_URI", mongoUri,
        "PG_HOST", uri.getHost(),
        "PG_PORT", String.valueOf(uri.getPort() > 0 ? uri.getPort() : 5432),
        "PG_USER", postgresUser,
        "PG_PASSWORD", postgresPassword,
        "PG_DATABASE", database);
  }
}
