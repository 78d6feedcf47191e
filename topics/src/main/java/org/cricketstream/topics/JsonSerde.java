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
    Object[] last = LAST.get();
    if (last[0] == value) {
      return (byte[]) last[1];
    }
    try {
      return writer.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + type.getSimpleName() + " as JSON", e);
    }
  }

  /**
   * The last value {@link #remember} wrote on this thread, and its bytes: the processor digests
   * each clean value before it writes it to its topic, and so serializes it once, not twice. Clean
   * values are immutable records, so the same object gives the same bytes.
   */
  private static final ThreadLocal<Object[]> LAST = ThreadLocal.withInitial(() -> new Object[2]);

  /**
   * The JSON of {@code value} as the serde of its type writes it, kept so that the next {@link
   * #toBytes} of the same object on this thread returns it without writing it again.
   */
  public static byte[] remember(Object value) {
    byte[] bytes;
    try {
      bytes = Json.MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + value.getClass().getSimpleName() + " as JSON", e);
    }
    Object[] last = LAST.get();
    last[0] = value;
    last[1] = bytes;
    return bytes;
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
