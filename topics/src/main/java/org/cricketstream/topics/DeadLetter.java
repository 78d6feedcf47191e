package org.cricketstream.topics;

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
 * @param payloadBase64 the original value bytes, exactly as read, in base64
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
    String payloadBase64) {}
