package org.cricketstream.sources.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The saved position passes a record only once it has been committed for {@link
 * ReplayPosition#DURABLE_AFTER}: a source killed just after acknowledging a commit may lose it.
 */
class ReplayPositionTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void savesOnlyPositionsReachedLongEnoughAgoAndEverythingAtTheEnd(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("position.json");
    List<Path> inputs = List.of(dir.resolve("odi"));
    AtomicLong now = new AtomicLong();
    ReplayPosition position = ReplayPosition.load(file, inputs, now::get);

    position.reached("odi", 10);
    position.save();
    assertThat(file).doesNotExist(); // just committed

    now.set(SECOND / 2);
    position.reached("odi", 20);
    position.save();
    assertThat(file).doesNotExist();

    now.set(SECOND + SECOND / 5);
    position.reached("odi", 30);
    position.save();
    assertThat(ReplayPosition.load(file, inputs).sent("odi")).isEqualTo(10);

    now.set(SECOND + 3 * SECOND / 5);
    position.save();
    assertThat(ReplayPosition.load(file, inputs).sent("odi")).isEqualTo(20);

    // a replay that ends saves every record it reached
    position.saveAll();
    assertThat(ReplayPosition.load(file, inputs).sent("odi")).isEqualTo(30);
    assertThat(Files.readString(file)).contains("\"odi\":30");
  }
}
