package org.cricketstream.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.cricketstream.cricsheet.generate.GeneratedSample;
import org.cricketstream.cricsheet.model.MatchFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./cricket generate}: realistic synthetic matches for a machine without Cricsheet data. */
@Command(
    name = "generate",
    header = "Writes synthetic matches in Cricsheet's formats.",
    footerHeading = "%nExamples:%n",
    footer = {"  ./cricket generate --out /tmp/matches --t20 20 --odi 10 --test 5"},
    mixinStandardHelpOptions = true,
    description = {
      "Generates realistic synthetic matches, ball by ball, laid out like the",
      "Cricsheet sample: T20 Internationals as Cricsheet JSON in DIR/t20i_json,",
      "ODIs as CSV2 in DIR/odi_csv (<id>.csv with <id>_info.csv) and Tests as",
      "YAML in DIR/test_yaml. Twelve invented sides of named players; every kind",
      "of extra and dismissal; ties settled by super overs; Tests over several",
      "days with declarations, follow-ons, innings wins and draws. The recorded",
      "result is always the one the deliveries make (./cricket validate agrees).",
      "The same seed writes byte-identical files. Match ids are 91000001.. (T20),",
      "92000001.. (ODI) and 93000001.. (Test), clear of Cricsheet's own. Files",
      "of the same name are replaced; nothing else in DIR is touched."
    })
final class GenerateCommand implements Callable<Integer> {
  private static final int MAX_PER_FORMAT = 999_999;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "1",
      description = "random seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--t20",
      paramLabel = "N",
      defaultValue = "300",
      description = "T20 Internationals to generate (default: ${DEFAULT-VALUE})")
  int t20;

  @Option(
      names = "--odi",
      paramLabel = "N",
      defaultValue = "300",
      description = "ODIs to generate (default: ${DEFAULT-VALUE})")
  int odi;

  @Option(
      names = "--test",
      paramLabel = "N",
      defaultValue = "220",
      description = "Test matches to generate (default: ${DEFAULT-VALUE})")
  int test;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      required = true,
      description = "folder to write t20i_json/, odi_csv/ and test_yaml/ into")
  Path out;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    for (int count : new int[] {t20, odi, test}) {
      if (count < 0 || count > MAX_PER_FORMAT) {
        err.printf("error: match counts must be between 0 and %d%n", MAX_PER_FORMAT);
        return 2;
      }
    }
    GeneratedSample.Counts counts = new GeneratedSample.Counts(t20, odi, test);
    Progress progress = new Progress(err, "generated", "matches");
    long started = System.nanoTime();
    GeneratedSample.Summary summary =
        GeneratedSample.write(out, seed, counts, match -> progress.tick());
    progress.done();
    double seconds = (System.nanoTime() - started) / 1e9;
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.printf(
        Locale.ROOT,
        "generated %d matches with seed %d into %s (%d files, %.1f MB, %.1f s)%n",
        summary.matches(),
        seed,
        out,
        summary.files(),
        summary.bytes() / 1e6,
        seconds);
    for (MatchFormat format : GeneratedSample.FORMATS) {
      int count =
          switch (format) {
            case T20 -> t20;
            case ODI -> odi;
            default -> test;
          };
      if (count > 0) {
        stdout.printf("  %-4s %6d  %s%n", format, count, GeneratedSample.folder(out, format));
      }
    }
    return 0;
  }
}
