package org.cricketstream.cricsheet.generate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.cricketstream.cricsheet.model.Match;
import org.cricketstream.cricsheet.model.MatchFormat;
import org.cricketstream.cricsheet.read.CricsheetData;
import org.cricketstream.cricsheet.write.CricsheetWriter;

/**
 * Writes generated matches in the layout of the shared Cricsheet sample, so everything that reads
 * the sample reads them too: {@code t20i_json/<id>.json}, {@code odi_csv/<id>.csv} with {@code
 * <id>_info.csv}, and {@code test_yaml/<id>.yaml}.
 */
public final class GeneratedSample {

  /** How many matches of each format. */
  public record Counts(int t20, int odi, int test) {
    public Counts {
      if (t20 < 0 || odi < 0 || test < 0) {
        throw new IllegalArgumentException("match counts cannot be negative");
      }
    }

    int of(MatchFormat format) {
      return switch (format) {
        case T20 -> t20;
        case ODI -> odi;
        case TEST -> test;
        case OTHER -> 0;
      };
    }
  }

  /** What was written. */
  public record Summary(int matches, int files, long bytes) {}

  /** The formats generated, in the order they are written. */
  public static final List<MatchFormat> FORMATS =
      List.of(MatchFormat.T20, MatchFormat.ODI, MatchFormat.TEST);

  private GeneratedSample() {}

  /** The sub-folder of {@code out} that holds a format's matches, named as in the shared sample. */
  public static Path folder(Path out, MatchFormat format) {
    return out.resolve(
        switch (format) {
          case T20 -> CricsheetData.T20I_JSON;
          case ODI -> CricsheetData.ODI_CSV;
          case TEST -> CricsheetData.TEST_YAML;
          case OTHER -> throw new IllegalArgumentException("no folder for " + format);
        });
  }

  /**
   * Generates {@code counts} matches with {@code seed} and writes them under {@code out}; files of
   * the same name are replaced, other files are left alone. {@code written} hears of each match
   * once its files are on disk.
   */
  public static Summary write(Path out, long seed, Counts counts, Consumer<Match> written)
      throws IOException {
    MatchGenerator generator = new MatchGenerator(seed);
    int matches = 0;
    int files = 0;
    long bytes = 0;
    for (MatchFormat format : FORMATS) {
      int count = counts.of(format);
      if (count == 0) {
        continue;
      }
      Path folder = folder(out, format);
      for (int i = 0; i < count; i++) {
        Match match = generator.generate(format, i);
        for (Path file :
            CricsheetWriter.write(match, MatchGenerator.sourceFormat(format), folder)) {
          files++;
          bytes += Files.size(file);
        }
        matches++;
        written.accept(match);
      }
    }
    return new Summary(matches, files, bytes);
  }
}
