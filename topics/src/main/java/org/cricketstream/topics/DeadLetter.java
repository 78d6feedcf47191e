package org.cricketstream.topics;

import java.util.Base64;
import java.util.Map;

/**
 * A raw record that could not be turned into clean records, kept with everything needed to inspect
 * or replay it.
 *
 * @param sourceTopic the raw topic it was read from
 * @param partition its partition there
 * @param offset its offset there
 * @param timestamp its record timestamp (ms)
 * @param key its key as text, or null
 * @param headers its headers as text
 * @param origin where the data came from inside the record, when known (an S3 key, a match id)
 * @param error what is wrong, with the location inside the payload (line or key path)
 * @param errorType the exception's class, for grouping
 * @param payloadBase64 the original value bytes, exactly as read, in base64; null when the value is
 *     larger than {@link #MAX_INLINE_PAYLOAD} (then {@code payloadReference} says where it is)
 * @param payloadBytes the size of the original value
 * @param payloadReference where the original value can be read when it is not carried here: its raw
 *     topic, partition and offset (also the warehouse's {@code raw_events} row), and the S3 key or
 *     other origin inside it when known; null when the payload is carried
 */
public record DeadLetter(
    String sourceTopic,
    int partition,
    long offset,
    long timestamp,
    String key,
    Map<String, String> headers,
    String origin,
    String error,
    String errorType,
    String payloadBase64,
    Integer payloadBytes,
    String payloadReference) {

  /**
   * The largest value carried in full. Larger ones are referred to, not repeated, so a dead letter
   * always fits the dead-letter topic however large the record that failed.
   */
  public static final int MAX_INLINE_PAYLOAD = 256 * 1024;

  /** The longest error text kept; a longer one is cut, saying so. */
  public static final int MAX_ERROR_LENGTH = 4096;

  /** A dead letter for {@code value}, carrying it in full or referring to it by its coordinates. */
  public static DeadLetter of(
      String sourceTopic,
      int partition,
      long offset,
      long timestamp,
      String key,
      Map<String, String> headers,
      String origin,
      String error,
      String errorType,
      byte[] value) {
    boolean inline = value.length <= MAX_INLINE_PAYLOAD;
    String reference =
        inline
            ? null
            : sourceTopic
                + "/"
                + partition
                + "/"
                + offset
                + (origin == null ? "" : " (" + origin + ")");
    String shortError =
        error.length() <= MAX_ERROR_LENGTH
            ? error
            : error.substring(0, MAX_ERROR_LENGTH) + "... (" + error.length() + " characters)";
    return new DeadLetter(
        sourceTopic,
        partition,
        offset,
        timestamp,
        key,
        headers,
        origin,
        shortError,
        errorType,
        inline ? Base64.getEncoder().encodeToString(value) : null,
        value.length,
        reference);
  }
}
