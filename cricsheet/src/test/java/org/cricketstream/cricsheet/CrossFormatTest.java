package org.cricketstream.cricsheet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.cricketstream.cricsheet.generate.MatchGenerator;
import org.cricketstream.cricsheet.model.Delivery;
import org.cricketstream.cricsheet.model.Innings;
import org.cricketstream.cricsheet.model.Match;
import org.cricketstream.cricsheet.model.MatchFormat;
import org.cricketstream.cricsheet.model.SourceFormat;
import org.cricketstream.cricsheet.read.MatchFiles;
import org.cricketstream.cricsheet.score.BattingEntry;
import org.cricketstream.cricsheet.score.FallOfWicket;
import org.cricketstream.cricsheet.score.InningsCard;
import org.cricketstream.cricsheet.score.Partnership;
import org.cricketstream.cricsheet.score.Scorecard;
import org.cricketstream.cricsheet.write.CricsheetWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same match read from two formats gives the same scorecard. Real data: Cricsheet's own YAML
 * copies of T20Is held as JSON and ODIs held as CSV2 ({@code cross_format/}, ties and super overs
 * among them), each compared with its twin. Without real data, generated matches written by the
 * project's writers in both formats.
 *
 * <p>Players are compared by their Cricsheet registry id, not their name: Cricsheet renames players
 * over the years ("NA Saini" became "Navdeep Saini"), and each copy was taken at another time.
 *
 * <p>Compared is what both formats carry. CSV2 has no innings-level penalty runs, no fielders and
 * no non-boundary flag; YAML has no miscounted overs (which decide maidens). Where a match has one
 * of those, the figures it decides are left out of that pair's comparison, never forced to agree.
 */
class CrossFormatTest {

  @Test
  void realMatchesGiveTheSameScorecardInYamlAsInJsonAndCsv() throws IOException {
    Path real = Samples.realFolder();
    List<String> differences = new ArrayList<>();
    int pairs = 0;
    pairs +=
        compareFolder(
            real.resolve("cross_format/t20i_yaml"), real.resolve("t20i_json"), differences);
    pairs +=
        compareFolder(real.resolve("cross_format/odi_yaml"), real.resolve("odi_csv"), differences);

    assertThat(differences).isEmpty();
    assertThat(pairs).as("pairs compared").isEqualTo(24);
  }

  @Test
  void generatedMatchesGiveTheSameScorecardInEveryFormat(@TempDir Path dir) throws IOException {
    MatchGenerator generator = new MatchGenerator(77L);
    List<String> differences = new ArrayList<>();
    int pairs = 0;
    for (MatchFormat format : List.of(MatchFormat.T20, MatchFormat.ODI)) {
      Path twins = dir.resolve(format == MatchFormat.T20 ? "t20s_json" : "odis_csv2");
      for (int i = 0; i < 15; i++) {
        Match match = generator.generate(format, i);
        CricsheetWriter.write(match, SourceFormat.YAML, dir.resolve("yaml"));
        CricsheetWriter.write(match, MatchGenerator.sourceFormat(format), twins);
      }
      pairs += compareFolder(dir.resolve("yaml"), twins, differences);
    }

    assertThat(differences).isEmpty();
    assertThat(pairs).isEqualTo(30);
  }

  /** Compares each YAML file with its twin of the same id in {@code twins}; returns the pairs. */
  private static int compareFolder(Path yamlFolder, Path twins, List<String> differences)
      throws IOException {
    int pairs = 0;
    try (Stream<Path> files = Files.list(yamlFolder)) {
      for (Path yaml : files.sorted().toList()) {
        String id = MatchFiles.matchIdOf(yaml.getFileName().toString());
        Path json = twins.resolve(id + ".json");
        Path csv = twins.resolve(id + ".csv");
        Path twin = Files.exists(json) ? json : csv;
        if (!Files.exists(twin)) {
          continue;
        }
        pairs++;
        Match fromYaml = MatchFiles.readMatch(yaml);
        Match fromTwin = MatchFiles.readMatch(twin);
        boolean csvTwin = twin == csv;
        List<Object> left = comparable(fromYaml, fromTwin, csvTwin);
        List<Object> right = comparable(fromTwin, fromYaml, csvTwin);
        if (!Objects.equals(left, right)) {
          differences.add(id + ": " + firstDifference(left, right));
        }
      }
    }
    return pairs;
  }

  /**
   * A player's registry id, else their name. One real file (954743.json) names a player "Mohammad
   * Shahzad" while its registry lists him as "Mohammad Shahzad (2)", Cricsheet's disambiguating
   * suffix: a registry name that differs only by that suffix is the same person.
   */
  private static String registryId(Map<String, String> people, String name) {
    if (name == null) {
      return "-";
    }
    String id = people.get(name);
    if (id != null) {
      return id;
    }
    List<String> suffixed =
        people.keySet().stream()
            .filter(n -> n.startsWith(name + " (") && n.matches(".* \\(\\d+\\)"))
            .toList();
    return suffixed.size() == 1 ? people.get(suffixed.get(0)) : name;
  }

  private static String firstDifference(List<Object> left, List<Object> right) {
    for (int i = 0; i < Math.min(left.size(), right.size()); i++) {
      if (!Objects.equals(left.get(i), right.get(i))) {
        return "YAML " + left.get(i) + " but the other format " + right.get(i);
      }
    }
    return "YAML has " + left.size() + " lines, the other format " + right.size();
  }

  /** What a scorecard must agree on across the pair, read from {@code match} (its twin: other). */
  private static List<Object> comparable(Match match, Match other, boolean csvPair) {
    Scorecard card = Scorecard.of(match);
    UnaryOperator<String> who = name -> registryId(match.info().people(), name);
    boolean anyMiscounted =
        Stream.of(match, other)
            .flatMap(m -> m.innings().stream())
            .anyMatch(i -> !i.miscountedOvers().isEmpty());
    boolean anyNonBoundary =
        Stream.of(match, other)
            .flatMap(m -> m.deliveries().stream())
            .anyMatch(Delivery::nonBoundary);
    List<Object> figures = new ArrayList<>();
    figures.add(card.teams());
    figures.add(card.outcome());
    figures.add(card.ballsPerOver());
    for (InningsCard innings : card.innings()) {
      Innings source = match.innings().get(innings.number() - 1);
      Innings twin = other.innings().get(innings.number() - 1);
      boolean penalty = csvPair && (source.inningsPenaltyRuns() + twin.inningsPenaltyRuns()) > 0;
      figures.add(
          List.of(
              innings.number(),
              innings.team(),
              innings.superOver(),
              innings.runs() - (csvPair ? innings.penaltyRuns() : 0),
              innings.wickets(),
              innings.legalBalls(),
              innings.extras()));
      for (BattingEntry b : innings.batting()) {
        figures.add(
            List.of(
                who.apply(b.batter()),
                b.runs(),
                b.balls(),
                anyNonBoundary && csvPair ? "-" : b.fours(),
                anyNonBoundary && csvPair ? "-" : b.sixes(),
                b.dismissal(),
                who.apply(b.bowler()),
                csvPair ? List.of() : b.fielders().stream().map(who).toList()));
      }
      innings
          .bowling()
          .forEach(
              b ->
                  figures.add(
                      List.of(
                          who.apply(b.bowler()),
                          b.legalBalls(),
                          anyMiscounted ? "-" : b.maidens(),
                          b.runs(),
                          b.wickets())));
      for (FallOfWicket f : innings.fallOfWickets()) {
        figures.add(
            List.of(f.wicket(), penalty ? "-" : f.runs(), who.apply(f.playerOut()), f.ball()));
      }
      for (Partnership p : innings.partnerships()) {
        figures.add(
            List.of(
                p.wicket(),
                who.apply(p.batter1()),
                who.apply(p.batter2()),
                p.runs(),
                p.balls(),
                p.unbroken()));
      }
    }
    return figures;
  }
}
