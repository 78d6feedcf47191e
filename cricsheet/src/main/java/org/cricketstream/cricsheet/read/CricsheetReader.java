package org.cricketstream.cricsheet.read;

import java.io.InputStream;
import java.io.Reader;
import java.util.HashSet;
import java.util.Set;
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

  /**
   * A Cricsheet JSON match document inside an envelope: a document that also carries its match id
   * under {@code matchIdKey} and other fields of the store it came from (a MongoDB {@code _id},
   * say), which are not part of the match.
   */
  public static Match jsonInEnvelope(
      String origin, InputStream in, String matchIdKey, Set<String> envelopeKeys) {
    DocNode.MapNode document = JsonDocs.parse(origin, in).asMap();
    String matchId = document.requiredText(matchIdKey);
    Set<String> drop = new HashSet<>(envelopeKeys);
    drop.add(matchIdKey);
    return DocumentMatchParser.parse(
        DocumentMatchParser.Dialect.JSON, matchId, document.without(drop));
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
