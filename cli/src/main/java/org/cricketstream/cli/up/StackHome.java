package org.cricketstream.cli.up;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.cricketstream.config.Secrets;
import org.cricketstream.config.SettingException;
import org.cricketstream.stack.LocalKafka;

/**
 * Where a local stack keeps everything: each server's data, the warehouse, logs (one file per
 * component), pid files, and {@code stack.json} with the ports chosen on the first start (reused on
 * every later start, so addresses stay the same) and the addresses to print.
 */
public final class StackHome {
  /** The ports the stack uses by default; one that is taken is replaced by a free one. */
  public static final Map<String, Integer> DEFAULT_PORTS = defaultPorts();

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path dir;

  public StackHome(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  private static Map<String, Integer> defaultPorts() {
    Map<String, Integer> ports = new LinkedHashMap<>();
    ports.put("kafka", 9092);
    ports.put("registry", 8081);
    ports.put("registry-management", 8091);
    ports.put("postgres", 5432);
    ports.put("mongo", 27017);
    ports.put("s3", 9000);
    ports.put("sqs", 9324);
    ports.put("localstack", 4566);
    ports.put("connect", 8083);
    ports.put("superset", 8088);
    return java.util.Collections.unmodifiableMap(ports);
  }

  public Path dir() {
    return dir;
  }

  public Path resolve(String first, String... more) {
    return dir.resolve(Path.of(first, more));
  }

  public Path log(String component) {
    return resolve("logs", component + ".log");
  }

  /** The component's log and the logs it rolled over into, oldest first. */
  public List<Path> logsOldestFirst(String component) {
    return LogFile.oldestFirst(log(component));
  }

  /** The component's log, created if missing, readable by the home's owner alone (0600). */
  public Path openLog(String component) {
    Path log = log(component);
    Secrets.privateFolder(log.getParent());
    return Secrets.privateFile(log);
  }

  /**
   * The component's temporary folder: its JVM's {@code java.io.tmpdir} and its processes' {@code
   * TMPDIR}, emptied whenever the component starts (see {@link Supervisor}).
   */
  public Path temporary(String component) {
    return resolve("tmp", component);
  }

  /** Deletes a file or a folder with all it holds; nothing if it is not there. */
  public static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  public Path warehouseFile() {
    return resolve("warehouse", "cricket.duckdb");
  }

  public String relative(Path path) {
    Path cwd = Path.of("").toAbsolutePath();
    return path.startsWith(cwd) ? cwd.relativize(path).toString() : path.toString();
  }

  void writePid(String component, long pid) {
    write(resolve("run", component + ".pid"), Long.toString(pid));
  }

  void removePid(String component) {
    try {
      Files.deleteIfExists(resolve("run", component + ".pid"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The pid a component last ran with, if its pid file is there. */
  public Optional<Long> pid(String component) {
    Path file = resolve("run", component + ".pid");
    try {
      return Files.exists(file)
          ? Optional.of(Long.parseLong(Files.readString(file).trim()))
          : Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * The ports of this home: those of {@code stack.json} when it has them, else the defaults, each
   * replaced by a free port when taken; saved for the next start.
   */
  public Map<String, Integer> ports() {
    Map<String, Object> state = state();
    Map<String, Integer> ports = new LinkedHashMap<>(savedPorts());
    Set<Integer> taken = new HashSet<>(ports.values());
    DEFAULT_PORTS.forEach(
        (name, port) ->
            ports.computeIfAbsent(
                name,
                n -> {
                  int chosen =
                      free(port) && !taken.contains(port) ? port : LocalKafka.freePort(taken);
                  taken.add(chosen);
                  return chosen;
                }));
    // the ports of components beyond the defaults (see port) are kept too
    Map<String, Object> kept = new LinkedHashMap<>();
    if (state.get("ports") instanceof Map<?, ?> saved) {
      saved.forEach((k, v) -> kept.put(k.toString(), v));
    }
    kept.putAll(ports);
    state.put("ports", kept);
    saveState(state);
    return ports;
  }

  /**
   * The port of a component beyond the defaults (a second broker, a second Connect worker): the one
   * {@code stack.json} holds, else {@code wanted} when free, else a free one; saved for the next
   * start.
   */
  public synchronized int port(String name, int wanted) {
    Map<String, Object> state = state();
    Map<String, Object> ports = new LinkedHashMap<>();
    if (state.get("ports") instanceof Map<?, ?> saved) {
      saved.forEach((k, v) -> ports.put(k.toString(), v));
    }
    if (ports.get(name) instanceof Number saved) {
      return saved.intValue();
    }
    Set<Integer> taken = new HashSet<>();
    for (Object saved : ports.values()) {
      if (saved instanceof Number other) {
        taken.add(other.intValue());
      }
    }
    int port = free(wanted) && !taken.contains(wanted) ? wanted : LocalKafka.freePort(taken);
    ports.put(name, port);
    state.put("ports", ports);
    saveState(state);
    return port;
  }

  /**
   * The id of this home's Kafka cluster of {@code brokers} nodes, drawn on its first start and kept
   * in {@code stack.json}. A home's cluster keeps its size: its controller quorum and its topics'
   * replication were made for it.
   *
   * @throws SettingException when the home's Kafka was made with another number of brokers
   */
  public synchronized String kafkaCluster(int brokers) {
    Optional<String> problem = kafkaClusterProblem(brokers);
    if (problem.isPresent()) {
      throw new SettingException(problem.get());
    }
    Map<String, Object> state = state();
    if (state.get("kafkaCluster") instanceof Map<?, ?> cluster
        && cluster.get("id") instanceof String id) {
      return id;
    }
    String id = org.apache.kafka.common.Uuid.randomUuid().toString();
    state.put("kafkaCluster", Map.of("brokers", brokers, "id", id));
    saveState(state);
    return id;
  }

  /** Why this home's Kafka cannot run with {@code brokers} brokers, if it cannot. */
  public Optional<String> kafkaClusterProblem(int brokers) {
    // a home from before clusters holds a single broker's data and no record of it
    int had =
        state().get("kafkaCluster") instanceof Map<?, ?> cluster
                && cluster.get("brokers") instanceof Number n
            ? n.intValue()
            : Files.exists(resolve("kafka", "logs", "meta.properties")) ? 1 : brokers;
    if (had == brokers) {
      return Optional.empty();
    }
    return Optional.of(
        "--brokers "
            + brokers
            + ": the Kafka of --home "
            + dir
            + " is "
            + (had == 1 ? "a single broker" : "a cluster of " + had + " brokers")
            + ", and a cluster keeps its size here: give --brokers "
            + had
            + ", or another --home");
  }

  /**
   * A free port for each component of {@link #DEFAULT_PORTS}, all different: for a stack that must
   * never meet another (a test's, a chaos run's), recorded before it starts.
   */
  public static Map<String, Integer> freePorts() {
    Map<String, Integer> ports = new LinkedHashMap<>();
    Iterator<Integer> free = LocalKafka.freePorts(DEFAULT_PORTS.size()).iterator();
    DEFAULT_PORTS.keySet().forEach(name -> ports.put(name, free.next()));
    return ports;
  }

  /**
   * The ports {@code stack.json} holds from an earlier start: the stack uses them again, so the
   * addresses a user saved keep working.
   */
  public Map<String, Integer> savedPorts() {
    Map<String, Integer> ports = new LinkedHashMap<>();
    if (state().get("ports") instanceof Map<?, ?> saved) {
      DEFAULT_PORTS.keySet().stream()
          .filter(name -> saved.get(name) instanceof Number)
          .forEach(name -> ports.put(name, ((Number) saved.get(name)).intValue()));
    }
    return ports;
  }

  /**
   * Takes this home for one {@code ./cricket up}: held until closed or the process ends (also on
   * kill -9, as the operating system releases the lock). Throws a {@link SettingException} naming
   * the process that holds it.
   */
  public Lock lock() {
    Path file = resolve("run", "up.lock");
    try {
      Secrets.privateFolder(dir); // the home holds secrets and logs: its owner's alone
      Files.createDirectories(file.getParent());
      FileChannel channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held by this process already
      }
      if (lock == null) {
        channel.close();
        throw new SettingException(
            "--home "
                + dir
                + " is in use by ./cricket up"
                + holder(file).map(pid -> " (pid " + pid + ")").orElse("")
                + ": stop it first, or give another --home");
      }
      channel.truncate(0);
      channel.write(
          java.nio.ByteBuffer.wrap(
              Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)));
      return new Lock(channel, lock);
    } catch (IOException e) {
      throw new SettingException("--home " + dir + " is not writable: " + e.getMessage());
    }
  }

  /** The pid written into the lock file by the process that holds it, if any is there. */
  public Optional<Long> lockHolder() {
    Path file = resolve("run", "up.lock");
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      FileLock probe = channel.tryLock();
      if (probe != null) {
        probe.release();
        return Optional.empty();
      }
    } catch (OverlappingFileLockException e) {
      return Optional.of(ProcessHandle.current().pid());
    } catch (IOException e) {
      return Optional.empty();
    }
    return holder(file);
  }

  private static Optional<Long> holder(Path file) {
    try {
      return Optional.of(Long.parseLong(Files.readString(file).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** A home taken by this process; closing it frees the home. */
  public static final class Lock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private Lock(FileChannel channel, FileLock lock) {
      this.channel = channel;
      this.lock = lock;
    }

    @Override
    public void close() {
      try {
        lock.release();
        channel.close();
      } catch (IOException e) {
        // the process ends soon; the operating system frees the lock then
      }
    }
  }

  /** Whether a port on 127.0.0.1 can be bound now. */
  public static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** What {@code stack.json} holds (empty before the first start). */
  public Map<String, Object> state() {
    Path file = resolve("stack.json");
    if (!Files.exists(file)) {
      return new LinkedHashMap<>();
    }
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> state = JSON.readValue(file.toFile(), LinkedHashMap.class);
      return state;
    } catch (IOException e) {
      throw new StackException(file + " is not readable JSON: " + e.getMessage(), e);
    }
  }

  /** Adds entries to {@code stack.json}. */
  public void record(Map<String, Object> entries) {
    Map<String, Object> state = state();
    state.putAll(entries);
    saveState(state);
  }

  private void saveState(Map<String, Object> state) {
    try {
      write(resolve("stack.json"), JSON.writeValueAsString(state));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, text);
      Files.move(
          tmp,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
