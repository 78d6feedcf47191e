package org.cricketstream.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.cricketstream.cli.up.Components;
import org.cricketstream.cli.up.ConnectorWatch;
import org.cricketstream.cli.up.Lags;
import org.cricketstream.cli.up.Stack;
import org.cricketstream.cli.up.StackHome;
import org.cricketstream.cli.up.Supervisor;
import org.cricketstream.config.KafkaClientProperties;
import org.cricketstream.config.Secrets;
import org.cricketstream.config.Setting;
import org.cricketstream.config.Shared;
import org.cricketstream.processor.ProcessorSettings;
import org.cricketstream.topics.ClusterHealth;
import org.cricketstream.topics.SchemaRegistry;
import org.cricketstream.topics.Topics;
import org.cricketstream.warehouse.ReadOnlyQuery;
import org.cricketstream.warehouse.WarehouseSettings;
import org.cricketstream.warehouse.sink.TopicLogs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./cricket status}: how the local stack is doing. */
@Command(
    name = "status",
    header = "Shows how a running stack is doing.",
    footerHeading = "%nExamples:%n",
    footer = {"  ./cricket status", "  ./cricket status --json --home /tmp/stack"},
    mixinStandardHelpOptions = true,
    description = {
      "Shows the local stack of --home: each component's state as its supervisor keeps it",
      "(running, unhealthy, backing-off, CRASH-LOOPING with its last exit code and log),",
      "Kafka Connect's connectors (a failed task with the first line of its error), consumer lag per group and",
      "topic, how far the sink is behind in time against each topic's retention window",
      "(warning past half the window, expired when records were deleted unread), dead-letter",
      "counts, what landed of what each source holds (documents, rows, S3 objects; counted by",
      "up every 30 s), rows per warehouse table, the time since the sink's last commit, and how",
      "far behind its sources the warehouse is as readers see it (the seconds since the newest",
      "queryable heartbeat was committed at the source). Exits 1 when the stack is not running."
    })
final class StatusCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin HomeOption home;

  @Option(names = "--json", description = "print one JSON object")
  boolean json;

  @Override
  public Integer call() {
    StackHome stackHome = new StackHome(home.dir);
    Map<String, Object> state = stackHome.state();
    PrintWriter out = spec.commandLine().getOut();
    if (state.isEmpty()) {
      spec.commandLine()
          .getErr()
          .printf("no stack in %s (start one with ./cricket up --home %s)%n", home.dir, home.dir);
      return 1;
    }
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("home", stackHome.dir().toString());
    Object pid = state.get("supervisorPid");
    boolean up =
        pid instanceof Number n
            && ProcessHandle.of(n.longValue()).map(ProcessHandle::isAlive).orElse(false);
    status.put("running", up);
    Map<String, Object> supervised = up ? supervised(stackHome) : Map.of();
    Map<String, Object> components = new LinkedHashMap<>();
    Map<?, ?> keptAll = supervised.get("components") instanceof Map<?, ?> m ? m : Map.of();
    for (String name : Components.ORDER) {
      // the instances of a component that runs several (kafka-2, processor-2) follow the first
      List<String> instances = new java.util.ArrayList<>(List.of(name));
      keptAll.keySet().stream()
          .map(String::valueOf)
          .filter(k -> k.matches(java.util.regex.Pattern.quote(name) + "-\\d+"))
          .forEach(instances::add);
      for (String instance : instances) {
        Object kept = keptAll.get(instance);
        components.put(
            instance,
            kept != null ? kept : stackHome.pid(instance).map(this::process).orElse("not running"));
      }
    }
    status.put("components", components);
    Integer connectPort = stackHome.savedPorts().get("connect");
    if (up && connectPort != null && supervised.containsKey("components")) {
      status.put("connectors", connectors(connectPort, supervised.get("connectors")));
    }
    @SuppressWarnings("unchecked")
    Map<String, String> env =
        state.get("environment") instanceof Map<?, ?> m ? (Map<String, String>) m : Map.of();
    String kafka = env.get(Shared.KAFKA_BOOTSTRAP_SERVERS.name());
    WarehouseSettings warehouseSettings = WarehouseCommands.settings(null, home);
    if (up && kafka != null) {
      KafkaClientProperties client = KafkaClientProperties.fromEnvironment(env);
      status.put("cluster", cluster(kafka, client));
      status.put("processors", processors(kafka, client, env));
      status.put("lag", lags(env));
      status.put("deadLetters", deadLetters(kafka, client));
      status.put("retention", retention(kafka, client, warehouseSettings));
    }
    if (up && env.containsKey(Shared.SCHEMA_REGISTRY_URL.name())) {
      status.put("registry", registry(env, stackHome));
    }
    status.put("warehouse", warehouse(warehouseSettings));
    if (state.get("completeness") != null) {
      // counted by up every 30 s: it holds the sources' credentials, status does not
      status.put("completeness", state.get("completeness"));
    }
    status.put("settings", settings(env));
    if (json) {
      Json.print(out, status);
    } else {
      printText(out, status);
    }
    out.flush();
    return up ? 0 : 1;
  }

  /**
   * The processor's and the sink's settings as the stack runs them: each declared setting with the
   * value its environment gives, or its default; secrets hidden.
   */
  static Map<String, Object> settings(Map<String, String> env) {
    Map<String, Object> settings = new LinkedHashMap<>();
    Setting.union(ProcessorSettings.SETTINGS, WarehouseSettings.SETTINGS)
        .forEach(
            s -> {
              String given = env.get(s.name());
              Map<String, Object> entry = new LinkedHashMap<>();
              entry.put(
                  "value",
                  s.isSecret()
                      ? "(hidden)"
                      : given != null ? given : s.defaultText().orElse("(unset)"));
              entry.put("default", given == null);
              settings.put(s.name(), entry);
            });
    return settings;
  }

  /**
   * What the supervisor of a running stack wrote of its components ({@code run/supervisor.json}).
   */
  private static Map<String, Object> supervised(StackHome home) {
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> kept =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readValue(Supervisor.statusFile(home).toFile(), LinkedHashMap.class);
      return kept;
    } catch (java.io.IOException e) {
      return Map.of();
    }
  }

  /**
   * Each connector's state and failures (first line of each trace) as Kafka Connect's REST API says
   * now, with how often the supervisor restarted it.
   */
  private static Map<String, Object> connectors(int port, Object watched) {
    Map<String, Object> connectors = new LinkedHashMap<>();
    try {
      for (ConnectorWatch.Connector c : ConnectorWatch.read("http://127.0.0.1:" + port + "/")) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("state", c.failed() ? "FAILED" : c.state());
        entry.put("failures", c.failures());
        entry.put("placement", c.placement());
        if (watched instanceof Map<?, ?> w && w.get(c.name()) instanceof Map<?, ?> known) {
          entry.put("restarts", known.get("restarts"));
        }
        connectors.put(c.name(), entry);
      }
    } catch (java.io.IOException | RuntimeException e) {
      connectors.put("error", "Kafka Connect does not answer: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return connectors;
  }

  /** The brokers, the active controller, and partitions under-replicated or offline. */
  private static Map<String, Object> cluster(String kafka, KafkaClientProperties client) {
    Map<String, Object> cluster = new LinkedHashMap<>();
    try {
      ClusterHealth.State state = ClusterHealth.state(kafka, client);
      Map<String, Object> brokers = new LinkedHashMap<>();
      state.brokers().forEach(b -> brokers.put(Integer.toString(b.id()), b.address()));
      cluster.put("brokers", brokers);
      cluster.put("controller", state.controller());
      cluster.put("partitions", state.partitions());
      cluster.put("underReplicatedPartitions", state.underReplicated());
      cluster.put("offlinePartitions", state.offline());
    } catch (RuntimeException e) {
      cluster.put("error", e.getMessage());
    }
    return cluster;
  }

  /**
   * The schema registry: each subject's latest version and schema id, or why it cannot be asked.
   * The local registry's password is the one its home keeps; an external one's, this command's
   * SCHEMA_REGISTRY_PASSWORD.
   */
  private static Map<String, Object> registry(Map<String, String> env, StackHome home) {
    Map<String, Object> registry = new LinkedHashMap<>();
    registry.put("url", env.get(Shared.SCHEMA_REGISTRY_URL.name()));
    Map<String, String> login = new LinkedHashMap<>(env);
    Path kept = home.resolve("secrets", Stack.REGISTRY_SECRET);
    Optional<String> password =
        Files.exists(kept)
            ? Optional.of(Secrets.kept(kept))
            : Shared.SCHEMA_REGISTRY_PASSWORD.find(System.getenv());
    password.ifPresent(p -> login.put(Shared.SCHEMA_REGISTRY_PASSWORD.name(), p));
    try {
      SchemaRegistry schemas = SchemaRegistry.fromEnvironment(login).orElseThrow();
      Map<String, Object> subjects = new TreeMap<>();
      for (String subject : schemas.subjects()) {
        SchemaRegistry.Version latest = schemas.latest(subject);
        subjects.put(subject, "v" + latest.version() + " (id " + latest.id() + ")");
      }
      registry.put("subjects", subjects);
    } catch (RuntimeException e) {
      registry.put("error", e.getMessage());
    }
    return registry;
  }

  /** The processor's instances (members of its Kafka Streams group) and their partitions. */
  private static Map<String, Object> processors(
      String kafka, KafkaClientProperties client, Map<String, String> env) {
    Map<String, Object> members = new LinkedHashMap<>();
    try {
      for (ClusterHealth.Member m :
          ClusterHealth.members(kafka, client, ProcessorSettings.APPLICATION_ID.read(env))) {
        members.put(m.clientId(), m.partitions());
      }
    } catch (RuntimeException e) {
      members.put("error", e.getMessage());
    }
    return members;
  }

  /** One line of a supervised component: its state, pid, restarts, and why it is not running. */
  static String summary(Map<?, ?> kept) {
    String state = String.valueOf(kept.get("state"));
    StringBuilder b = new StringBuilder(state.equals("crash-looping") ? "CRASH-LOOPING" : state);
    List<String> details = new java.util.ArrayList<>();
    if (kept.get("pid") != null && !state.equals("crash-looping") && !state.equals("failed")) {
      details.add("pid " + kept.get("pid"));
    }
    details.add("restarts " + kept.get("restarts"));
    if (kept.get("lastExitCode") != null) {
      details.add("last exit code " + kept.get("lastExitCode"));
    }
    if (kept.get("problem") != null) {
      details.add(String.valueOf(kept.get("problem")));
    }
    if (!state.equals("running") && !state.equals("done")) {
      details.add("log " + kept.get("log"));
    }
    return b.append(" (").append(String.join("; ", details)).append(")").toString();
  }

  private String process(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
        ? "running (pid " + pid + ")"
        : "stopped (pid " + pid + " gone)";
  }

  private static Map<String, Object> lags(Map<String, String> env) {
    Map<String, Object> lag = new LinkedHashMap<>();
    try (Lags lags = new Lags(env)) {
      lag.put(lags.processorGroup(), lags.processor());
      lag.put(lags.sinkGroup(), lags.sink());
    } catch (RuntimeException e) {
      lag.put("error", e.getMessage());
    }
    return lag;
  }

  /**
   * How far the sink is behind in time, per topic, against the topic's retention window: the age of
   * the oldest record the warehouse has not loaded (its stored offsets), and how long until Kafka
   * deletes it. {@code warning} once it is older than half the window; {@code expired} once records
   * were deleted unread (the sink then stops with an error).
   */
  private static Map<String, Object> retention(
      String kafka, KafkaClientProperties client, WarehouseSettings settings) {
    Map<String, Object> topics = new LinkedHashMap<>();
    try (TopicLogs logs = new TopicLogs(kafka, client)) {
      Map<TopicPartition, Long> next = new HashMap<>();
      for (List<Object> row :
          ReadOnlyQuery.run(settings, "SELECT topic, partition_id, next_offset FROM sink_offsets")
              .rows()) {
        next.put(
            new TopicPartition((String) row.get(0), ((Number) row.get(1)).intValue()),
            ((Number) row.get(2)).longValue());
      }
      for (TopicLogs.Behind b : logs.behind(next)) {
        @SuppressWarnings("unchecked")
        Map<String, Object> topic =
            (Map<String, Object>)
                topics.computeIfAbsent(b.partition().topic(), t -> new LinkedHashMap<>());
        long worst = ((Number) topic.getOrDefault("oldestUnreadSeconds", 0L)).longValue();
        topic.merge("records", b.records(), (a, c) -> (Long) a + (Long) c);
        topic.put("oldestUnreadSeconds", Math.max(worst, b.oldestUnreadAgeMillis() / 1000));
        topic.put(
            "retentionSeconds", b.retentionMillis() < 0 ? "forever" : b.retentionMillis() / 1000);
        String state = (String) topic.getOrDefault("state", "ok");
        topic.put("state", rank(b.state()) > rank(state) ? b.state() : state);
      }
    } catch (SQLException | RuntimeException e) {
      topics.put("error", e.getMessage());
    }
    return topics;
  }

  private static int rank(String state) {
    return List.of("ok", "warning", "expired").indexOf(state);
  }

  /** Records in each dead-letter topic, counted by reading it (committed records only). */
  private static Map<String, Object> deadLetters(String kafka, KafkaClientProperties client) {
    Map<String, Object> counts = new LinkedHashMap<>();
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
    client.applyTo(props);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      for (String topic : List.of(Topics.DEAD_LETTERS.name(), Topics.CONNECT_DEAD_LETTERS.name())) {
        List<TopicPartition> partitions =
            consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        long count = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))
            && System.nanoTime() < deadline) {
          ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
          count += records.count();
        }
        counts.put(topic, count);
      }
    } catch (RuntimeException e) {
      counts.put("error", e.getMessage());
    }
    return counts;
  }

  private static Map<String, Object> warehouse(WarehouseSettings settings) {
    Map<String, Object> warehouse = new LinkedHashMap<>();
    warehouse.put("url", settings.url());
    try {
      Map<String, Object> tables = new LinkedHashMap<>();
      for (List<Object> row :
          ReadOnlyQuery.run(
                  settings,
                  "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
                      + " AND table_schema IN ('main', 'public') ORDER BY table_name")
              .rows()) {
        String table = String.valueOf(row.get(0));
        tables.put(
            table,
            ReadOnlyQuery.run(settings, "SELECT count(*) FROM " + table).rows().get(0).get(0));
      }
      warehouse.put("rows", tables);
      Object last =
          ReadOnlyQuery.run(settings, "SELECT max(committed_at) FROM sink_offsets")
              .rows()
              .get(0)
              .get(0);
      if (last instanceof Number millis) {
        Instant at = Instant.ofEpochMilli(millis.longValue());
        warehouse.put("lastCommit", at.toString());
        warehouse.put(
            "secondsSinceLastCommit", Duration.between(at, Instant.now()).toMillis() / 1000.0);
      }
      warehouse.put("freshness", freshness(settings));
    } catch (SQLException | RuntimeException e) {
      warehouse.put("error", e.getMessage());
    }
    return warehouse;
  }

  /**
   * How far behind its sources the warehouse is, as a reader sees it ({@code pipeline_lag}): per
   * source, the seconds since the newest heartbeat a reader can query was committed at the source,
   * and how long that heartbeat took to reach the sink's commit.
   */
  private static Map<String, Object> freshness(WarehouseSettings settings) {
    Map<String, Object> freshness = new LinkedHashMap<>();
    try {
      for (List<Object> row :
          ReadOnlyQuery.run(
                  settings,
                  "SELECT source, seconds_behind, seconds_to_load FROM pipeline_lag"
                      + " ORDER BY source")
              .rows()) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("secondsBehind", ((Number) row.get(1)).doubleValue());
        source.put("secondsToLoad", ((Number) row.get(2)).doubleValue());
        freshness.put(String.valueOf(row.get(0)), source);
      }
    } catch (SQLException | RuntimeException e) {
      freshness.put("error", e.getMessage());
    }
    return freshness;
  }

  @SuppressWarnings("unchecked")
  private static void printText(PrintWriter out, Map<String, Object> status) {
    out.printf(
        "stack in %s: %s%n", status.get("home"), (Boolean) status.get("running") ? "up" : "down");
    out.println("components:");
    ((Map<String, Object>) status.get("components"))
        .forEach(
            (name, state) ->
                out.printf(
                    "  %-12s %s%n", name, state instanceof Map<?, ?> kept ? summary(kept) : state));
    if (status.get("connectors") instanceof Map<?, ?> connectors) {
      out.println("connectors (Kafka Connect):");
      connectors.forEach(
          (name, c) -> {
            if (c instanceof Map<?, ?> entry) {
              out.printf(
                  "  %-14s %s%s%s%s%n",
                  name,
                  entry.get("state"),
                  entry.get("restarts") == null ? "" : " (restarts " + entry.get("restarts") + ")",
                  entry.get("failures") instanceof List<?> f && !f.isEmpty()
                      ? ": " + String.join("; ", f.stream().map(String::valueOf).toList())
                      : "",
                  entry.get("placement") instanceof Map<?, ?> placement ? " on " + placement : "");
            } else {
              out.printf("  %s%n", c);
            }
          });
    }
    if (status.get("cluster") instanceof Map<?, ?> cluster) {
      if (cluster.get("brokers") instanceof Map<?, ?> brokers) {
        out.printf(
            "kafka: %d broker%s %s, controller %s; %s of %s partitions under-replicated, %s"
                + " offline%n",
            brokers.size(),
            brokers.size() == 1 ? "" : "s",
            brokers,
            cluster.get("controller"),
            cluster.get("underReplicatedPartitions"),
            cluster.get("partitions"),
            cluster.get("offlinePartitions"));
      } else {
        out.println("kafka: " + cluster.get("error"));
      }
    }
    if (status.get("registry") instanceof Map<?, ?> registry) {
      if (registry.get("subjects") instanceof Map<?, ?> subjects) {
        out.printf("schema registry %s: %d subjects%n", registry.get("url"), subjects.size());
        subjects.forEach((subject, latest) -> out.printf("  %-36s %s%n", subject, latest));
      } else {
        out.printf("schema registry %s: %s%n", registry.get("url"), registry.get("error"));
      }
    }
    if (status.get("processors") instanceof Map<?, ?> processors) {
      out.println("processor instances (Kafka Streams members, partitions held):");
      processors.forEach(
          (member, partitions) ->
              out.printf(
                  "  %s: %s%n",
                  member,
                  partitions instanceof List<?> held ? held.size() + " " + held : partitions));
    }
    if (status.get("lag") instanceof Map<?, ?> lag) {
      out.println("consumer lag (records):");
      lag.forEach((group, topics) -> out.printf("  %-18s %s%n", group, topics));
    }
    if (status.get("retention") instanceof Map<?, ?> retention) {
      out.println("sink behind, in time, against each topic's retention window:");
      retention.forEach((topic, state) -> out.printf("  %-26s %s%n", topic, state));
    }
    if (status.get("deadLetters") instanceof Map<?, ?> dead) {
      out.println("dead letters: " + dead);
    }
    if (status.get("completeness") instanceof Map<?, ?> completeness
        && completeness.get("sources") instanceof Map<?, ?> sources) {
      out.println(
          "landed, of what each source holds (counted " + completeness.get("checkedAt") + "):");
      sources.forEach(
          (source, count) -> {
            Map<String, Object> c = (Map<String, Object>) count;
            out.printf(
                "  %-15s %s of %s %s%s%n",
                source,
                c.get("landed"),
                c.get("atSource"),
                c.get("unit"),
                ((Number) c.get("missing")).longValue() > 0
                    ? ", " + c.get("missing") + " MISSING"
                    : "");
          });
    }
    List<String> changed = new java.util.ArrayList<>();
    ((Map<String, Map<String, Object>>) status.get("settings"))
        .forEach(
            (name, entry) -> {
              if (!(Boolean) entry.get("default")) {
                changed.add(name + "=" + entry.get("value"));
              }
            });
    out.println(
        "settings (besides defaults; --json lists all): "
            + (changed.isEmpty() ? "none" : String.join(" ", changed)));
    Map<String, Object> warehouse = (Map<String, Object>) status.get("warehouse");
    out.println("warehouse " + warehouse.get("url") + ":");
    if (warehouse.get("rows") instanceof Map<?, ?> rows) {
      rows.forEach((table, count) -> out.printf("  %-20s %s rows%n", table, count));
    }
    if (warehouse.containsKey("lastCommit")) {
      out.printf(
          "  last commit %s (%.1f s ago)%n",
          warehouse.get("lastCommit"), (Double) warehouse.get("secondsSinceLastCommit"));
    }
    if (warehouse.get("freshness") instanceof Map<?, ?> freshness) {
      if (freshness.isEmpty()) {
        out.println("  freshness: no heartbeat has reached the warehouse yet");
      }
      freshness.forEach(
          (source, f) -> {
            if (f instanceof Map<?, ?> m) {
              out.printf(
                  "  freshness: %s %.1f s behind its source (its heartbeat reached the sink in"
                      + " %.1f s)%n",
                  source, (Double) m.get("secondsBehind"), (Double) m.get("secondsToLoad"));
            } else {
              out.println("  freshness: " + f);
            }
          });
    }
    if (warehouse.containsKey("error")) {
      out.println("  " + warehouse.get("error"));
    }
  }
}
