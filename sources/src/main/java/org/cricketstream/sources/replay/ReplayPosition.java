package org.cricketstream.sources.replay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.cricketstream.topics.Json;

/**
 * How far each source got, kept in a file so a replay that stops (Ctrl-C, a crash) resumes where it
 * stopped. The position is, per source, how many records in the inputs' order are all committed; it
 * is saved after commits, and sessions commit matches side by side, so after a crash some records
 * after it may be committed again, as real sources do.
 *
 * <p>While the replay runs, the position it saves is the one it had {@link #DURABLE_AFTER} before:
 * the local PostgreSQL acknowledges a commit before its WAL is on disk ({@code synchronous_commit}
 * off, its WAL writer every 10 ms), so a server killed with -9 just after a commit loses a ball it
 * acknowledged, and a replay that had saved its position past that ball never sent it again (how,
 * it seems, one ODI ball of 52,713 was lost in {@code ChaosIT} with the whole stack killed with
 * -9). Resuming from a position a second old sends that second's records again instead: repeats,
 * which the pipeline removes. A replay that ends saves every record once that time has passed.
 */
final class ReplayPosition {
  /** How long after its commit a record counts in the saved position. */
  static final Duration DURABLE_AFTER = Duration.ofSeconds(1);

  private final Path file;
  private final String inputs;
  private final LongSupplier nanoClock;
  private final Map<String, Long> sent = new ConcurrentHashMap<>();

  /** The positions reached lately, oldest first, with when: saved once they are old enough. */
  private final Deque<Reached> recent = new ArrayDeque<>();

  private record Reached(long nanos, Map<String, Long> sent) {}

  private ReplayPosition(Path file, String inputs, LongSupplier nanoClock) {
    this.file = file;
    this.inputs = inputs;
    this.nanoClock = nanoClock;
  }

  /** Loads the position for these inputs; a position saved for other inputs starts over. */
  static ReplayPosition load(Path file, List<Path> inputs) {
    return load(file, inputs, System::nanoTime);
  }

  static ReplayPosition load(Path file, List<Path> inputs, LongSupplier nanoClock) {
    String key =
        inputs.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList().toString();
    ReplayPosition position = new ReplayPosition(file, key, nanoClock);
    if (Files.exists(file)) {
      try {
        ObjectNode saved = (ObjectNode) Json.MAPPER.readTree(file.toFile());
        if (key.equals(saved.path("inputs").asText())) {
          saved
              .path("sent")
              .properties()
              .forEach(e -> position.sent.put(e.getKey(), e.getValue().asLong()));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("reading replay position " + file, e);
      }
    }
    return position;
  }

  long sent(String source) {
    return sent.getOrDefault(source, 0L);
  }

  /** Every record of {@code source} before {@code records} is committed. */
  void reached(String source, long records) {
    sent.merge(source, records, Math::max); // sessions may report out of order
  }

  /**
   * Saves the newest position reached at least {@link #DURABLE_AFTER} ago (none yet: the file stays
   * as it is).
   */
  synchronized void save() {
    long now = nanoClock.getAsLong();
    recent.addLast(new Reached(now, Map.copyOf(sent)));
    Map<String, Long> durable = null;
    while (!recent.isEmpty() && now - recent.peekFirst().nanos() >= DURABLE_AFTER.toNanos()) {
      durable = recent.pollFirst().sent();
    }
    if (durable != null) {
      write(durable);
    }
  }

  /** Saves every record reached, once {@link #DURABLE_AFTER} has passed: at a replay's end. */
  void saveAll() throws InterruptedException {
    Thread.sleep(DURABLE_AFTER.toMillis());
    synchronized (this) {
      recent.clear();
      write(Map.copyOf(sent));
    }
  }

  /** Writes a position atomically: a crash leaves the old file or the new one, never half. */
  private void write(Map<String, Long> position) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("inputs", inputs);
    ObjectNode counts = node.putObject("sent");
    position.forEach(counts::put);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, node.toString());
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("saving replay position " + file, e);
    }
  }
}
