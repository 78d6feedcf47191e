package org.cricketstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cricketstream.cricsheet.generate.MatchGenerator;
import org.cricketstream.cricsheet.model.MatchFormat;
import org.cricketstream.cricsheet.model.SourceFormat;
import org.cricketstream.cricsheet.write.CricsheetWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code validate} reports keys the readers do not know per key, and reads the matches anyway. */
class ValidateCommandTest {
  @TempDir Path dir;

  @Test
  void unknownKeysAreCountedPerKeyAndTheMatchesAreReadAllTheSame() throws IOException {
    MatchGenerator generator = new MatchGenerator(5L);
    for (int i = 0; i < 3; i++) {
      Path file =
          CricsheetWriter.write(generator.generate(MatchFormat.T20, i), SourceFormat.YAML, dir)
              .get(0);
      String text = Files.readString(file);
      String extra = i < 2 ? "info:\n  floodlights: yes\n" : "info:\n  pitch: green\n";
      Files.writeString(file, text.replaceFirst("info:\n", extra));
    }

    ValidateCommand.Report report =
        ValidateCommand.validate(List.of(dir), new PrintWriter(new StringWriter()));

    assertThat(report.matches()).isEqualTo(3);
    assertThat(report.errors()).isEmpty();
    assertThat(report.unknownKeys()).isEqualTo(Map.of("info.floodlights", 2, "info.pitch", 1));
    assertThat(report.outcome().checked() + notChecked(report)).isEqualTo(3);
    assertThat(report.outcome().disagree()).isEmpty();
  }

  private static int notChecked(ValidateCommand.Report report) {
    return report.outcome().notChecked().values().stream().mapToInt(Integer::intValue).sum();
  }
}
