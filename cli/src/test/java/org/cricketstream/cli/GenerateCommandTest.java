package org.cricketstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./cricket generate} writes the sample layout, and {@code validate} accepts all of it. */
class GenerateCommandTest {

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Cricket.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void generatedFilesValidateWithEveryOutcomeAgreeing(@TempDir Path dir) throws IOException {
    Run generate =
        run(
            "generate",
            "--seed",
            "3",
            "--t20",
            "6",
            "--odi",
            "4",
            "--test",
            "2",
            "--out",
            dir.toString());
    assertThat(generate.exit()).isZero();
    assertThat(generate.out()).contains("generated 12 matches with seed 3");
    assertThat(names(dir.resolve("t20i_json")))
        .hasSize(6)
        .allMatch(n -> n.matches("910000\\d\\d.json"));
    assertThat(names(dir.resolve("odi_csv")))
        .hasSize(8)
        .contains("92000001.csv", "92000001_info.csv");
    assertThat(names(dir.resolve("test_yaml"))).containsExactly("93000001.yaml", "93000002.yaml");

    Run validate = run("validate", dir.toString());
    assertThat(validate.exit()).as(validate.out()).isZero();
    assertThat(validate.out()).contains("matches read: 12", "errors: 0", "0 disagree");
  }

  @Test
  void rejectsANegativeCount(@TempDir Path dir) {
    Run run = run("generate", "--t20", "-1", "--out", dir.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("between 0 and");
  }

  private static List<String> names(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }
}
