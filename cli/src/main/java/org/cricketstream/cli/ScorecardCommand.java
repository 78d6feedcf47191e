package org.cricketstream.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.cricketstream.cricsheet.read.CricsheetFormatException;
import org.cricketstream.cricsheet.read.MatchFiles;
import org.cricketstream.cricsheet.score.BattingEntry;
import org.cricketstream.cricsheet.score.BowlingEntry;
import org.cricketstream.cricsheet.score.FallOfWicket;
import org.cricketstream.cricsheet.score.InningsCard;
import org.cricketstream.cricsheet.score.Partnership;
import org.cricketstream.cricsheet.score.Scorecard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./cricket scorecard}: one match's scorecard, derived from its deliveries. */
@Command(
    name = "scorecard",
    header = "Prints one match's scorecard from its file.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  ./cricket scorecard ../shared/data/cricsheet/test_yaml/1000885.yaml",
      "  ./cricket scorecard --json match.json"
    },
    mixinStandardHelpOptions = true,
    description = {
      "Prints the scorecard of one match: innings totals, batting, bowling, extras, fall of",
      "wickets and partnerships, all derived from the deliveries. A CSV2 match is named by its",
      "ball file <id>.csv; its <id>_info.csv is read from beside it."
    })
final class ScorecardCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "a .json, .yaml or CSV2 ball file")
  Path file;

  @Option(names = "--json", description = "print the scorecard as JSON")
  boolean json;

  @Override
  public Integer call() {
    Scorecard card;
    try {
      card = Scorecard.of(MatchFiles.readMatch(file));
    } catch (CricsheetFormatException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      return 1;
    }
    if (json) {
      Json.print(spec.commandLine().getOut(), card);
    } else {
      print(spec.commandLine().getOut(), card);
    }
    return 0;
  }

  static void print(PrintWriter out, Scorecard card) {
    out.printf(
        "Match %s (%s): %s%n%s%n",
        card.match(), card.format(), String.join(" v ", card.teams()), card.outcome());
    for (InningsCard innings : card.innings()) {
      out.println();
      out.printf(
          "Innings %d%s: %s %d/%d (%s overs)%n",
          innings.number(),
          innings.superOver() ? " (super over)" : "",
          innings.team(),
          innings.runs(),
          innings.wickets(),
          overs(innings.legalBalls(), card.ballsPerOver()));
      out.printf("  %-28s %-44s %4s %4s %3s %3s%n", "Batter", "Dismissal", "R", "B", "4s", "6s");
      for (BattingEntry b : innings.batting()) {
        out.printf(
            "  %-28s %-44s %4d %4d %3d %3d%n",
            b.batter(), dismissal(b), b.runs(), b.balls(), b.fours(), b.sixes());
      }
      out.printf(
          "  Extras %d (w %d, nb %d, b %d, lb %d, pen %d)%s%n",
          innings.extras().total(),
          innings.extras().wides(),
          innings.extras().noballs(),
          innings.extras().byes(),
          innings.extras().legbyes(),
          innings.extras().penalty(),
          innings.penaltyRuns() > 0 ? "; innings penalty runs " + innings.penaltyRuns() : "");
      out.printf("  %-28s %6s %3s %4s %3s%n", "Bowler", "O", "M", "R", "W");
      for (BowlingEntry b : innings.bowling()) {
        out.printf(
            "  %-28s %6s %3d %4d %3d%n",
            b.bowler(),
            overs(b.legalBalls(), card.ballsPerOver()),
            b.maidens(),
            b.runs(),
            b.wickets());
      }
      if (!innings.fallOfWickets().isEmpty()) {
        StringBuilder fow = new StringBuilder("  Fall of wickets:");
        for (FallOfWicket f : innings.fallOfWickets()) {
          fow.append(
              String.format(" %d-%d (%s, %s)", f.wicket(), f.runs(), f.playerOut(), f.ball()));
        }
        out.println(fow);
      }
      StringBuilder stands = new StringBuilder("  Partnerships:");
      for (Partnership p : innings.partnerships()) {
        stands.append(
            String.format(
                " %d: %d (%d balls)%s", p.wicket(), p.runs(), p.balls(), p.unbroken() ? "*" : ""));
      }
      out.println(stands);
    }
  }

  private static String dismissal(BattingEntry b) {
    String text = b.dismissal();
    if (!b.fielders().isEmpty()) {
      text += " (" + String.join(", ", b.fielders()) + ")";
    }
    if (b.bowler() != null) {
      text += " b " + b.bowler();
    }
    return text;
  }

  /** Legal balls as overs, e.g. 27 balls at six an over is "4.3". */
  static String overs(int legalBalls, int ballsPerOver) {
    int rest = legalBalls % ballsPerOver;
    return legalBalls / ballsPerOver + (rest == 0 ? "" : "." + rest);
  }
}
