package org.cricketstream.cricsheet.read;

import java.io.InputStream;
import java.io.Reader;
import java.util.HashSet;
import java.util.Set;
import org.cricketstream.cricsheet.model.Match;
import org.cricketstream.cricsheet.model.MatchFormat;

/**
 * Reads one match from bytes or text in any Cricsheet format. Files, folders and zips: {@link
 * MatchFiles}. Every reader decodes strict UTF-8 (a byte-order mark is allowed), refuses a file
 * over {@link MatchText#MAX_BYTES} and fails only with {@link CricsheetFormatException}, naming
 * where. Keys a reader does not know go to the {@link UnknownKeys} given, or are ignored.
 */
public final class CricsheetReader {
  private CricsheetReader() {}

  /** A Cricsheet JSON match document (data_version 1.0.0 or 1.1.0). */
  public static Match json(String matchId, String origin, InputStream in) {
    return json(matchId, origin, in, new UnknownKeys());
  }

  /** A Cricsheet JSON match document, recording the keys it does not know. */
  public static Match json(String matchId, String origin, InputStream in, UnknownKeys unknown) {
    return DocumentMatchParser.parse(
        DocumentMatchParser.Dialect.JSON, matchId, JsonDocs.parse(origin, in), unknown);
  }

  /**
   * A Cricsheet JSON match document inside an envelope: a document that also carries its match id
   * under {@code matchIdKey} and other fields of the store it came from (a MongoDB {@code _id},
   * say), which are not part of the match.
   */
  public static Match jsonInEnvelope(
      String origin, byte[] bytes, String matchIdKey, Set<String> envelopeKeys) {
    DocNode.MapNode document = JsonDocs.parse(origin, MatchText.decode(origin, bytes)).asMap();
    String matchId = document.requiredText(matchIdKey);
    Set<String> drop = new HashSet<>(envelopeKeys);
    drop.add(matchIdKey);
    return DocumentMatchParser.parse(
        DocumentMatchParser.Dialect.JSON, matchId, document.without(drop), new UnknownKeys());
  }

  /** A Cricsheet YAML match document (data_version 0.9x). */
  public static Match yaml(String matchId, String origin, InputStream in) {
    return yaml(matchId, origin, in, new UnknownKeys());
  }

  /** A Cricsheet YAML match document already in memory (a Kafka record's value, say). */
  public static Match yaml(String matchId, String origin, byte[] bytes) {
    return DocumentMatchParser.parse(
        DocumentMatchParser.Dialect.YAML,
        matchId,
        YamlDocs.parse(origin, bytes),
        new UnknownKeys());
  }

  /** A Cricsheet YAML match document, recording the keys it does not know. */
  public static Match yaml(String matchId, String origin, InputStream in, UnknownKeys unknown) {
    return DocumentMatchParser.parse(
        DocumentMatchParser.Dialect.YAML, matchId, YamlDocs.parse(origin, in), unknown);
  }

  /** A Cricsheet CSV2 match: its ball file and its info file. */
  public static Match csv(
      String matchId,
      MatchFormat format,
      String ballOrigin,
      Reader balls,
      String infoOrigin,
      Reader info) {
    return csv(matchId, format, ballOrigin, balls, infoOrigin, info, new UnknownKeys());
  }

  /** A Cricsheet CSV2 match, recording the info keys it does not know. */
  public static Match csv(
      String matchId,
      MatchFormat format,
      String ballOrigin,
      Reader balls,
      String infoOrigin,
      Reader info,
      UnknownKeys unknown) {
    return CsvMatchReader.read(matchId, format, ballOrigin, balls, infoOrigin, info, unknown);
  }
}
