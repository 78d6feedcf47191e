package org.cricketstream.cricsheet.write;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import org.cricketstream.cricsheet.model.Match;
import org.cricketstream.cricsheet.model.SourceFormat;
import org.cricketstream.cricsheet.read.CricsheetReader;

/** Writes a match in a format and reads it back with the project's readers. */
public final class RoundTrip {
  private RoundTrip() {}

  /** {@code read(write(match))} in the given format; CSV2 is read as the match's own format. */
  public static Match through(Match match, SourceFormat format) {
    String id = match.id();
    return switch (format) {
      case JSON ->
          CricsheetReader.json(
              id, id + ".json", new ByteArrayInputStream(CricsheetWriter.jsonBytes(match)));
      case YAML ->
          CricsheetReader.yaml(
              id, id + ".yaml", new ByteArrayInputStream(CricsheetWriter.yamlBytes(match)));
      case CSV2 ->
          CricsheetReader.csv(
              id,
              match.info().format(),
              id + ".csv",
              new StringReader(CricsheetWriter.csvBalls(match)),
              id + "_info.csv",
              new StringReader(CricsheetWriter.csvInfo(match)));
    };
  }
}
