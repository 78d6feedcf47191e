package org.cricketstream.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.cricketstream.cricsheet.read.CsvMatchReader;
import org.cricketstream.cricsheet.read.MatchFiles;
import org.cricketstream.topics.Json;
import org.cricketstream.topics.RawFormats;

/**
 * Builds raw records from Cricsheet files exactly as the sources' producers would write them
 * ({@link RawFormats}): a MongoDB connector full document, Debezium change events with the
 * JsonConverter without schemas, an S3 bridge record. Tests and benchmarks use it to replay files
 * as raw events without the source systems; the source systems themselves never go through it.
 */
public final class RawRecords {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> INT_COLUMNS =
      Set.of("innings", "runs_off_bat", "extras", "wides", "noballs", "byes", "legbyes", "penalty");

  private long nextRowId = 1;
  private long nextLsn = 23_000_000L;

  /** The raw records of one match file, in the order its source would write them. */
  public List<RawRecord> of(Path file) {
    String name = file.getFileName().toString();
    try {
      if (name.endsWith(".json")) {
        return List.of(mongoDocument(MatchFiles.matchIdOf(name), Files.readAllBytes(file)));
      }
      if (name.endsWith(".yaml") || name.endsWith(".yml")) {
        return List.of(s3Object("cricket-tests", "tests/" + name, Files.readAllBytes(file)));
      }
      if (name.endsWith(".csv") && !name.endsWith("_info.csv")) {
        String matchId = MatchFiles.matchIdOf(name);
        Path info = file.resolveSibling(matchId + "_info.csv");
        List<RawRecord> records = new ArrayList<>();
        records.add(odiMatch(matchId, Files.readString(info, StandardCharsets.UTF_8)));
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          records.addAll(odiDeliveries(in));
        }
        return records;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file, e);
    }
    return List.of();
  }

  /** A T20I document as the MongoDB Kafka source connector publishes it (full document only). */
  public RawRecord mongoDocument(String matchId, byte[] cricsheetJson) {
    try {
      JsonNode match = Json.MAPPER.readTree(cricsheetJson);
      ObjectNode document = NODES.objectNode();
      String objectId = objectId(matchId);
      document.put(RawFormats.MONGO_ID_FIELD, objectId);
      document.put(RawFormats.MONGO_MATCH_ID_FIELD, matchId);
      match.properties().forEach(e -> document.set(e.getKey(), e.getValue()));
      ObjectNode key = NODES.objectNode();
      key.putObject("_id").put("_data", "8265" + objectId + "2B022C0100296E5A1004");
      return new RawRecord(
          RawFormats.MONGO_TOPIC,
          Json.MAPPER.writeValueAsString(key),
          Json.MAPPER.writeValueAsBytes(document),
          Map.of());
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: match " + matchId, e);
    }
  }

  /** An S3 object as the bridge publishes it. */
  public RawRecord s3Object(String bucket, String key, byte[] body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(RawFormats.HEADER_BUCKET, bucket);
    headers.put(RawFormats.HEADER_KEY, key);
    headers.put(RawFormats.HEADER_ETAG, "\"" + md5(body) + "\"");
    headers.put(
        RawFormats.HEADER_SEQUENCER,
        Long.toHexString(nextLsn++).toUpperCase(java.util.Locale.ROOT));
    headers.put(RawFormats.HEADER_EVENT_TIME, Instant.ofEpochMilli(1_700_000_000_000L).toString());
    return new RawRecord(RawFormats.S3_TOPIC, key, body, headers);
  }

  /** An odi_matches row insert as Debezium publishes it. */
  public RawRecord odiMatch(String matchId, String infoCsv) {
    ObjectNode row = NODES.objectNode();
    row.put("id", nextRowId++);
    row.put("match_id", matchId);
    row.put("info_csv", infoCsv);
    return debezium(RawFormats.ODI_MATCHES_TOPIC, RawFormats.ODI_MATCHES_TABLE, matchId, row);
  }

  /** One odi_deliveries row insert per ball row of a CSV2 ball file. */
  public List<RawRecord> odiDeliveries(Reader ballCsv) throws IOException {
    List<RawRecord> records = new ArrayList<>();
    try (CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().get().parse(ballCsv)) {
      for (CSVRecord csv : parser) {
        records.add(odiDelivery(csv.toList()));
      }
    }
    return records;
  }

  /** An odi_deliveries row insert: the 22 CSV2 columns, integers typed, blanks as NULL. */
  public RawRecord odiDelivery(List<String> fields) {
    ObjectNode row = NODES.objectNode();
    row.put("id", nextRowId++);
    for (int i = 0; i < CsvMatchReader.BALL_COLUMNS.size(); i++) {
      String column = CsvMatchReader.BALL_COLUMNS.get(i);
      String value = i < fields.size() ? fields.get(i) : "";
      if (value.isEmpty() && !column.equals("match_id")) {
        row.putNull(column);
      } else if (INT_COLUMNS.contains(column) && value.matches("-?\\d+")) {
        row.put(column, Integer.parseInt(value));
      } else {
        row.put(column, value);
      }
    }
    return debezium(
        RawFormats.ODI_DELIVERIES_TOPIC,
        RawFormats.ODI_DELIVERIES_TABLE,
        row.path("match_id").asText(),
        row);
  }

  /**
   * An update of the ODI database's heartbeat row as Debezium publishes it, with {@code
   * committedAt} as Debezium writes a {@code timestamptz} (ISO-8601 text; any text, for tests of
   * bad ones).
   */
  public RawRecord odiHeartbeat(String committedAt) {
    ObjectNode row = NODES.objectNode();
    row.put("source", "odi");
    row.put("committed_at", committedAt);
    RawRecord record = debezium(RawFormats.ODI_HEARTBEAT_TOPIC, "cricket_heartbeat", "", row);
    return new RawRecord(record.topic(), "{\"source\":\"odi\"}", record.value(), Map.of());
  }

  private RawRecord debezium(String topic, String table, String matchId, ObjectNode row) {
    long lsn = nextLsn++;
    ObjectNode source = NODES.objectNode();
    source.put("version", "3.4.3.Final");
    source.put("connector", "postgresql");
    source.put("name", "raw");
    source.put("ts_ms", 1_700_000_000_000L + lsn);
    source.put("snapshot", "false");
    source.put("db", "cricket");
    source.put("sequence", "[null,\"" + lsn + "\"]");
    source.put("schema", "public");
    source.put("table", table);
    source.put("txId", lsn / 8);
    source.put("lsn", lsn);
    source.putNull("xmin");
    ObjectNode payload = NODES.objectNode();
    payload.putNull("before");
    payload.set("after", row);
    payload.set("source", source);
    payload.put("op", "c");
    payload.put("ts_ms", 1_700_000_000_000L + lsn);
    payload.putNull("transaction");
    ObjectNode key = NODES.objectNode().put("match_id", matchId);
    try {
      return new RawRecord(
          topic,
          Json.MAPPER.writeValueAsString(key),
          Json.MAPPER.writeValueAsBytes(payload),
          Map.of());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A deterministic 24-hex ObjectId per match. */
  private static String objectId(String matchId) {
    return md5(matchId.getBytes(StandardCharsets.UTF_8)).substring(0, 24);
  }

  private static String md5(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is part of every JVM", e);
    }
  }
}
