package org.cricketstream.sources.replay;

import java.util.List;

/** One unit of OLTP traffic: what the application commits to a source database at one time. */
public sealed interface ReplayRecord {
  /** Where it came from: file (and line), for progress and errors. */
  String origin();

  /** A T20I match document, inserted into MongoDB as one document. */
  @SuppressWarnings("ArrayRecordComponent") // the file's bytes, sent once, never compared
  record T20Document(String origin, String matchId, byte[] json) implements ReplayRecord {}

  /** An ODI's info file, committed as one odi_matches row. */
  record OdiMatch(String origin, String matchId, String infoCsv) implements ReplayRecord {}

  /** One ODI ball row, committed as one odi_deliveries row in its own transaction. */
  record OdiBall(String origin, List<String> fields) implements ReplayRecord {
    public OdiBall {
      fields = List.copyOf(fields);
    }
  }

  /** A Test match YAML file, put into the Lambda's source prefix in S3. */
  @SuppressWarnings("ArrayRecordComponent")
  record TestFile(String origin, String matchId, byte[] yaml) implements ReplayRecord {}
}
