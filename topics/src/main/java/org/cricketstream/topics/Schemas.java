package org.cricketstream.topics;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The versioned JSON Schemas of the values of our topics, shipped in this jar so producers and
 * consumers share them: {@code schemas/<topic>/v<N>.json}. Topic versions are declared in {@link
 * Topics}; a build check keeps every version backward compatible with the one before.
 */
public final class Schemas {
  private Schemas() {}

  /** The resource path of one version of a topic's value schema. */
  public static String resource(String topic, int version) {
    return "schemas/" + topic + "/v" + version + ".json";
  }

  /** One version of a topic's value schema, or null when there is no such version. */
  public static JsonNode load(String topic, int version) {
    try (InputStream in =
        Schemas.class.getClassLoader().getResourceAsStream(resource(topic, version))) {
      return in == null ? null : Json.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + resource(topic, version), e);
    }
  }

  /** The schema of the version the topic declares. */
  public static JsonNode current(Topic<?, ?> topic) {
    JsonNode schema = load(topic.name(), topic.schemaVersion());
    if (schema == null) {
      throw new IllegalStateException("no schema " + resource(topic.name(), topic.schemaVersion()));
    }
    return schema;
  }
}
