package org.cricketstream.topics;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.apache.kafka.common.header.Headers;
import org.cricketstream.cricsheet.read.MatchFiles;

/**
 * The match a raw record belongs to, read from as little of it as tells: a field of a JSON
 * document, a column of a Debezium row, the name of an S3 object. Every source places a match's raw
 * records in the partition {@link MatchPartitioner} gives its id (the S3 bridge itself, the
 * connectors by {@code ByMatchPartition}), and the processor checks each record against it: one
 * that sits elsewhere goes through its repartition by match.
 */
public final class RawMatchIds {
  private RawMatchIds() {}

  /** The match of a record of a raw topic, or null when it cannot be told without decoding it. */
  public static String of(String topic, String key, byte[] value, Headers headers) {
    if (value == null) {
      return null;
    }
    return switch (topic) {
      case RawFormats.MONGO_TOPIC -> mongoDocument(value);
      case RawFormats.ODI_MATCHES_TOPIC, RawFormats.ODI_DELIVERIES_TOPIC -> debeziumRow(value);
      case RawFormats.S3_TOPIC -> s3Object(key, headers);
      default -> null;
    };
  }

  /** The partition {@code topic}'s sources place a record in, or -1 when its match is unknown. */
  public static int partition(String topic, String key, byte[] value, Headers headers) {
    String matchId = of(topic, key, value, headers);
    return matchId == null ? -1 : MatchPartitioner.partition(matchId, Topics.PARTITIONS);
  }

  /** A T20I document from the MongoDB connector: its match id field, read without the rest. */
  public static String mongoDocument(byte[] json) {
    try (JsonParser parser = Json.MAPPER.getFactory().createParser(json)) {
      return mongoDocument(parser);
    } catch (IOException e) {
      return null;
    }
  }

  /** {@link #mongoDocument(byte[])} of the text the connector hands its transforms. */
  public static String mongoDocument(String json) {
    try (JsonParser parser = Json.MAPPER.getFactory().createParser(json)) {
      return mongoDocument(parser);
    } catch (IOException e) {
      return null;
    }
  }

  private static String mongoDocument(JsonParser parser) throws IOException {
    return parser.nextToken() == JsonToken.START_OBJECT
        ? scalarField(parser, RawFormats.MONGO_MATCH_ID_FIELD)
        : null;
  }

  /**
   * A row from Debezium (ODI matches and balls): the {@code match_id} column of the row after the
   * change ({@code after}, or {@code payload.after} in the envelope with schemas), read as a stream
   * without building the rest.
   */
  public static String debeziumRow(byte[] json) {
    try (JsonParser parser = Json.MAPPER.getFactory().createParser(json)) {
      return parser.nextToken() == JsonToken.START_OBJECT ? matchIdAfter(parser, true) : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** A Test match file from the S3 bridge: its object's file name (the key, else its header). */
  public static String s3Object(String key, Headers headers) {
    String objectKey = key != null ? key : RawFormats.header(headers, RawFormats.HEADER_KEY);
    return objectKey == null ? null : MatchFiles.matchIdOf(objectKey);
  }

  private static String matchIdAfter(JsonParser parser, boolean envelope) throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      if (parser.nextToken() == JsonToken.START_OBJECT) {
        if (field.equals("after")) {
          return scalarField(parser, RawFormats.ODI_MATCH_ID_COLUMN);
        }
        if (envelope && field.equals("payload")) {
          return matchIdAfter(parser, false);
        }
      }
      parser.skipChildren();
    }
    return null;
  }

  /**
   * The text of a scalar field of the object the parser has just entered, skipping the fields
   * before it; null when it is missing, null or not a scalar.
   */
  private static String scalarField(JsonParser parser, String name) throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken token = parser.nextToken();
      if (field.equals(name)) {
        return token.isScalarValue() && token != JsonToken.VALUE_NULL ? parser.getText() : null;
      }
      parser.skipChildren();
    }
    return null;
  }
}
