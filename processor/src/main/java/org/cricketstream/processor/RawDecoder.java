package org.cricketstream.processor;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringReader;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.header.Headers;
import org.cricketstream.cricsheet.model.Delivery;
import org.cricketstream.cricsheet.model.Innings;
import org.cricketstream.cricsheet.model.Match;
import org.cricketstream.cricsheet.model.MatchFormat;
import org.cricketstream.cricsheet.model.MatchInfo;
import org.cricketstream.cricsheet.model.PlayerAppearance;
import org.cricketstream.cricsheet.read.CricsheetFormatException;
import org.cricketstream.cricsheet.read.CricsheetReader;
import org.cricketstream.cricsheet.read.CsvMatchReader;
import org.cricketstream.cricsheet.read.MatchFiles;
import org.cricketstream.topics.Heartbeat;
import org.cricketstream.topics.Json;
import org.cricketstream.topics.RawFormats;

/**
 * Turns one raw record, in the form its source's producer writes it ({@link RawFormats}), into the
 * clean events it stands for. Pure functions: no Kafka state, so tests call them directly. A record
 * that cannot be decoded raises an exception saying where; the caller routes it to dead letters.
 */
public final class RawDecoder {
  private RawDecoder() {}

  /** Decodes one raw record of one source. */
  @FunctionalInterface
  public interface Decoder {
    List<CleanEvent> decode(String key, byte[] value, Headers headers, CleanEvent.Source source);
  }

  /** A T20I match document from the MongoDB connector: the whole match, exploded. */
  public static List<CleanEvent> t20i(
      String key, byte[] value, Headers headers, CleanEvent.Source source) {
    Match match =
        CricsheetReader.jsonInEnvelope(
            source.toString(),
            value,
            RawFormats.MONGO_MATCH_ID_FIELD,
            Set.of(RawFormats.MONGO_ID_FIELD));
    return explode(match, source);
  }

  /** A Test match YAML file from the S3 bridge: the match id is the object's file name. */
  public static List<CleanEvent> test(
      String key, byte[] value, Headers headers, CleanEvent.Source source) {
    String objectKey = key != null ? key : RawFormats.header(headers, RawFormats.HEADER_KEY);
    if (objectKey == null) {
      throw new CricsheetFormatException(source.toString(), "key", "no S3 object key");
    }
    Match match =
        CricsheetReader.yaml(
            MatchFiles.matchIdOf(objectKey), s3Origin(objectKey, headers, source), value);
    return explode(match, source);
  }

  /**
   * Where a raw record came from, for its dead letter: the S3 object for the bridge's records (they
   * carry the bucket), else the topic, partition, offset and key.
   */
  static String origin(String key, Headers headers, CleanEvent.Source source) {
    String objectKey = key != null ? key : RawFormats.header(headers, RawFormats.HEADER_KEY);
    return RawFormats.header(headers, RawFormats.HEADER_BUCKET) != null && objectKey != null
        ? s3Origin(objectKey, headers, source)
        : source + " key " + key;
  }

  private static String s3Origin(String objectKey, Headers headers, CleanEvent.Source source) {
    String bucket = RawFormats.header(headers, RawFormats.HEADER_BUCKET);
    return "s3://" + (bucket == null ? "?" : bucket) + "/" + objectKey + " (" + source + ")";
  }

  /** An ODI match row from Debezium: the CSV2 info file of one match. */
  public static List<CleanEvent> odiMatch(
      String key, byte[] value, Headers headers, CleanEvent.Source source) {
    JsonNode row = debeziumRow(value, source);
    String matchId = text(row, "match_id", source);
    String info = text(row, "info_csv", source);
    MatchInfo matchInfo =
        CsvMatchReader.readInfo(
            matchId,
            MatchFormat.ODI,
            source + " odi_matches[" + matchId + "]",
            new StringReader(info));
    List<CleanEvent> events = new ArrayList<>();
    events.add(CleanEvent.match(matchInfo.withPlayers(List.of()), source));
    for (PlayerAppearance player : matchInfo.players()) {
      events.add(CleanEvent.player(player, source));
    }
    return events;
  }

  /**
   * An ODI ball row from Debezium: the innings it opens (repeated with every ball; repeats are
   * removed downstream) and the delivery, whose place in the innings is not known yet (0).
   */
  public static List<CleanEvent> odiDelivery(
      String key, byte[] value, Headers headers, CleanEvent.Source source) {
    JsonNode row = debeziumRow(value, source);
    List<String> fields = new ArrayList<>(CsvMatchReader.BALL_COLUMNS.size());
    for (String column : CsvMatchReader.BALL_COLUMNS) {
      JsonNode field = row.get(column);
      fields.add(field == null || field.isNull() ? "" : field.asText());
    }
    JsonNode id = row.get("id");
    String at = "odi_deliveries row id=" + (id == null ? "?" : id.asText());
    CsvMatchReader.BallRow ball = CsvMatchReader.ballRow(source.toString(), at, fields, 0);
    if (ball.battingTeam().equals(ball.bowlingTeam())) {
      throw new CricsheetFormatException(
          source.toString(), at, "batting and bowling team are both " + ball.battingTeam());
    }
    Delivery delivery = ball.delivery();
    if (delivery.innings() < 1) {
      throw new CricsheetFormatException(
          source.toString(), at, "innings " + delivery.innings() + " is not a positive number");
    }
    Innings innings =
        new Innings(
            delivery.matchId(),
            delivery.innings(),
            ball.battingTeam(),
            MatchFormat.ODI.limitedOvers() && delivery.innings() > 2,
            false,
            false,
            null,
            0,
            0,
            List.of(),
            List.of(),
            java.util.Map.of(),
            List.of());
    return List.of(CleanEvent.innings(innings, source), CleanEvent.delivery(delivery, source));
  }

  /**
   * The ODI database's heartbeat row, which Debezium updates every second: its source and commit
   * time (a {@code timestamptz}, which Debezium writes as ISO-8601 text).
   */
  public static List<CleanEvent> odiHeartbeat(
      String key, byte[] value, Headers headers, CleanEvent.Source source) {
    JsonNode row = debeziumRow(value, source);
    String committedAt = text(row, "committed_at", source);
    long millis;
    try {
      millis = OffsetDateTime.parse(committedAt).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new CricsheetFormatException(
          source.toString(), "payload.after.committed_at", "not a time: " + committedAt, e);
    }
    return List.of(
        CleanEvent.heartbeat(new Heartbeat(text(row, "source", source), millis), source));
  }

  /** Every entity of a whole match: its information, players, innings headers and deliveries. */
  public static List<CleanEvent> explode(Match match, CleanEvent.Source source) {
    List<CleanEvent> events = new ArrayList<>();
    events.add(CleanEvent.match(match.info().withPlayers(List.of()), source));
    for (PlayerAppearance player : match.info().players()) {
      events.add(CleanEvent.player(player, source));
    }
    for (Innings innings : match.innings()) {
      events.add(CleanEvent.innings(innings.header(), source));
    }
    for (Innings innings : match.innings()) {
      for (Delivery delivery : innings.deliveries()) {
        events.add(CleanEvent.delivery(delivery, source));
      }
    }
    return events;
  }

  /**
   * The row of a Debezium change event: {@code after} for creates, snapshot reads and updates.
   * Accepts the JsonConverter envelope with or without schemas. Read as a stream: only the row
   * becomes a tree, not the source block or the schema beside it.
   */
  static JsonNode debeziumRow(byte[] value, CleanEvent.Source source) {
    Change change;
    try (JsonParser parser = Json.MAPPER.createParser(value)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new CricsheetFormatException(
            source.toString(), "value", "not a Debezium change event");
      }
      change = change(parser, true);
    } catch (IOException e) {
      throw new CricsheetFormatException(
          source.toString(), "value", "not a JSON change event: " + e.getMessage(), e);
    }
    String op = change.op() == null ? "" : change.op();
    switch (op) {
      case "c", "r", "u" -> {
        if (change.after() == null) {
          throw new CricsheetFormatException(
              source.toString(), "payload.after", "no row after the change");
        }
        return change.after();
      }
      case "d" ->
          throw new CricsheetFormatException(
              source.toString(),
              "payload.op",
              "a row was deleted at the source; deletes are kept here, not applied to clean topics");
      default ->
          throw new CricsheetFormatException(
              source.toString(), "payload.op", "unknown change operation '" + op + "'");
    }
  }

  /** What a change event says: its operation and the row after it (null when not an object). */
  private record Change(String op, JsonNode after) {}

  /** Reads the change event's object the parser is in, to its end (a payload inside it too). */
  private static Change change(JsonParser parser, boolean envelope) throws IOException {
    String op = null;
    JsonNode after = null;
    Change payload = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken token = parser.nextToken();
      if (field.equals("after") && token == JsonToken.START_OBJECT) {
        after = parser.readValueAsTree();
      } else if (field.equals("op") && token.isScalarValue()) {
        op = parser.getText();
      } else if (envelope && field.equals("payload") && token == JsonToken.START_OBJECT) {
        payload = change(parser, false);
      } else {
        parser.skipChildren();
      }
    }
    return payload != null ? payload : new Change(op, after);
  }

  private static String text(JsonNode row, String column, CleanEvent.Source source) {
    JsonNode node = row.get(column);
    if (node == null || node.isNull() || node.asText().isEmpty()) {
      throw new CricsheetFormatException(source.toString(), "payload.after." + column, "missing");
    }
    return node.asText();
  }
}
