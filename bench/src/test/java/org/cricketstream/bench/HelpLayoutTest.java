package org.cricketstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cricketstream.cli.Cricket;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The help of every command, the cli's and the benchmarks' (this module sees both), as picocli
 * prints it at 80 columns. A description given as lines longer than that was wrapped line by line,
 * leaving a word or two on lines of their own; each paragraph is one string picocli wraps.
 */
class HelpLayoutTest {

  @Test
  void everyCommandsDescriptionIsWrappedAsParagraphsWithinEightyColumns() {
    List<String> problems = new ArrayList<>();
    check("cricket", Cricket.commandLine(), problems);
    assertThat(problems).isEmpty();
  }

  private static void check(String name, CommandLine command, List<String> problems) {
    String usage = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
    List<String> lines = usage.lines().toList();
    for (String line : lines) {
      if (line.length() > 80) {
        problems.add(name + ": longer than 80 columns: " + line);
      }
    }
    // the description: the unindented lines after the synopsis and before the first option
    List<String> description = new ArrayList<>();
    int i = 0;
    while (i < lines.size() && !lines.get(i).startsWith("Usage: ")) {
      i++;
    }
    i++;
    while (i < lines.size() && lines.get(i).startsWith(" ")) {
      i++;
    }
    while (i < lines.size() && !lines.get(i).startsWith(" ") && !lines.get(i).isEmpty()) {
      description.add(lines.get(i++));
    }
    for (int k = 0; k + 1 < description.size(); k++) {
      if (description.get(k).length() <= 50) {
        problems.add(name + ": a short line inside its description: " + description.get(k));
      }
    }
    for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
      if (!sub.getKey().equals("help")) {
        check(name + " " + sub.getKey(), sub.getValue(), problems);
      }
    }
  }
}
