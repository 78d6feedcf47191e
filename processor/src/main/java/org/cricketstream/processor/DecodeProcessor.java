package org.cricketstream.processor;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
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
 * Decodes raw records into clean events. A record that cannot be decoded never stops the stream,
 * whatever the failure short of the JVM itself failing (a stack overflow included): it becomes a
 * dead letter carrying its topic, partition, offset, the error and the original bytes, or, for a
 * record too large to repeat in full, a reference to them ({@link DeadLetter#MAX_INLINE_PAYLOAD}).
 */
final class DecodeProcessor implements Processor<String, byte[], String, CleanEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(DecodeProcessor.class);

  private final RawDecoder.Decoder decoder;
  private ProcessorContext<String, CleanEvent> context;

  DecodeProcessor(RawDecoder.Decoder decoder) {
    this.decoder = decoder;
  }

  @Override
  public void init(ProcessorContext<String, CleanEvent> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, byte[]> record) {
    RecordMetadata meta = context.recordMetadata().orElseThrow();
    CleanEvent.Source source = new CleanEvent.Source(meta.topic(), meta.partition(), meta.offset());
    for (CleanEvent event : decode(decoder, record, source)) {
      context.forward(new Record<>(event.key(), event, record.timestamp()));
    }
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
