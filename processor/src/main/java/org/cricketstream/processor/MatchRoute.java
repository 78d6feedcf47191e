package org.cricketstream.processor;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.cricketstream.cricsheet.read.MatchFiles;
import org.cricketstream.topics.Json;
import org.cricketstream.topics.RawFormats;

/**
 * The topology's first step: every raw record, its bytes untouched, keyed by its match, so the
 * repartition gives all records of a match to one task (in their order) and decoding happens after
 * it. Repartitioning the raw record, not the events it decodes into, moves one record through Kafka
 * where a Test match would move thousands, and serializes nothing.
 *
 * <p>Finding the match reads only what it needs (a field, a file name). When it cannot (a record
 * that will not decode either), the record keeps its own key and the decode step after the
 * repartition makes its dead letter. Where the record was read travels in headers ({@link #TOPIC},
 * {@link #PARTITION}, {@link #OFFSET}, {@link #KEY}), so dead letters still name the raw topic,
 * partition and offset.
 */
final class MatchRoute implements Processor<String, byte[], String, byte[]> {
  static final String TOPIC = "cricket.raw.topic";
  static final String PARTITION = "cricket.raw.partition";
  static final String OFFSET = "cricket.raw.offset";
  static final String KEY = "cricket.raw.key";

  /** The match a raw record belongs to, or null when it cannot be told without decoding it. */
  @FunctionalInterface
  interface MatchOf {
    String matchId(String key, byte[] value, Headers headers);
  }

  private final MatchOf matchOf;
  private ProcessorContext<String, byte[]> context;

  MatchRoute(MatchOf matchOf) {
    this.matchOf = matchOf;
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, byte[]> record) {
    RecordMetadata meta = context.recordMetadata().orElseThrow();
    String matchId = null;
    if (record.value() != null) {
      try {
        matchId = matchOf.matchId(record.key(), record.value(), record.headers());
      } catch (RuntimeException e) {
        // not routable by its match: the decode step says why, as a dead letter
      }
    }
    Headers headers = new RecordHeaders(record.headers().toArray());
    headers.add(TOPIC, bytes(meta.topic()));
    headers.add(PARTITION, bytes(Integer.toString(meta.partition())));
    headers.add(OFFSET, bytes(Long.toString(meta.offset())));
    if (record.key() != null) {
      headers.add(KEY, bytes(record.key()));
    }
    String routeKey =
        matchId != null
            ? matchId
            : record.key() != null
                ? record.key()
                : meta.topic() + "/" + meta.partition() + "@" + meta.offset();
    context.forward(record.withKey(routeKey).withHeaders(headers));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A T20I document from the MongoDB connector: its match id field, read without the rest. */
  static String mongoDocument(String key, byte[] value, Headers headers) {
    try (JsonParser parser = Json.MAPPER.getFactory().createParser(value)) {
      return parser.nextToken() == JsonToken.START_OBJECT
          ? scalarField(parser, RawFormats.MONGO_MATCH_ID_FIELD)
          : null;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * A row from Debezium (ODI matches and balls): the {@code match_id} column of the row after the
   * change ({@code after}, or {@code payload.after} in the envelope with schemas), read as a stream
   * without building the rest: {@link RawDecoder#debeziumRow} decodes the whole row after the
   * repartition.
   */
  static String debeziumRow(String key, byte[] value, Headers headers) {
    try (JsonParser parser = Json.MAPPER.getFactory().createParser(value)) {
      return parser.nextToken() == JsonToken.START_OBJECT ? matchIdAfter(parser, true) : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String matchIdAfter(JsonParser parser, boolean envelope) throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      if (parser.nextToken() == JsonToken.START_OBJECT) {
        if (field.equals("after")) {
          return scalarField(parser, "match_id");
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

  /** A Test match file from the S3 bridge: its object's file name. */
  static String s3Object(String key, byte[] value, Headers headers) {
    String objectKey = key != null ? key : RawDecoder.header(headers, RawFormats.HEADER_KEY);
    return objectKey == null ? null : MatchFiles.matchIdOf(objectKey);
  }

  /** A record of no match (a heartbeat): it keeps its own key. */
  static String noMatch(String key, byte[] value, Headers headers) {
    return null;
  }
}
