package org.cricketstream.topics;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * What the raw topics carry, as each source's producer writes it. The processor decodes exactly
 * these forms; test fixtures reproduce them.
 *
 * <ul>
 *   <li><b>T20I (MongoDB)</b>: the MongoDB Kafka source connector with {@code
 *       publish.full.document.only=true}, {@code output.format.value=json} and the {@code
 *       SimplifiedJson} formatter, written with Kafka's StringConverter. The value is the inserted
 *       document as JSON text: a Cricsheet JSON match ({@code meta}, {@code info}, {@code innings})
 *       plus {@code _id} (the ObjectId as hex text) and {@code match_id} (Cricsheet's id, added by
 *       the application that inserts it). The key is the change stream's resume token, {@code
 *       {"_id": {"_data": "..."}}}, so it says nothing about the match.
 *   <li><b>ODI (PostgreSQL)</b>: Debezium's PostgreSQL connector (pgoutput) with the JsonConverter
 *       and no schema in the messages: values are the change event itself, {@code {"before",
 *       "after", "source", "op", "ts_ms"}}, keys {@code {"match_id": ...}}. The schema is the
 *       tables' own and would be repeated in every message, about four fifths of its bytes; records
 *       written with it ({@code {"schema": ..., "payload": ...}}) by earlier versions still decode.
 *       {@code message.key.columns} keys both tables by {@code match_id}, so a match's rows share a
 *       partition and keep their commit order. Table {@code odi_matches} has one row per match:
 *       {@code match_id}, {@code info_csv} (the CSV2 info file as written). Table {@code
 *       odi_deliveries} has one row per ball: a {@code id} primary key and the 22 CSV2 ball
 *       columns, blank per-kind extras as NULL.
 *   <li><b>Test (S3)</b>: the S3 bridge publishes each object's bytes as the value, the object key
 *       as the key, and the bucket, key, ETag, sequencer and event time as headers.
 * </ul>
 */
public final class RawFormats {
  private RawFormats() {}

  /** The MongoDB connector names its topic prefix.database.collection. */
  public static final String MONGO_TOPIC = "raw.cricket.t20i";

  public static final String MONGO_DATABASE = "cricket";
  public static final String MONGO_COLLECTION = "t20i";

  /** Field the application adds to each inserted document: Cricsheet's match id. */
  public static final String MONGO_MATCH_ID_FIELD = "match_id";

  /** MongoDB's own document id. */
  public static final String MONGO_ID_FIELD = "_id";

  /** Debezium names its topics prefix.schema.table. */
  public static final String ODI_MATCHES_TOPIC = "raw.public.odi_matches";

  public static final String ODI_DELIVERIES_TOPIC = "raw.public.odi_deliveries";

  /**
   * The ODI database's heartbeat row ({@code cricket_heartbeat}: {@code source}, {@code
   * committed_at}), which Debezium updates every second and captures like the other tables.
   */
  public static final String ODI_HEARTBEAT_TOPIC = "raw.public.cricket_heartbeat";

  /** Where Debezium writes its own heartbeat records ({@code topic.heartbeat.prefix}.raw). */
  public static final String CONNECT_HEARTBEAT_TOPIC = "connect.heartbeats.raw";

  public static final String ODI_MATCHES_TABLE = "odi_matches";
  public static final String ODI_DELIVERIES_TABLE = "odi_deliveries";

  /** The column of both ODI tables that names a row's match (Cricsheet's id). */
  public static final String ODI_MATCH_ID_COLUMN = "match_id";

  /** Columns of {@code odi_matches}. */
  public static final List<String> ODI_MATCH_COLUMNS = List.of(ODI_MATCH_ID_COLUMN, "info_csv");

  /** The S3 bridge's topic. */
  public static final String S3_TOPIC = "raw.s3.tests";

  public static final String HEADER_BUCKET = "s3.bucket";
  public static final String HEADER_KEY = "s3.key";
  public static final String HEADER_ETAG = "s3.etag";
  public static final String HEADER_SEQUENCER = "s3.sequencer";
  public static final String HEADER_EVENT_TIME = "s3.event-time";

  /**
   * Header of a marker record that Kafka Connect published in place of a source record too large
   * for its raw topic (see {@code OversizeRecords} in {@code sources}): why. The record keeps its
   * key, so it names the document or row that is still in the source database.
   */
  public static final String HEADER_CONNECT_REJECTED = "connect.rejected";

  /** Header of a marker record the S3 bridge published in place of a too-large object: why. */
  public static final String HEADER_BRIDGE_REJECTED = "bridge.rejected";

  /** The headers that mark a record as standing for one its source could not publish. */
  public static final List<String> REJECTION_HEADERS =
      List.of(HEADER_CONNECT_REJECTED, HEADER_BRIDGE_REJECTED);

  /** The value of a record's last header {@code name} as UTF-8 text; null when it has none. */
  public static String header(Headers headers, String name) {
    if (headers == null) {
      return null;
    }
    Header header = headers.lastHeader(name);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }
}
