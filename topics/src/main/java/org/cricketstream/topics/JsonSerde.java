package org.cricketstream.topics;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.IdentityHashMap;
import java.util.Map;
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
    byte[] remembered = REMEMBERED.get().remove(value);
    if (remembered != null) {
      return remembered;
    }
    try {
      return writer.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + type.getSimpleName() + " as JSON", e);
    }
  }

  /**
   * The values {@link #remember} wrote on this thread and no {@link #toBytes} has written since, by
   * identity, with their bytes: the processor digests each clean value before it writes it to its
   * topic, and so serializes it once, not twice. It digests a whole match document's values before
   * it writes the first of them, so one remembered value would be too few (every delivery of a
   * document but its last was written twice: 2,000-2,500 a Test match). Clean values are immutable
   * records, so the same object gives the same bytes.
   */
  private static final ThreadLocal<Map<Object, byte[]>> REMEMBERED =
      ThreadLocal.withInitial(IdentityHashMap::new);

  /**
   * The most values remembered at once on a thread: more than a Test match document brings, few
   * enough that values digested and never written (repeats) hold little memory until forgotten.
   */
  static final int MAX_REMEMBERED = 4096;

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
    Map<Object, byte[]> remembered = REMEMBERED.get();
    if (remembered.size() >= MAX_REMEMBERED) {
      remembered.clear();
    }
    remembered.put(value, bytes);
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
