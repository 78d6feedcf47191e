package org.cricketstream.testsupport;

import java.util.Map;

/**
 * A record as a source's producer writes it to a raw topic: topic, key, value and headers. The
 * value is the producer's bytes, untouched; raw records are sent, never compared.
 */
@SuppressWarnings("ArrayRecordComponent")
public record RawRecord(String topic, String key, byte[] value, Map<String, String> headers) {
  public RawRecord {
    headers = Map.copyOf(headers);
  }
}
