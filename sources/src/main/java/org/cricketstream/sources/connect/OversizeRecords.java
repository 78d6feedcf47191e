package org.cricketstream.sources.connect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.transforms.Transformation;
import org.cricketstream.cricsheet.read.MatchText;
import org.cricketstream.topics.Json;
import org.cricketstream.topics.RawFormats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single message transform for the source connectors: a record whose value is larger than {@value
 * #MAX_BYTES_CONFIG} (default: the readers' limit for one match, {@link MatchText#MAX_BYTES}) is
 * published as a small marker instead: the same key (which names the MongoDB document or the
 * PostgreSQL row), a short text value, and the headers {@value RawFormats#HEADER_CONNECT_REJECTED}
 * (why) and {@code connect.size} (the estimated bytes).
 *
 * <p>Why: with {@code errors.tolerance: none} a record the broker refuses (RecordTooLargeException)
 * fails the task, and it fails again on the same record after every restart: one oversized document
 * would stop a source for good. With {@code errors.tolerance: all} (KIP-779) it is skipped and its
 * offset committed: lost without a trace. The marker lets the source go on, and the processor
 * dead-letters it with its topic, partition, offset, key and reason, while the document itself
 * stays in the source database where it can be inspected.
 *
 * <p>The limit sits below the raw topics' {@code max.message.bytes} and the worker producer's
 * {@code max.request.size} (both {@code Topics.RAW_MAX_MESSAGE_BYTES}), so every record that passes
 * is one Kafka takes.
 */
public final class OversizeRecords<R extends ConnectRecord<R>> implements Transformation<R> {
  private static final Logger LOG = LoggerFactory.getLogger(OversizeRecords.class);

  public static final String MAX_BYTES_CONFIG = "max.bytes";

  /** Header of a marker record: the record's estimated size in bytes. */
  public static final String HEADER_SIZE = "connect.size";

  private static final ConfigDef CONFIG =
      new ConfigDef()
          .define(
              MAX_BYTES_CONFIG,
              ConfigDef.Type.INT,
              MatchText.MAX_BYTES,
              ConfigDef.Range.atLeast(1),
              ConfigDef.Importance.HIGH,
              "records whose value is larger than this many bytes are replaced by a marker");

  private int maxBytes = MatchText.MAX_BYTES;

  @Override
  public void configure(Map<String, ?> configs) {
    maxBytes = (Integer) CONFIG.parse(configs).get(MAX_BYTES_CONFIG);
  }

  @Override
  public R apply(R record) {
    // text takes at most 3 bytes a char in UTF-8: most records are far below the limit by that
    // bound alone, and only those that are not are measured char by char (that walk was 6% of the
    // Connect worker's CPU while the whole sample loaded)
    if (sizeOf(record.value(), OversizeRecords::utf8UpperBound) <= maxBytes) {
      return record;
    }
    long size = sizeOf(record.value());
    if (size <= maxBytes) {
      return record;
    }
    String why =
        "the source record of about "
            + size
            + " bytes is larger than the "
            + maxBytes
            + " bytes a raw topic takes; it is still in the source, under this record's key";
    LOG.warn("{}: key {}: {}", record.topic(), record.key(), why);
    Headers headers = record.headers().duplicate();
    headers.addString(RawFormats.HEADER_CONNECT_REJECTED, why);
    headers.addString(HEADER_SIZE, Long.toString(size));
    Schema valueSchema = record.valueSchema() == null ? null : Schema.STRING_SCHEMA;
    return record.newRecord(
        record.topic(),
        record.kafkaPartition(),
        record.keySchema(),
        record.key(),
        valueSchema,
        marker(why, size),
        record.timestamp(),
        headers);
  }

  /** The marker's value: a small JSON object, so raw topics of JSON documents stay JSON. */
  static String marker(String why, long size) {
    ObjectNode marker = Json.MAPPER.createObjectNode();
    marker.put("rejected", why);
    marker.put("size", size);
    return marker.toString();
  }

  /**
   * About how many bytes a Connect value takes once serialized: text as UTF-8, bytes as they are,
   * structures as the sum of their parts, anything else a few bytes.
   */
  static long sizeOf(Object value) {
    return sizeOf(value, OversizeRecords::utf8Length);
  }

  /** {@link #sizeOf(Object)} with text measured by {@code textBytes}. */
  private static long sizeOf(Object value, ToLongFunction<CharSequence> textBytes) {
    if (value == null) {
      return 0;
    }
    if (value instanceof CharSequence text) {
      return textBytes.applyAsLong(text);
    }
    if (value instanceof byte[] bytes) {
      return bytes.length;
    }
    if (value instanceof ByteBuffer buffer) {
      return buffer.remaining();
    }
    if (value instanceof Struct struct) {
      long total = 0;
      for (Field field : struct.schema().fields()) {
        total += field.name().length() + sizeOf(struct.get(field), textBytes);
      }
      return total;
    }
    if (value instanceof Map<?, ?> map) {
      long total = 0;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        total += sizeOf(e.getKey(), textBytes) + sizeOf(e.getValue(), textBytes);
      }
      return total;
    }
    if (value instanceof Collection<?> items) {
      long total = 0;
      for (Object item : items) {
        total += sizeOf(item, textBytes);
      }
      return total;
    }
    return 8;
  }

  /** At least the bytes {@code text} takes in UTF-8: three a char (a surrogate pair takes four). */
  private static long utf8UpperBound(CharSequence text) {
    return 3L * text.length();
  }

  private static long utf8Length(CharSequence text) {
    long n = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  @Override
  public ConfigDef config() {
    return CONFIG;
  }

  @Override
  public void close() {}
}
