package org.cricketstream.sources.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cricketstream.topics.Json;
import org.cricketstream.topics.SchemaIdInterceptor;
import org.cricketstream.topics.Topic;
import org.cricketstream.topics.Topics;

/**
 * The connector configurations kept in this repository ({@code connect/<name>.json}, with {@code
 * ${VAR}} placeholders) and the REST calls that apply them to any Connect cluster.
 */
public final class Connectors {
  /** MongoDB Kafka source connector: T20I documents into raw.cricket.t20i. */
  public static final String T20I_MONGO = "t20i-mongo";

  /** Debezium PostgreSQL connector: ODI rows into raw.public.odi_*. */
  public static final String ODI_POSTGRES = "odi-postgres";

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z_]+)}");

  private final HttpClient http = HttpClient.newHttpClient();
  private final String restUrl;

  public Connectors(String restUrl) {
    this.restUrl = restUrl.endsWith("/") ? restUrl : restUrl + "/";
  }

  /** A connector's configuration from the repository, placeholders filled from {@code values}. */
  public static ObjectNode config(String name, Map<String, String> values) {
    String resource = "connect/" + name + ".json";
    try (InputStream in = Connectors.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no connector configuration " + resource);
      }
      ObjectNode config = (ObjectNode) Json.MAPPER.readTree(in);
      for (Map.Entry<String, JsonNode> field : config.properties()) {
        config.put(field.getKey(), fill(field.getValue().asText(), values, resource));
      }
      return config;
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + resource, e);
    }
  }

  /** The raw topics a connector writes. */
  public static List<Topic<String, byte[]>> topicsOf(String connector) {
    return switch (connector) {
      case T20I_MONGO -> List.of(Topics.RAW_T20I);
      case ODI_POSTGRES ->
          List.of(Topics.RAW_ODI_MATCHES, Topics.RAW_ODI_DELIVERIES, Topics.RAW_ODI_HEARTBEAT);
      default -> throw new IllegalArgumentException("no connector " + connector);
    };
  }

  /**
   * The configuration with each record stamped with its topic's schema id in the registry, header
   * {@link SchemaIdInterceptor#HEADER} as the processor's records are: Kafka Connect's own {@code
   * InsertHeader} transform, one per topic, each applied to its topic alone by a {@code
   * TopicNameMatches} predicate. The values stay as the connector writes them.
   *
   * @param ids the schema id of each topic, by topic name
   */
  public static ObjectNode withSchemaIds(ObjectNode config, Map<String, Integer> ids) {
    ObjectNode stamped = config.deepCopy();
    List<String> transforms = new ArrayList<>();
    if (stamped.hasNonNull("transforms") && !stamped.get("transforms").asText().isBlank()) {
      transforms.add(stamped.get("transforms").asText());
    }
    List<String> predicates = new ArrayList<>();
    if (stamped.hasNonNull("predicates") && !stamped.get("predicates").asText().isBlank()) {
      predicates.add(stamped.get("predicates").asText());
    }
    int n = 0;
    for (Map.Entry<String, Integer> topic : new TreeMap<>(ids).entrySet()) {
      String transform = "schemaId" + n;
      String predicate = "isTopic" + n;
      n++;
      transforms.add(transform);
      predicates.add(predicate);
      String t = "transforms." + transform + ".";
      stamped.put(t + "type", "org.apache.kafka.connect.transforms.InsertHeader");
      stamped.put(t + "header", SchemaIdInterceptor.HEADER);
      stamped.put(t + "value.literal", Integer.toString(topic.getValue()));
      stamped.put(t + "predicate", predicate);
      String p = "predicates." + predicate + ".";
      stamped.put(p + "type", "org.apache.kafka.connect.transforms.predicates.TopicNameMatches");
      stamped.put(p + "pattern", Pattern.quote(topic.getKey()));
    }
    stamped.put("transforms", String.join(",", transforms));
    if (!predicates.isEmpty()) {
      stamped.put("predicates", String.join(",", predicates));
    }
    return stamped;
  }

  private static String fill(String text, Map<String, String> values, String resource) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException(resource + " needs a value for " + m.group(1));
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The name of the transform that places records by match ({@link ByMatchPartition}). */
  public static final String BY_MATCH_TRANSFORM = "byMatch";

  /** Whether a connector configuration places its records by match. */
  public static boolean placesByMatch(ObjectNode config) {
    return List.of(config.path("transforms").asText("").split(",", -1))
        .contains(BY_MATCH_TRANSFORM);
  }

  /**
   * The configuration to apply over a connector's current one: as given, except that a connector
   * that already runs without placing its records by match keeps doing so. Its records of matches
   * in progress sit in other partitions; placed by match from now on, a match's later records could
   * overtake its earlier ones (which go through the processor's repartition), and ODI balls are
   * numbered in the order they arrive. Switch an existing connector with {@code force} once the
   * processor has read all it wrote ({@code ./cricket connect --place-by-match}).
   *
   * @param current the connector's configuration in the worker, empty when it has none yet
   */
  public static ObjectNode keepingPlacement(
      ObjectNode wanted, Optional<ObjectNode> current, boolean force) {
    if (force || current.isEmpty() || placesByMatch(current.get()) || !placesByMatch(wanted)) {
      return wanted;
    }
    ObjectNode kept = wanted.deepCopy();
    List<String> transforms = new ArrayList<>();
    for (String transform : kept.path("transforms").asText("").split(",", -1)) {
      if (!transform.isEmpty() && !transform.equals(BY_MATCH_TRANSFORM)) {
        transforms.add(transform);
      }
    }
    kept.put("transforms", String.join(",", transforms));
    List<String> settings = new ArrayList<>();
    kept.fieldNames().forEachRemaining(settings::add);
    settings.stream()
        .filter(name -> name.startsWith("transforms." + BY_MATCH_TRANSFORM + "."))
        .forEach(kept::remove);
    return kept;
  }

  /**
   * A connector's configuration in the worker: {@code GET /connectors/<name>/config}, asked again
   * for up to a minute while the worker answers 409 (a rebalance of its group under way).
   */
  public Optional<ObjectNode> current(String name) {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    HttpResponse<String> response;
    while (true) {
      response =
          sendQuietly(
              HttpRequest.newBuilder(URI.create(restUrl + "connectors/" + name + "/config")).GET());
      if (response == null) {
        throw new IllegalStateException("no answer from Kafka Connect at " + restUrl);
      }
      if (response.statusCode() != 409 || System.nanoTime() > deadline) {
        break;
      }
      sleep(250);
    }
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    try {
      if (response.statusCode() == 200
          && Json.MAPPER.readTree(response.body()) instanceof ObjectNode config) {
        return Optional.of(config);
      }
    } catch (IOException e) {
      // said below
    }
    throw new IllegalStateException(
        "cannot read connector "
            + name
            + " at "
            + restUrl
            + ": "
            + response.statusCode()
            + " "
            + response.body());
  }

  /** Creates or updates a connector: {@code PUT /connectors/<name>/config}. */
  public void apply(String name, ObjectNode config) {
    send(
        HttpRequest.newBuilder(URI.create(restUrl + "connectors/" + name + "/config"))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(config.toString())),
        "apply connector " + name);
  }

  /** Waits until the connector and all its tasks report RUNNING; fails on FAILED with the trace. */
  public void awaitRunning(String name, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no status yet";
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response =
          sendQuietly(
              HttpRequest.newBuilder(URI.create(restUrl + "connectors/" + name + "/status")).GET());
      if (response != null && response.statusCode() == 200) {
        try {
          JsonNode status = Json.MAPPER.readTree(response.body());
          last = response.body();
          String state = status.path("connector").path("state").asText();
          boolean tasksRunning = status.path("tasks").size() > 0;
          for (JsonNode task : status.path("tasks")) {
            if ("FAILED".equals(task.path("state").asText())) {
              throw new IllegalStateException(
                  "connector " + name + " task failed: " + task.path("trace").asText());
            }
            tasksRunning &= "RUNNING".equals(task.path("state").asText());
          }
          if ("FAILED".equals(state)) {
            throw new IllegalStateException("connector " + name + " failed: " + last);
          }
          if ("RUNNING".equals(state) && tasksRunning) {
            return;
          }
        } catch (IOException e) {
          last = e.toString();
        }
      }
      sleep(250);
    }
    throw new IllegalStateException(
        "connector " + name + " not running after " + timeout + ": " + last);
  }

  /**
   * Whether the connector or one of its tasks is FAILED (false when the worker does not answer).
   */
  public boolean failed(String name) {
    HttpResponse<String> response =
        sendQuietly(
            HttpRequest.newBuilder(URI.create(restUrl + "connectors/" + name + "/status")).GET());
    if (response == null || response.statusCode() != 200) {
      return false;
    }
    try {
      JsonNode status = Json.MAPPER.readTree(response.body());
      boolean failed = "FAILED".equals(status.path("connector").path("state").asText());
      for (JsonNode task : status.path("tasks")) {
        failed |= "FAILED".equals(task.path("state").asText());
      }
      return failed;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Restarts the connector's failed instances, and only those, as {@code up}'s supervisor does:
   * {@code POST /connectors/<name>/restart?includeTasks=true&onlyFailed=true}.
   */
  public void restartFailed(String name) {
    send(
        HttpRequest.newBuilder(
                URI.create(
                    restUrl + "connectors/" + name + "/restart?includeTasks=true&onlyFailed=true"))
            .POST(HttpRequest.BodyPublishers.noBody()),
        "restart connector " + name);
  }

  private void send(HttpRequest.Builder request, String what) {
    HttpResponse<String> response = sendQuietly(request);
    if (response == null || response.statusCode() >= 300) {
      throw new IllegalStateException(
          "cannot "
              + what
              + " at "
              + restUrl
              + ": "
              + (response == null ? "no answer" : response.statusCode() + " " + response.body()));
    }
  }

  private HttpResponse<String> sendQuietly(HttpRequest.Builder request) {
    try {
      return http.send(
          request.timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
