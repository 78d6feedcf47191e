package org.cricketstream.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.cricketstream.topics.RawMatchIds;

/**
 * A record as a source's producer writes it to a raw topic: topic, key, value and headers. The
 * value is the producer's bytes, untouched; raw records are sent, never compared.
 */
@SuppressWarnings("ArrayRecordComponent")
public record RawRecord(String topic, String key, byte[] value, Map<String, String> headers) {
  public RawRecord {
    headers = Map.copyOf(headers);
  }

  /** Its headers as Kafka's. */
  public Headers kafkaHeaders() {
    RecordHeaders kafka = new RecordHeaders();
    headers.forEach((k, v) -> kafka.add(k, v.getBytes(StandardCharsets.UTF_8)));
    return kafka;
  }

  /** The match it belongs to, as the sources and the processor read it, or null. */
  public String matchId() {
    return RawMatchIds.of(topic, key, value, kafkaHeaders());
  }
}
