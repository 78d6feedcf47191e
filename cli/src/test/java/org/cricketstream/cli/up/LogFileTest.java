package org.cricketstream.cli.up;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFileTest {
  @TempDir Path dir;

  @Test
  void aLogPastItsCapIsRolledOverAndOnlyTheNewestAreKeptEachPrivate() throws Exception {
    Path path = dir.resolve("logs").resolve("kafka.log");
    byte[] line =
        "0123456789012345678901234567890123456789012345678\n"
            .getBytes(StandardCharsets.US_ASCII); // 50 bytes
    try (LogFile log = new LogFile(path, 1000, 3)) {
      for (int i = 0; i < 200; i++) { // 10 000 bytes: ten logs' worth
        log.write(line, 0, line.length);
      }
      assertThat(log.rolled(3)).exists();
    }
    try (Stream<Path> files = Files.list(path.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("kafka.log", "kafka.log.1", "kafka.log.2", "kafka.log.3");
    }
    for (Path file :
        new Path[] {path, dir.resolve("logs/kafka.log.1"), dir.resolve("logs/kafka.log.3")}) {
      assertThat(Files.size(file)).isLessThanOrEqualTo(1000);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
    }
    assertThat(Files.size(dir.resolve("logs/kafka.log.1"))).isEqualTo(1000);
  }

  @Test
  void aLogIsAppendedToAcrossOpenings() throws Exception {
    Path path = dir.resolve("sink.log");
    try (LogFile log = new LogFile(path, 1 << 20, 2)) {
      log.write("first start\n");
    }
    try (LogFile log = new LogFile(path, 1 << 20, 2)) {
      log.write("second start\n");
    }
    assertThat(Files.readString(path)).isEqualTo("first start\nsecond start\n");
  }
}
