package org.cricketstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The help a new user reads first: summaries that are sentences, the common commands first. */
class CricketHelpTest {
  private static final int LIST_WIDTH = 60;

  @Test
  void theCommandsUsersNeedMostComeFirst() {
    List<String> names = List.copyOf(Cricket.commandLine().getSubcommands().keySet());
    assertThat(names.subList(0, 5))
        .containsExactly("up", "status", "query", "validate", "scorecard");
    // commands from other jars (bench, tested there) come before help, which is last
    assertThat(names.get(names.size() - 1)).isEqualTo("help");
  }

  @Test
  void everySummaryIsOneCompleteSentenceThatFitsTheList() {
    Cricket.commandLine()
        .getSubcommands()
        .forEach(
            (name, command) -> {
              if (name.equals("help")) {
                return; // picocli's own
              }
              String[] header = command.getCommandSpec().usageMessage().header();
              assertThat(header).as(name).hasSize(1);
              assertThat(header[0])
                  .as(name)
                  .matches("[A-Z][^.]*\\.")
                  .hasSizeLessThanOrEqualTo(LIST_WIDTH);
            });
    String help = usage(Cricket.commandLine());
    assertThat(help)
        .contains("  up             Starts the whole stack and replays data as live traffic.\n");
  }

  @Test
  void everyCommandsHelpEndsWithExamples() {
    Cricket.commandLine()
        .getSubcommands()
        .forEach(
            (name, command) -> {
              if (name.equals("help")) {
                return;
              }
              String help = usage(command).stripTrailing();
              int examples = help.lastIndexOf("\nExamples:\n");
              assertThat(examples).as(name + " has examples").isPositive();
              List<String> lines = help.substring(examples + 11).lines().toList();
              assertThat(lines)
                  .as(name)
                  .isNotEmpty()
                  .allMatch(l -> l.contains("./cricket " + name));
            });
  }

  @Test
  void componentCommandsListTheSettingsTheyRead() {
    for (Map.Entry<String, List<org.cricketstream.config.Setting<?>>> e :
        Cricket.ENVIRONMENT.entrySet()) {
      String help = usage(Cricket.commandLine().getSubcommands().get(e.getKey()));
      assertThat(help).as(e.getKey()).contains("\nEnvironment:\n");
      for (var setting : e.getValue()) {
        assertThat(help).as(e.getKey()).contains("  " + setting.name() + " ");
      }
      assertThat(help.indexOf("Environment:")).isLessThan(help.indexOf("Examples:"));
    }
  }

  @Test
  void aWrongOptionIsTheMessageAndWhereToLookNeverAStackTrace() {
    StringWriter err = new StringWriter();
    CommandLine cli = Cricket.commandLine();
    cli.setErr(new PrintWriter(err));
    int code = cli.execute("up", "--pace", "fast");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().lines().toList())
        .containsExactly(
            "cricket up: Invalid value for option '--pace': 'fast' is not a number",
            "Try: ./cricket up --help");
  }

  @Test
  void aTypoGetsASuggestion() {
    StringWriter err = new StringWriter();
    CommandLine cli = Cricket.commandLine();
    cli.setErr(new PrintWriter(err));
    assertThat(cli.execute("stauts")).isEqualTo(2);
    assertThat(err.toString()).contains("Did you mean").contains("status").doesNotContain("\tat ");
  }

  private static String usage(CommandLine command) {
    StringWriter out = new StringWriter();
    command.usage(new PrintWriter(out));
    return out.toString();
  }
}
