package org.cricketstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.cricketstream.cli.Cricket;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code ./cricket bench} is found on the class path and listed like the cli's own commands. */
class BenchCommandTest {
  @Test
  void benchIsListedLastBeforeHelpWithAOneSentenceSummary() {
    CommandLine cli = Cricket.commandLine();
    List<String> names = List.copyOf(cli.getSubcommands().keySet());
    assertThat(names.subList(names.size() - 2, names.size())).containsExactly("bench", "help");
    String[] header = cli.getSubcommands().get("bench").getCommandSpec().usageMessage().header();
    assertThat(header).containsExactly("Measures speed and writes the figures as JSON.");
  }

  @Test
  void everyBenchmarkIsASubcommand() {
    assertThat(Cricket.commandLine().getSubcommands().get("bench").getSubcommands().keySet())
        .contains("readers", "processor", "sources", "warehouse", "e2e");
  }
}
