package org.cricketstream.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.cricketstream.cricsheet.model.SourceFormat;
import org.cricketstream.cricsheet.read.MatchFiles;
import org.cricketstream.cricsheet.score.OutcomeCheck;
import org.cricketstream.cricsheet.score.Scorecard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./cricket validate}: reads every match, reports every error and checks outcomes. */
@Command(
    name = "validate",
    header = "Checks Cricsheet files and reports every error.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  ./cricket validate ../shared/data/cricsheet",
      "  ./cricket validate --json all.zip"
    },
    mixinStandardHelpOptions = true,
    description = {
      "Reads Cricsheet files, folders and zip archives (JSON, YAML, CSV2) and reports every error",
      "with its file and line, then recomputes each result decided by runs, wickets or an innings",
      "(without D/L or an award) from the deliveries and compares it with the recorded outcome.",
      "Keys the readers do not know never reject a match; they are counted per key.",
      "Exit status: 0 when everything reads and agrees, 1 otherwise."
    })
final class ValidateCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "files, folders or zip archives")
  List<Path> paths;

  @Option(names = "--json", description = "print one JSON object instead of a report")
  boolean json;

  /**
   * The --json output.
   *
   * @param unknownKeys each key the readers do not know, with how many files carry it
   */
  record Report(
      int matches,
      Map<SourceFormat, Integer> formats,
      int skipped,
      List<Problem> errors,
      Map<String, Integer> unknownKeys,
      Outcomes outcome) {}

  record Problem(String file, String location, String message) {}

  /**
   * The outcome check.
   *
   * @param notChecked matches whose result the rules cannot decide from the balls, by reason
   */
  record Outcomes(
      int checked,
      int agree,
      List<OutcomeCheck.Verdict> disagree,
      Map<String, Integer> notChecked) {}

  @Override
  public Integer call() {
    Report report = validate(paths, spec.commandLine().getErr());
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(out, report);
    } else {
      print(out, report);
    }
    return report.errors().isEmpty() && report.outcome().disagree().isEmpty() ? 0 : 1;
  }

  static Report validate(List<Path> paths, PrintWriter progress) {
    Map<SourceFormat, Integer> formats = new EnumMap<>(SourceFormat.class);
    List<Problem> errors = new ArrayList<>();
    List<OutcomeCheck.Verdict> disagree = new ArrayList<>();
    Map<String, Integer> unknownKeys = new TreeMap<>();
    Map<String, Integer> notChecked = new TreeMap<>();
    int[] counts = new int[4]; // matches, skipped, checked, agree
    Progress meter = new Progress(progress, "validated", "matches");
    MatchFiles.read(
        paths,
        item -> {
          if (item instanceof MatchFiles.Parsed parsed) {
            counts[0]++;
            formats.merge(parsed.match().info().source(), 1, Integer::sum);
            parsed.unknownKeys().forEach(key -> unknownKeys.merge(key, 1, Integer::sum));
            if (OutcomeCheck.checkable(parsed.match())) {
              counts[2]++;
              OutcomeCheck.Verdict verdict =
                  OutcomeCheck.check(parsed.match(), Scorecard.of(parsed.match()));
              if (verdict.agrees()) {
                counts[3]++;
              } else {
                disagree.add(verdict);
              }
            } else {
              notChecked.merge(OutcomeCheck.whyNotCheckable(parsed.match()), 1, Integer::sum);
            }
            meter.tick();
          } else if (item instanceof MatchFiles.Failed failed) {
            errors.add(
                new Problem(
                    failed.error().origin(), failed.error().location(), failed.error().reason()));
          } else {
            counts[1]++;
          }
        });
    meter.done();
    return new Report(
        counts[0],
        formats,
        counts[1],
        errors,
        unknownKeys,
        new Outcomes(counts[2], counts[3], disagree, notChecked));
  }

  private static void print(PrintWriter out, Report report) {
    out.printf("matches read: %d%n", report.matches());
    report.formats().forEach((format, n) -> out.printf("  %-5s %d%n", format, n));
    if (report.skipped() > 0) {
      out.printf(
          "files skipped (no match in them, e.g. README or info files): %d%n", report.skipped());
    }
    out.printf("errors: %d%n", report.errors().size());
    for (Problem error : report.errors()) {
      out.printf("  %s: %s: %s%n", error.file(), error.location(), error.message());
    }
    if (!report.unknownKeys().isEmpty()) {
      out.printf("keys the readers do not know (matches read all the same): %n");
      report
          .unknownKeys()
          .forEach(
              (key, files) -> out.printf("  %s: %d file%s%n", key, files, files == 1 ? "" : "s"));
    }
    Outcomes outcome = report.outcome();
    out.printf(
        "outcome check: %d checked, %d agree, %d disagree%n",
        outcome.checked(), outcome.agree(), outcome.disagree().size());
    if (!outcome.notChecked().isEmpty()) {
      out.printf("  not checked, the balls alone cannot decide them: %s%n", outcome.notChecked());
    }
    for (OutcomeCheck.Verdict verdict : outcome.disagree()) {
      out.printf(
          "  match %s: recorded '%s', computed '%s'%n",
          verdict.match(), verdict.recorded(), verdict.computed());
    }
  }
}
