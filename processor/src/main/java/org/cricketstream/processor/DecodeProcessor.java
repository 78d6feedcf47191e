package org.cricketstream.processor;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.cricketstream.cricsheet.read.CricsheetFormatException;
import org.cricketstream.topics.DeadLetter;
import org.cricketstream.topics.RawFormats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes raw records into clean events, after the repartition by match ({@link MatchRoute}), as
 * the decoder of the raw topic the record was read from. A record that cannot be decoded never
 * stops the stream, whatever the failure short of the JVM itself failing (a stack overflow
 * included): it becomes a dead letter carrying its raw topic, partition, offset, the error and the
 * original bytes, or, for a record too large to repeat in full, a reference to them ({@link
 * DeadLetter#MAX_INLINE_PAYLOAD}).
 *
 * <p>A record comes either straight from its raw topic (in its match's partition) or from the
 * repartition topic with {@link MatchRoute}'s headers saying where it was read. One in the
 * repartition topic without them was written by a processor before raw records were repartitioned:
 * it is a decoded event already, passed on as such, so an upgrade loses nothing that was in flight.
 */
final class DecodeProcessor implements Processor<String, byte[], String, List<CleanEvent>> {
  private static final Logger LOG = LoggerFactory.getLogger(DecodeProcessor.class);

  private ProcessorContext<String, List<CleanEvent>> context;

  @Override
  public void init(ProcessorContext<String, List<CleanEvent>> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, byte[]> routed) {
    RecordMetadata meta = context.recordMetadata().orElseThrow();
    Optional<RawSource> raw = RawSource.ofTopic(meta.topic());
    if (raw.isPresent()) {
      CleanEvent.Source source =
          new CleanEvent.Source(meta.topic(), meta.partition(), meta.offset());
      forward(routed, decode(raw.get().decoder(), routed, source));
      return;
    }
    Headers headers = new RecordHeaders(routed.headers().toArray());
    String topic = take(headers, MatchRoute.TOPIC);
    String partition = take(headers, MatchRoute.PARTITION);
    String offset = take(headers, MatchRoute.OFFSET);
    if (topic == null) {
      legacyEvent(routed).ifPresent(event -> forward(routed, List.of(event)));
      return;
    }
    CleanEvent.Source source;
    try {
      source = new CleanEvent.Source(topic, Integer.parseInt(partition), Long.parseLong(offset));
    } catch (NumberFormatException e) {
      forward(routed, List.of(deadLetterHere(routed, e)));
      return;
    }
    Record<String, byte[]> record =
        new Record<>(take(headers, MatchRoute.KEY), routed.value(), routed.timestamp(), headers);
    RawDecoder.Decoder decoder =
        RawSource.ofTopic(topic)
            .map(RawSource::decoder)
            .orElse(
                (key, value, h, s) -> {
                  throw new CricsheetFormatException(
                      s.toString(), "topic", "no decoder for raw topic " + topic);
                });
    forward(routed, decode(decoder, record, source));
  }

  /** The events of one raw record, together: the de-duplication compares a document whole. */
  private void forward(Record<String, byte[]> routed, List<CleanEvent> events) {
    if (!events.isEmpty()) {
      context.forward(new Record<>(routed.key(), events, routed.timestamp()));
    }
  }

  /** A decoded event as processors before {@link MatchRoute} wrote it, or its dead letter. */
  private Optional<CleanEvent> legacyEvent(Record<String, byte[]> routed) {
    try {
      return Optional.ofNullable(CricketTopology.EVENT_SERDE.fromBytes(routed.value()));
    } catch (RuntimeException e) {
      return Optional.of(deadLetterHere(routed, e));
    }
  }

  /** The dead letter of a record that is neither raw nor decoded, naming where it was read. */
  private CleanEvent deadLetterHere(Record<String, byte[]> routed, Exception e) {
    RecordMetadata meta = context.recordMetadata().orElseThrow();
    CleanEvent.Source here = new CleanEvent.Source(meta.topic(), meta.partition(), meta.offset());
    return CleanEvent.deadLetter(deadLetterKey(routed, here), deadLetter(routed, here, e));
  }

  /** The value of a header as text, removed from the headers. */
  private static String take(Headers headers, String name) {
    String value = RawFormats.header(headers, name);
    headers.remove(name);
    return value;
  }

  /**
   * The decode step: the clean events a raw record stands for, or one dead letter when it cannot be
   * decoded; nothing for a tombstone. Never throws for a bad record.
   */
  static List<CleanEvent> decode(
      RawDecoder.Decoder decoder, Record<String, byte[]> record, CleanEvent.Source source) {
    if (record.value() == null) {
      // A tombstone that follows a delete at the source: no data, the delete itself was kept.
      return List.of();
    }
    try {
      rejectedAtSource(record, source);
      return decoder.decode(record.key(), record.value(), record.headers(), source);
    } catch (Throwable e) { // a poison record must never stop the stream
      if (e instanceof VirtualMachineError fatal && !(e instanceof StackOverflowError)) {
        throw fatal;
      }
      DeadLetter letter = deadLetter(record, source, e);
      LOG.warn("dead letter from {}: {}", source, letter.error());
      return List.of(CleanEvent.deadLetter(deadLetterKey(record, source), letter));
    }
  }

  /**
   * Throws for a marker record: one a source published in place of a record it could not (Kafka
   * Connect's {@code OversizeRecords}, the S3 bridge's too-large objects), so the dead letter says
   * why, with the record's key naming what is still in the source.
   */
  private static void rejectedAtSource(Record<String, byte[]> record, CleanEvent.Source source) {
    for (String name : RawFormats.REJECTION_HEADERS) {
      Header header = record.headers().lastHeader(name);
      if (header != null) {
        throw new CricsheetFormatException(
            RawDecoder.origin(record.key(), record.headers(), source),
            "header " + name,
            new String(header.value(), StandardCharsets.UTF_8));
      }
    }
  }

  private static String deadLetterKey(Record<String, byte[]> record, CleanEvent.Source source) {
    return record.key() != null ? record.key() : source.toString();
  }

  static DeadLetter deadLetter(
      Record<String, byte[]> record, CleanEvent.Source source, Throwable e) {
    String origin = e instanceof CricsheetFormatException format ? format.origin() : null;
    String error =
        e instanceof CricsheetFormatException format
            ? format.location() + ": " + format.reason()
            : e instanceof StackOverflowError
                ? "nested too deeply to decode (stack overflow)"
                : String.valueOf(e.getMessage());
    return DeadLetter.of(
        source.topic(),
        source.partition(),
        source.offset(),
        record.timestamp(),
        record.key(),
        headers(record.headers()),
        origin,
        error,
        e.getClass().getName(),
        record.value());
  }

  private static Map<String, String> headers(Headers headers) {
    Map<String, String> text = new LinkedHashMap<>();
    for (Header header : headers) {
      text.put(
          header.key(),
          header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
    }
    return text;
  }
}
