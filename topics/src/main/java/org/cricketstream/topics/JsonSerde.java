package org.cricketstream.topics;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** JSON serde for one value type, through {@link Json#MAPPER}. Null is a tombstone both ways. */
public final class JsonSerde<T> implements Serde<T> {
  private final Class<T> type;
  private final ObjectWriter writer;
  private final ObjectReader reader;

  public JsonSerde(Class<T> type) {
    this.type = type;
    this.writer = Json.MAPPER.writerFor(type);
    this.reader = Json.MAPPER.readerFor(type);
  }

  public Class<T> type() {
    return type;
  }

  public byte[] toBytes(T value) {
    if (value == null) {
      return null;
    }
    try {
      return writer.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + type.getSimpleName() + " as JSON", e);
    }
  }

  public T fromBytes(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    try {
      return reader.readValue(bytes);
    } catch (IOException e) {
      throw new SerializationException(
          "not a valid " + type.getSimpleName() + " JSON value: " + e.getMessage(), e);
    }
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, value) -> toBytes(value);
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> fromBytes(bytes);
  }
}
