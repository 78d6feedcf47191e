package org.cricketstream.cli;

import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.cricketstream.cli.up.Components;
import org.cricketstream.cli.up.Lags;
import org.cricketstream.cli.up.StackHome;
import org.cricketstream.config.KafkaClientProperties;
import org.cricketstream.config.Setting;
import org.cricketstream.config.Shared;
import org.cricketstream.processor.ProcessorSettings;
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
      "Shows the local stack of --home: each component's process, consumer lag per group and",
      "topic, how far the sink is behind in time against each topic's retention window",
      "(warning past half the window, expired when records were deleted unread), dead-letter",
      "counts, rows per warehouse table and how fresh the warehouse is (time since the sink's",
      "last commit). Exits 1 when the stack is not running."
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
    Map<String, Object> components = new LinkedHashMap<>();
    for (String name : Components.ORDER) {
      components.put(name, stackHome.pid(name).map(this::process).orElse("not running"));
    }
    status.put("components", components);
    @SuppressWarnings("unchecked")
    Map<String, String> env =
        state.get("environment") instanceof Map<?, ?> m ? (Map<String, String>) m : Map.of();
    String kafka = env.get(Shared.KAFKA_BOOTSTRAP_SERVERS.name());
    WarehouseSettings warehouseSettings = WarehouseCommands.settings(null, home);
    if (up && kafka != null) {
      status.put("lag", lags(env));
      KafkaClientProperties client = KafkaClientProperties.fromEnvironment(env);
      status.put("deadLetters", deadLetters(kafka, client));
      status.put("retention", retention(kafka, client, warehouseSettings));
    }
    status.put("warehouse", warehouse(warehouseSettings));
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
    } catch (SQLException | RuntimeException e) {
      warehouse.put("error", e.getMessage());
    }
    return warehouse;
  }

  @SuppressWarnings("unchecked")
  private static void printText(PrintWriter out, Map<String, Object> status) {
    out.printf(
        "stack in %s: %s%n", status.get("home"), (Boolean) status.get("running") ? "up" : "down");
    out.println("components:");
    ((Map<String, Object>) status.get("components"))
        .forEach((name, state) -> out.printf("  %-10s %s%n", name, state));
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
    if (warehouse.containsKey("error")) {
      out.println("  " + warehouse.get("error"));
    }
  }
}
