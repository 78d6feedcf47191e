package org.cricketstream.cricsheet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cricketstream.cricsheet.model.Match;
import org.cricketstream.cricsheet.read.MatchFiles;
import org.junit.jupiter.api.Test;

/**
 * The YAML of every competition and era reads with what users filter by: each file of {@code
 * yaml_wide/} against the index it ships with ({@code MANIFEST.tsv}, from Cricsheet's own archive
 * index), which gives its team type, gender and teams. Cricsheet's YAML never writes the team type,
 * so this is the check that the readers derive it right.
 */
class YamlWideTest {

  @Test
  void everyFileReadsWithTheTeamTypeGenderAndTeamsOfCricsheetsIndex() throws IOException {
    Path folder = Samples.realFolder().resolve("yaml_wide");
    List<String> lines = Files.readAllLines(folder.resolve("MANIFEST.tsv"));
    List<String> columns = List.of(lines.get(0).split("\t", -1));
    List<String> wrong = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] row = line.split("\t", -1);
      String file = row[columns.indexOf("file")];
      Match match = MatchFiles.readMatch(folder.resolve(file));
      String expected =
          row[columns.indexOf("team_type")]
              + " "
              + row[columns.indexOf("gender")]
              + " "
              + row[columns.indexOf("teams")];
      String read =
          match.info().teamType()
              + " "
              + match.info().gender()
              + " "
              + String.join(" vs ", match.info().teams());
      if (!expected.equals(read)) {
        wrong.add(file + ": index says '" + expected + "', read '" + read + "'");
      }
    }

    assertThat(lines).hasSize(103);
    assertThat(wrong).isEmpty();
  }
}
