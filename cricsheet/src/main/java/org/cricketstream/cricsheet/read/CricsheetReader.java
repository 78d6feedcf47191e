package org.cricketstream.cricsheet.read;

import java.io.InputStream;
import java.io.Reader;
import org.cricketstream.cricsheet.model.Match;
import org.cricketstream.cricsheet.model.MatchFormat;

/**
 * Reads one match from bytes or text in any Cricsheet format. Files, folders and zips: {@link
 * MatchFiles}.
 */
public final class CricsheetReader {
  private CricsheetReader() {}

  /** A Cricsheet JSON match document (data_version 1.0.0 or 1.1.0). */
  public static Match json(String matchId, String origin, InputStream in) {
    return DocumentMatchParser.parse(
        DocumentMatchParser.Dialect.JSON, matchId, JsonDocs.parse(origin, in));
  }

  /** A Cricsheet YAML match document (data_version 0.91 or 0.92). */
  public static Match yaml(String matchId, String origin, InputStream in) {
    return DocumentMatchParser.parse(
        DocumentMatchParser.Dialect.YAML, matchId, YamlDocs.parse(origin, in));
  }

  /** A Cricsheet CSV2 match: its ball file and its info file. */
  public static Match csv(
      String matchId,
      MatchFormat format,
      String ballOrigin,
      Reader balls,
      String infoOrigin,
      Reader info) {
    return CsvMatchReader.read(matchId, format, ballOrigin, balls, infoOrigin, info);
  }
}
