package org.cricketstream.sources.replay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.cricketstream.topics.Json;

/**
 * How far each source got, kept in a file so a replay that stops (Ctrl-C, a crash) resumes where it
 * stopped. The position is, per source, how many records in the inputs' order are all committed; it
 * is saved after commits, and sessions commit matches side by side, so after a crash some records
 * after it may be committed again, as real sources do.
 */
final class ReplayPosition {
  private final Path file;
  private final String inputs;
  private final Map<String, Long> sent = new ConcurrentHashMap<>();

  private ReplayPosition(Path file, String inputs) {
    this.file = file;
    this.inputs = inputs;
  }

  /** Loads the position for these inputs; a position saved for other inputs starts over. */
  static ReplayPosition load(Path file, List<Path> inputs) {
    String key =
        inputs.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList().toString();
    ReplayPosition position = new ReplayPosition(file, key);
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

  /** Writes the position atomically: a crash leaves the old file or the new one, never half. */
  synchronized void save() {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("inputs", inputs);
    ObjectNode counts = node.putObject("sent");
    sent.forEach(counts::put);
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
