package org.cricketstream.topics;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;

/**
 * The one JSON mapping of clean-topic values: dates as ISO text, map entries in key order. Unknown
 * fields are passed over when reading: a consumer built for one schema version reads the records of
 * a newer, compatible one (which adds optional fields), as the registry's compatibility promises;
 * the record's schema id ({@link SchemaIdInterceptor#idOf}) says which version wrote it. The build
 * keeps the classes and the committed schemas equal ({@code TopicSchemasTest}).
 */
public final class Json {
  /**
   * Shared, thread-safe once configured. Record accessors are called through generated lambdas
   * (Blackbird), not reflection: the same bytes as {@link #reflective()}, faster.
   */
  public static final ObjectMapper MAPPER = reflective().registerModule(new BlackbirdModule());

  /** The same mapping with plain reflection, to prove {@link #MAPPER} writes the same bytes. */
  public static ObjectMapper reflective() {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        // The same value must give the same bytes in every JVM: the processor digests them.
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  private Json() {}
}
