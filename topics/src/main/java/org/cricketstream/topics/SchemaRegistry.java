package org.cricketstream.topics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.cricketstream.config.Shared;

/**
 * A schema registry through the Confluent-compatible REST API, which Confluent's Schema Registry
 * serves at its root and Apicurio Registry at {@code /apis/ccompat/v7}: subjects named {@code
 * <topic>-value} (the topic name strategy every Kafka serializer uses by default), JSON Schema
 * schemas, and a compatibility level per subject that the registry enforces when a version is
 * registered.
 *
 * <p>The schemas registered are the committed ones ({@link Schemas}): one source of truth, in the
 * jar every producer and consumer has.
 */
public final class SchemaRegistry {
  /** The compatibility the registry enforces on the project's subjects. */
  public static final String COMPATIBILITY = "BACKWARD";

  /** The levels that check at least what {@link #COMPATIBILITY} checks. */
  private static final Set<String> AT_LEAST_BACKWARD =
      Set.of("BACKWARD", "BACKWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE");

  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private final URI base;
  private final Optional<String> authorization;
  private final HttpClient http;

  /**
   * @param url the registry's Confluent-compatible API, e.g. {@code
   *     http://127.0.0.1:8081/apis/ccompat/v7} for Apicurio or {@code http://host:8081} for
   *     Confluent's
   * @param user its user for HTTP basic auth, or null for none
   * @param password that user's password
   */
  public SchemaRegistry(String url, String user, String password) {
    this.base = URI.create(url.endsWith("/") ? url : url + "/");
    this.authorization =
        Optional.ofNullable(user)
            .map(
                u ->
                    "Basic "
                        + Base64.getEncoder()
                            .encodeToString(
                                (u + ":" + (password == null ? "" : password))
                                    .getBytes(StandardCharsets.UTF_8)));
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /**
   * Where a registry is and how to log in to it; printed, it hides the password.
   *
   * @param user null for none
   * @param password null for none
   */
  public record Login(String url, String user, String password) {
    /** The registry the settings name ({@code SCHEMA_REGISTRY_URL}), if they name one. */
    public static Optional<Login> fromEnvironment(Map<String, String> env) {
      return Shared.SCHEMA_REGISTRY_URL
          .find(env)
          .map(
              url ->
                  new Login(
                      url,
                      Shared.SCHEMA_REGISTRY_USER.find(env).orElse(null),
                      Shared.SCHEMA_REGISTRY_PASSWORD.find(env).orElse(null)));
    }

    public SchemaRegistry client() {
      return new SchemaRegistry(url, user, password);
    }

    @Override
    public String toString() {
      return url + (user == null ? "" : " (user " + user + ")");
    }
  }

  /** The registry the settings name ({@code SCHEMA_REGISTRY_URL}), if they name one. */
  public static Optional<SchemaRegistry> fromEnvironment(Map<String, String> env) {
    return Login.fromEnvironment(env).map(Login::client);
  }

  /** Where it is, for messages. */
  public URI url() {
    return base;
  }

  /** The subject of a topic's values: the topic name strategy. */
  public static String subjectOf(Topic<?, ?> topic) {
    return topic.name() + "-value";
  }

  /** The topics whose value schemas the project declares, so registers. */
  public static List<Topic<String, ?>> registeredTopics() {
    return Topics.all().stream().filter(topic -> topic.schemaVersion() > 0).toList();
  }

  /** A version of a subject as the registry keeps it. */
  public record Version(String subject, int version, int id) {}

  /**
   * Sets the topic's subject to {@link #COMPATIBILITY}, unless an operator chose a stricter level,
   * and registers every committed version of its schema in order, v1 to the declared one; versions
   * already registered are kept as they are (the registry answers with their id). Returns the
   * declared version and its id, what this build's producers write.
   *
   * @throws SchemaRegistryException if the registry refuses a version (incompatible with what the
   *     subject holds, or malformed), naming the schema file and the registry's reason
   */
  public Version register(Topic<?, ?> topic) {
    String subject = subjectOf(topic);
    if (!AT_LEAST_BACKWARD.contains(compatibility(subject))) {
      setCompatibility(subject, COMPATIBILITY);
    }
    int id = 0;
    for (int version = 1; version <= topic.schemaVersion(); version++) {
      JsonNode schema = Schemas.load(topic.name(), version);
      if (schema == null) {
        throw new IllegalStateException("no schema " + Schemas.resource(topic.name(), version));
      }
      id = register(subject, schema, Schemas.resource(topic.name(), version));
    }
    return new Version(subject, topic.schemaVersion(), id);
  }

  /** Registers every topic the project declares a schema for ({@link #register(Topic)}). */
  public List<Version> registerAll() {
    return registeredTopics().stream().map(this::register).toList();
  }

  /** Registers a JSON Schema under a subject; {@code origin} names it in a refusal. */
  public int register(String subject, JsonNode schema, String origin) {
    HttpResponse<String> response =
        send("POST", "subjects/" + encode(subject) + "/versions", body(schema));
    if (response.statusCode() / 100 != 2) {
      throw new SchemaRegistryException(
          "the schema registry at "
              + base
              + " refused "
              + origin
              + " for subject "
              + subject
              + " (HTTP "
              + response.statusCode()
              + "): "
              + reason(response));
    }
    return read(response).path("id").asInt();
  }

  /** Whether a schema could be registered as the subject's next version. */
  public boolean isCompatible(String subject, JsonNode schema) {
    HttpResponse<String> response =
        send(
            "POST", "compatibility/subjects/" + encode(subject) + "/versions/latest", body(schema));
    check(response, "checking compatibility of " + subject);
    return read(response).path("is_compatible").asBoolean();
  }

  public void setCompatibility(String subject, String level) {
    ObjectNode body = Json.MAPPER.createObjectNode().put("compatibility", level);
    check(
        send("PUT", "config/" + encode(subject), body), "setting " + subject + "'s compatibility");
  }

  /** The subject's compatibility level, its own or the registry's default. */
  public String compatibility(String subject) {
    HttpResponse<String> response = send("GET", "config/" + encode(subject), null);
    if (response.statusCode() == 404) {
      response = send("GET", "config", null);
    }
    check(response, "reading " + subject + "'s compatibility");
    JsonNode config = read(response);
    JsonNode level = config.has("compatibilityLevel") ? config.get("compatibilityLevel") : null;
    return (level != null ? level : config.path("compatibility")).asText();
  }

  /** Every subject, as the registry lists them. */
  public List<String> subjects() {
    HttpResponse<String> response = send("GET", "subjects", null);
    check(response, "listing subjects");
    List<String> subjects = new ArrayList<>();
    read(response).forEach(subject -> subjects.add(subject.asText()));
    return subjects;
  }

  /** The subject's latest version. */
  public Version latest(String subject) {
    HttpResponse<String> response =
        send("GET", "subjects/" + encode(subject) + "/versions/latest", null);
    check(response, "reading " + subject + "'s latest version");
    JsonNode version = read(response);
    return new Version(subject, version.path("version").asInt(), version.path("id").asInt());
  }

  /** The schema the registry keeps under an id. */
  public JsonNode schema(int id) {
    HttpResponse<String> response = send("GET", "schemas/ids/" + id, null);
    check(response, "reading schema " + id);
    try {
      return Json.MAPPER.readTree(read(response).path("schema").asText());
    } catch (IOException e) {
      throw new SchemaRegistryException("schema " + id + " at " + base + " is not JSON", e);
    }
  }

  /**
   * The subjects and versions that hold the schema with this id (one schema may be registered under
   * several subjects); empty when the registry has no such id.
   */
  public List<Version> versionsOf(int id) {
    HttpResponse<String> response = send("GET", "schemas/ids/" + id + "/versions", null);
    if (response.statusCode() == 404) {
      return List.of();
    }
    check(response, "reading the versions of schema " + id);
    List<Version> versions = new ArrayList<>();
    read(response)
        .forEach(
            v ->
                versions.add(
                    new Version(v.path("subject").asText(), v.path("version").asInt(), id)));
    return versions;
  }

  /** The request body that carries a JSON Schema. */
  private static ObjectNode body(JsonNode schema) {
    return Json.MAPPER
        .createObjectNode()
        .put("schemaType", "JSON")
        .put("schema", schema.toString());
  }

  private HttpResponse<String> send(String method, String path, JsonNode body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", CONTENT_TYPE);
    authorization.ifPresent(value -> request.header("Authorization", value));
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", CONTENT_TYPE)
          .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new SchemaRegistryException(
          "the schema registry at " + base + " did not answer " + method + " " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException("interrupted asking the schema registry at " + base, e);
    }
  }

  private void check(HttpResponse<String> response, String what) {
    if (response.statusCode() / 100 != 2) {
      throw new SchemaRegistryException(
          what
              + ": the schema registry at "
              + base
              + " answered HTTP "
              + response.statusCode()
              + ": "
              + reason(response));
    }
  }

  private static JsonNode read(HttpResponse<String> response) {
    try {
      return Json.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new SchemaRegistryException(
          "the schema registry answered " + response.uri() + " with no JSON: " + response.body(),
          e);
    }
  }

  /** The registry's own message ({@code {"error_code":..., "message":...}}), else the body. */
  private static String reason(HttpResponse<String> response) {
    try {
      JsonNode error = Json.MAPPER.readTree(response.body());
      if (error != null && error.hasNonNull("message")) {
        return error.get("message").asText();
      }
    } catch (IOException e) {
      // not JSON: the body as it is
    }
    return response.body();
  }

  private static String encode(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8);
  }

  /** The registry refused a request or could not be reached. */
  public static final class SchemaRegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SchemaRegistryException(String message) {
      super(message);
    }

    SchemaRegistryException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
