package org.cricketstream.topics;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stamps every record a producer sends to a topic with a declared schema with that schema's id in
 * the registry: a header {@value #HEADER}, the Confluent-compatible id in decimal (UTF-8 text, as
 * Kafka Connect's {@code InsertHeader} transform writes a number, and as {@code kcat} shows it).
 * The value stays the plain JSON it was, so the warehouse's landing layer, {@code rebuild} and any
 * consumer without a registry client read it as before, and records written before the registry
 * still read the same.
 *
 * <p>When the producer is made, the interceptor registers the committed schemas ({@link
 * SchemaRegistry#registerAll}); a schema the registry refuses (incompatible with what the subject
 * holds) fails the producer's construction with the registry's reason, before anything is sent.
 * Added to any producer by {@link #producerProperties}; Kafka Streams takes them with its {@code
 * producer.} prefix.
 */
public final class SchemaIdInterceptor implements ProducerInterceptor<Object, Object> {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaIdInterceptor.class);

  /** The header that carries the value's schema id. */
  public static final String HEADER = "value.schema.id";

  static final String URL = "cricket.schema.registry.url";
  static final String USER = "cricket.schema.registry.user";
  static final String PASSWORD = "cricket.schema.registry.password";

  /** The header's value for each topic with a schema, made once: it is added to every record. */
  private final Map<String, byte[]> ids = new HashMap<>();

  /**
   * The producer properties that install it, with the registry of {@code login}; none without one.
   */
  public static Map<String, Object> producerProperties(Optional<SchemaRegistry.Login> login) {
    Map<String, Object> props = new LinkedHashMap<>();
    login.ifPresent(
        registry -> {
          props.put(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG, SchemaIdInterceptor.class.getName());
          props.put(URL, registry.url());
          if (registry.user() != null) {
            props.put(USER, registry.user());
          }
          if (registry.password() != null) {
            props.put(PASSWORD, registry.password());
          }
        });
    return props;
  }

  /** The schema id a record carries, if it carries one. */
  public static OptionalInt idOf(Headers headers) {
    Header header = headers.lastHeader(HEADER);
    if (header == null || header.value() == null) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(Integer.parseInt(new String(header.value(), UTF_8).strip()));
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  @Override
  public void configure(Map<String, ?> configs) {
    Object url = configs.get(URL);
    if (url == null) {
      throw new IllegalArgumentException(
          SchemaIdInterceptor.class.getSimpleName() + " needs " + URL + " (the schema registry)");
    }
    Object user = configs.get(USER);
    Object password = configs.get(PASSWORD);
    SchemaRegistry registry =
        new SchemaRegistry(
            url.toString(),
            user == null ? null : user.toString(),
            password == null ? null : password.toString());
    for (Topic<String, ?> topic : SchemaRegistry.registeredTopics()) {
      ids.put(topic.name(), Integer.toString(registry.register(topic).id()).getBytes(UTF_8));
    }
    Map<String, String> shown = new TreeMap<>();
    ids.forEach((topic, id) -> shown.put(topic, new String(id, UTF_8)));
    LOG.info("records carry their value's schema id from {}: {}", registry.url(), shown);
  }

  @Override
  public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
    byte[] id = ids.get(record.topic());
    if (id != null && record.value() != null) { // a tombstone has no value to describe
      record.headers().remove(HEADER);
      record.headers().add(HEADER, id);
    }
    return record;
  }

  @Override
  public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
    // nothing to do once sent
  }

  @Override
  public void close() {
    // holds nothing to release
  }
}
