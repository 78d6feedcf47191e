package org.cricketstream.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The processor's name in its group: kept with its state, one per state directory. */
class ProcessorInstanceIdTest {
  @TempDir Path dir;

  @Test
  void theSameStateGivesTheSameNameAndAnotherStateAnother() throws Exception {
    Path state = dir.resolve("state");
    String first = ProcessorApp.instanceId(state);
    assertThat(first).matches("processor-[0-9a-f]{8}");
    assertThat(Files.readString(state.resolve(ProcessorApp.INSTANCE_ID_FILE)).strip())
        .isEqualTo(first);
    assertThat(ProcessorApp.instanceId(state)).isEqualTo(first);
    assertThat(ProcessorApp.instanceId(dir.resolve("other"))).isNotEqualTo(first);
  }

  @Test
  void aNameTheUserWroteIsKeptAndAnEmptyFileGetsANewOne() throws Exception {
    Path named = dir.resolve("named");
    Files.createDirectories(named);
    Files.writeString(named.resolve(ProcessorApp.INSTANCE_ID_FILE), "  pod-0\n");
    assertThat(ProcessorApp.instanceId(named)).isEqualTo("pod-0");

    Path empty = dir.resolve("empty");
    Files.createDirectories(empty);
    Files.writeString(empty.resolve(ProcessorApp.INSTANCE_ID_FILE), "");
    String made = ProcessorApp.instanceId(empty);
    assertThat(made).startsWith("processor-");
    assertThat(Files.readString(empty.resolve(ProcessorApp.INSTANCE_ID_FILE)).strip())
        .isEqualTo(made);
    try (var left = Files.list(empty)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .containsExactly(ProcessorApp.INSTANCE_ID_FILE);
    }
  }
}
