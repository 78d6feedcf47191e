package org.cricketstream.cli;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.cricketstream.bridge.BridgeSettings;
import org.cricketstream.cli.up.ExternalServices;
import org.cricketstream.cli.up.Stack;
import org.cricketstream.cli.up.StackHome;
import org.cricketstream.config.KafkaClientProperties;
import org.cricketstream.config.Setting;
import org.cricketstream.config.SettingException;
import org.cricketstream.config.Shared;
import org.cricketstream.cricsheet.read.MatchFiles;
import org.cricketstream.lambda.EmitterSettings;
import org.cricketstream.processor.ProcessorSettings;
import org.cricketstream.sources.SourcesSettings;
import org.cricketstream.stack.AwsDefinitions;
import org.cricketstream.stack.TerraformDefinitions;
import org.cricketstream.topics.TopicRetention;
import org.cricketstream.warehouse.WarehouseSettings;

/**
 * What {@code ./cricket up} checks before it starts anything, and {@code ./cricket doctor} shows:
 * the data, every component's settings, the ports, the home, Python for Superset, and disk space.
 * Each problem is one line naming the flag or setting and what to do.
 */
final class Preflight {
  /** Disk the stack needs besides the data's share: Kafka's logs, PostgreSQL, Superset. */
  static final long BASE_DISK_BYTES = 2L << 30;

  /** Kafka's raw and clean topics and the warehouse's layers hold the data several times over. */
  static final int DISK_PER_DATA_BYTE = 12;

  private Preflight() {}

  /** What the data holds, by format, from file names (a quick look: nothing is parsed). */
  record Survey(Map<MatchFiles.Kind, Integer> files, long bytes, List<String> problems) {

    /** e.g. {@code 500 JSON, 300 CSV2, 56 YAML}. */
    String counts() {
      List<String> parts = new ArrayList<>();
      Map<MatchFiles.Kind, String> labels =
          Map.of(
              MatchFiles.Kind.JSON, "JSON",
              MatchFiles.Kind.CSV_BALLS, "CSV2",
              MatchFiles.Kind.YAML, "YAML");
      for (MatchFiles.Kind kind :
          List.of(MatchFiles.Kind.JSON, MatchFiles.Kind.CSV_BALLS, MatchFiles.Kind.YAML)) {
        parts.add(files.getOrDefault(kind, 0) + " " + labels.get(kind));
      }
      return String.join(", ", parts);
    }
  }

  /** Looks at every {@code --data} path: that it exists and holds Cricsheet files. */
  static Survey survey(List<Path> data) {
    Map<MatchFiles.Kind, Integer> files = new EnumMap<>(MatchFiles.Kind.class);
    List<String> problems = new ArrayList<>();
    long bytes = 0;
    for (Path path : data) {
      Map<MatchFiles.Kind, Integer> here = new EnumMap<>(MatchFiles.Kind.class);
      if (!Files.exists(path)) {
        problems.add("--data " + path + ": no such file or folder");
        continue;
      }
      if (!Files.isReadable(path)) {
        problems.add("--data " + path + ": not readable");
        continue;
      }
      try {
        MatchFiles.entries(
            List.of(path),
            entry -> here.merge(entry.kind(), 1, Integer::sum),
            failed -> problems.add("--data " + failed.error().getMessage()));
        bytes += size(path);
      } catch (RuntimeException e) {
        problems.add("--data " + path + ": cannot be listed: " + e.getMessage());
        continue;
      }
      if (here.getOrDefault(MatchFiles.Kind.JSON, 0)
              + here.getOrDefault(MatchFiles.Kind.YAML, 0)
              + here.getOrDefault(MatchFiles.Kind.CSV_BALLS, 0)
          == 0) {
        problems.add(
            "--data "
                + path
                + ": no Cricsheet files in it (expected .json, .yaml, or CSV2 ball files with"
                + " their _info.csv, in folders or .zip archives)");
      }
      here.forEach((kind, n) -> files.merge(kind, n, Integer::sum));
    }
    return new Survey(files, bytes, problems);
  }

  private static long size(Path path) {
    if (Files.isRegularFile(path)) {
      try {
        return Files.size(path);
      } catch (IOException e) {
        return 0;
      }
    }
    try (Stream<Path> files = Files.walk(path)) {
      return files
          .filter(Files::isRegularFile)
          .mapToLong(
              f -> {
                try {
                  return Files.size(f);
                } catch (IOException e) {
                  return 0;
                }
              })
          .sum();
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * The file of Kafka client properties, read as every component will read it; and it is for a
   * cluster the user runs: the broker {@code up} starts listens PLAINTEXT on 127.0.0.1 only.
   */
  private static List<String> kafkaClient(Map<String, String> env) {
    try {
      KafkaClientProperties client = KafkaClientProperties.fromEnvironment(env);
      if (client.file().isPresent() && new ExternalServices(env).kafka().isEmpty()) {
        return List.of(
            Shared.KAFKA_PROPERTIES.name()
                + " is set but "
                + Shared.KAFKA_BOOTSTRAP_SERVERS.name()
                + " is not: the broker up starts takes no client properties; set "
                + Shared.KAFKA_BOOTSTRAP_SERVERS.name()
                + " to the cluster the file is for, or unset "
                + Shared.KAFKA_PROPERTIES.name());
      }
      return List.of();
    } catch (SettingException e) {
      return List.of(e.getMessage());
    }
  }

  /**
   * Every setting the stack's components read, checked against the environment {@code up} gives
   * them; one line per setting that cannot be used.
   */
  static List<String> settings(Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    Setting.union(
            ProcessorSettings.SETTINGS,
            WarehouseSettings.SETTINGS,
            SourcesSettings.SETTINGS,
            BridgeSettings.SETTINGS,
            EmitterSettings.SETTINGS,
            TopicRetention.SETTINGS,
            org.cricketstream.cli.up.SupervisorSettings.SETTINGS)
        .stream()
        // up creates the queue and the bucket, or takes them from the environment (--aws external)
        .filter(s -> s != BridgeSettings.QUEUE_URL && s != EmitterSettings.BUCKET)
        .forEach(
            s -> {
              try {
                s.find(env);
              } catch (SettingException e) {
                problems.add(e.getMessage());
              }
            });
    problems.addAll(kafkaClient(env));
    if (problems.isEmpty()) {
      try {
        TopicRetention.checkHorizon(
            TopicRetention.RAW.read(env), ProcessorSettings.DEDUP_HORIZON.read(env), "declared");
      } catch (SettingException e) {
        problems.add(e.getMessage());
      }
    }
    try {
      AwsDefinitions tf = AwsDefinitions.of(TerraformDefinitions.projectFolder());
      LambdaRunnerSettings.of(tf, env);
    } catch (SettingException | IllegalArgumentException e) {
      problems.add(e.getMessage());
    } catch (RuntimeException e) {
      problems.add("terraform/ cannot be read: " + e.getMessage());
    }
    return problems;
  }

  /**
   * The ports of the servers {@code up} starts here (a server whose address is in the environment
   * is external and needs none): a port kept in stack.json from an earlier start must be free, as
   * the stack uses it again; others fall back to a free port.
   */
  static List<String> ports(StackHome home, Stack.Options options) {
    List<String> problems = new ArrayList<>();
    Map<String, Integer> saved = home.savedPorts();
    for (String name :
        new ExternalServices(options.environment())
            .serversStarted(options.aws(), options.superset())) {
      Integer port = saved.get(name);
      if (port != null && !StackHome.free(port)) {
        problems.add(
            String.format(
                Locale.ROOT,
                "port %d of %s (kept in %s from an earlier start) is in use by another process:"
                    + " stop it, or give another --home",
                port,
                name,
                home.resolve("stack.json")));
      }
    }
    return problems;
  }

  /** The home: a writable folder, or one that can be created (nothing is created here). */
  static List<String> home(StackHome home) {
    Path dir = home.dir();
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      return List.of("--home " + dir + ": not a folder");
    }
    Path existing = dir;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null || !Files.isWritable(existing)) {
      return List.of(
          "--home "
              + dir
              + ": not writable"
              + (existing.equals(dir) ? "" : " (" + existing + " cannot hold it)")
              + ": give a folder you can write to");
    }
    return List.of();
  }

  /** Free space where the home is, against what this data needs. */
  static List<String> disk(StackHome home, long dataBytes) {
    long needed = BASE_DISK_BYTES + DISK_PER_DATA_BYTE * dataBytes;
    Optional<Long> free = usableSpace(home.dir());
    if (free.isPresent() && free.get() < needed) {
      return List.of(
          String.format(
              Locale.ROOT,
              "--home %s: %d MB free, the stack needs about %d MB for this data: free some space"
                  + " or give a --home on a larger disk",
              home.dir(),
              free.get() >> 20,
              needed >> 20));
    }
    return List.of();
  }

  static Optional<Long> usableSpace(Path dir) {
    Path existing = dir.toAbsolutePath();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return Optional.empty();
    }
    try {
      FileStore store = Files.getFileStore(existing);
      return Optional.of(store.getUsableSpace());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Superset needs a Python 3.10 to 3.12 unless its environment is already installed. */
  static List<String> python(Stack.Options options, Tools tools) {
    if (!options.superset() || tools.supersetInstalled().isPresent()) {
      return List.of();
    }
    if (tools.pythonForSuperset().isEmpty()) {
      return List.of(
          "Superset needs Python 3.10 to 3.12 (none found on PATH; set SUPERSET_PYTHON), or leave"
              + " it out with --no-superset");
    }
    return List.of();
  }

  /**
   * The registry {@code up} runs (Apicurio, when no SCHEMA_REGISTRY_URL is given) needs a Java 21
   * or newer.
   */
  static List<String> registry(Stack.Options options, Tools tools) {
    try {
      if (Shared.SCHEMA_REGISTRY_URL.find(options.environment()).isPresent()) {
        return List.of();
      }
    } catch (SettingException e) {
      return List.of(e.getMessage());
    }
    if (tools.javaForRegistry().isEmpty()) {
      return List.of(
          "the schema registry (Apicurio Registry) needs Java 21 or newer: install one (or set"
              + " REGISTRY_JAVA to its java), or give an external registry's SCHEMA_REGISTRY_URL");
    }
    return List.of();
  }

  /** Every check {@code up} makes before it starts anything, as one list of problems. */
  static List<String> beforeUp(StackHome home, Stack.Options options, Survey survey, Tools tools) {
    List<String> problems = new ArrayList<>(survey.problems());
    problems.addAll(home(home));
    problems.addAll(settings(options.environment()));
    problems.addAll(ports(home, options));
    problems.addAll(Stack.scaleProblems(home, options));
    problems.addAll(python(options, tools));
    problems.addAll(registry(options, tools));
    problems.addAll(disk(home, survey.bytes()));
    return problems;
  }
}
