package org.cricketstream.cli.up;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cricketstream.sources.connect.Connectors;

/**
 * Watches Kafka Connect's connectors through its REST API: a connector or task that failed (a task
 * stops on a poison record under {@code errors.tolerance: none}) is said with the first line of its
 * error, and restarted ({@code POST /connectors/<name>/restart?includeTasks=true&onlyFailed=true})
 * after a back-off that doubles with each restart and is forgotten once it has run for the restart
 * window. Kafka Connect itself is kept by its {@link Keeper}; this watches what runs inside it.
 */
public final class ConnectorWatch implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** One connector as its status says, with the first line of each failure's trace. */
  /**
   * A connector as Connect's REST API reports it.
   *
   * @param placement the worker each part runs on ({@code connector}, {@code task 0}, ...), as
   *     {@code host:port} of its REST listener
   */
  public record Connector(
      String name, String state, List<String> failures, Map<String, String> placement) {
    public boolean failed() {
      return !failures.isEmpty();
    }
  }

  private final String restUrl;
  private final SupervisorSettings settings;
  private final Supervisor supervisor;
  private final Thread thread;
  private final Map<String, Tracked> tracked = new LinkedHashMap<>();
  private volatile boolean closed;

  /** What the watch knows of one connector across checks. */
  private static final class Tracked {
    Connector last;
    int restarts;
    Instant nextRestart = Instant.EPOCH;
    Instant runningSince;
    boolean said;
  }

  ConnectorWatch(String restUrl, SupervisorSettings settings, Supervisor supervisor) {
    this.restUrl = restUrl.endsWith("/") ? restUrl : restUrl + "/";
    this.settings = settings;
    this.supervisor = supervisor;
    this.thread = new Thread(this::watch, "watch-connectors");
    thread.setDaemon(true);
  }

  void begin() {
    thread.start();
  }

  /**
   * Every connector of the worker at {@code restUrl} and its tasks' states, from {@code GET
   * /connectors?expand=status}.
   */
  public static List<Connector> read(String restUrl) throws IOException, InterruptedException {
    String base = restUrl.endsWith("/") ? restUrl : restUrl + "/";
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "connectors?expand=status"))
                .timeout(TIMEOUT)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(
          "GET connectors?expand=status answered "
              + response.statusCode()
              + ": "
              + response.body());
    }
    List<Connector> connectors = new ArrayList<>();
    JsonNode all = JSON.readTree(response.body());
    for (Map.Entry<String, JsonNode> entry : all.properties()) {
      JsonNode status = entry.getValue().path("status");
      List<String> failures = new ArrayList<>();
      String state = status.path("connector").path("state").asText("UNKNOWN");
      Map<String, String> placement = new LinkedHashMap<>();
      placement.put("connector", status.path("connector").path("worker_id").asText("?"));
      if ("FAILED".equals(state)) {
        failures.add("connector: " + firstLine(status.path("connector").path("trace").asText("")));
      }
      for (JsonNode task : status.path("tasks")) {
        placement.put("task " + task.path("id").asInt(), task.path("worker_id").asText("?"));
        if ("FAILED".equals(task.path("state").asText())) {
          failures.add(
              "task " + task.path("id").asInt() + ": " + firstLine(task.path("trace").asText("")));
        }
      }
      connectors.add(
          new Connector(
              entry.getKey(),
              state,
              List.copyOf(failures),
              java.util.Collections.unmodifiableMap(placement)));
    }
    return connectors;
  }

  private void watch() {
    while (!closed) {
      try {
        Thread.sleep(settings.healthInterval().toMillis());
        check();
      } catch (InterruptedException e) {
        return;
      } catch (IOException | RuntimeException e) {
        // Connect is down or restarting: its keeper sees to that
      }
    }
  }

  /** One look at every connector: says new failures, restarts those whose back-off passed. */
  synchronized void check() throws IOException, InterruptedException {
    Instant now = Instant.now();
    for (Connector c : read(restUrl)) {
      Tracked t = tracked.computeIfAbsent(c.name(), n -> new Tracked());
      t.last = c;
      if (!c.failed()) {
        if (t.said) {
          supervisor.say("%-13s connector %s running again", "connect", c.name());
          t.said = false;
        }
        t.runningSince = t.runningSince == null ? now : t.runningSince;
        if (Duration.between(t.runningSince, now).compareTo(settings.restartWindow()) >= 0) {
          t.restarts = 0;
        }
        continue;
      }
      t.runningSince = null;
      if (now.isBefore(t.nextRestart)) {
        continue;
      }
      Duration wait = settings.backoff(t.restarts);
      supervisor.say(
          "%-13s connector %s FAILED: %s; restarting it (restart %d; next no sooner than in %d s)",
          "connect", c.name(), String.join("; ", c.failures()), t.restarts + 1, wait.toSeconds());
      t.said = true;
      new Connectors(restUrl).restartFailed(c.name());
      t.restarts++;
      t.nextRestart = now.plus(wait);
      supervisor.changed();
    }
  }

  /** What {@code status} shows: each connector's state, failures and restarts so far. */
  synchronized Map<String, Object> status() {
    Map<String, Object> status = new LinkedHashMap<>();
    tracked.forEach(
        (name, t) -> {
          Map<String, Object> entry = new LinkedHashMap<>();
          entry.put("state", t.last.failed() ? "FAILED" : t.last.state());
          entry.put("failures", t.last.failures());
          entry.put("restarts", t.restarts);
          status.put(name, entry);
        });
    return status;
  }

  static String firstLine(String text) {
    String trimmed = text.strip();
    int end = trimmed.indexOf('\n');
    return end < 0 ? trimmed : trimmed.substring(0, end).strip();
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
