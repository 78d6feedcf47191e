package org.cricketstream.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The standard Kafka client properties of {@link Shared#KAFKA_PROPERTIES} (a Java properties file:
 * {@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config}, {@code ssl.*}...),
 * which every Kafka client of the project applies right after {@code bootstrap.servers}: how it
 * reaches a cluster that wants TLS or SASL (MSK, Confluent Cloud, Aiven).
 *
 * <p>The values may hold passwords ({@code sasl.jaas.config}, {@code ssl.key.password}): nothing
 * here shows them, {@link #toString} names the file and the keys only.
 *
 * <p>The cluster's address stays in KAFKA_BOOTSTRAP_SERVERS: a file that sets {@code
 * bootstrap.servers} is refused, so there is one place that says which cluster is used.
 */
public final class KafkaClientProperties {
  /** No file: every client talks PLAINTEXT with no authentication. */
  public static final KafkaClientProperties NONE = new KafkaClientProperties(null, Map.of());

  private final Path file;
  private final Map<String, String> values;

  private KafkaClientProperties(Path file, Map<String, String> values) {
    this.file = file;
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
  }

  /** The file CRICKET_KAFKA_PROPERTIES names in {@code env}, loaded; {@link #NONE} if unset. */
  public static KafkaClientProperties fromEnvironment(Map<String, String> env) {
    return Shared.KAFKA_PROPERTIES.find(env).map(KafkaClientProperties::load).orElse(NONE);
  }

  /**
   * Loads {@code file}; a missing, unreadable or malformed file, or one that sets {@code
   * bootstrap.servers}, is a {@link SettingException} naming it.
   */
  public static KafkaClientProperties load(Path file) {
    String where = Shared.KAFKA_PROPERTIES.name() + "=" + file;
    Properties loaded = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      loaded.load(in);
    } catch (NoSuchFileException e) {
      throw new SettingException(where + ": no such file (expected Kafka client properties)");
    } catch (IOException | IllegalArgumentException e) {
      throw new SettingException(
          where + ": cannot read it as a properties file (" + oneLine(e) + ")");
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : loaded.stringPropertyNames()) {
      values.put(key.strip(), loaded.getProperty(key).strip());
    }
    if (values.containsKey("bootstrap.servers")) {
      throw new SettingException(
          where
              + ": sets bootstrap.servers; give the cluster's address in "
              + Shared.KAFKA_BOOTSTRAP_SERVERS.name()
              + " instead");
    }
    return new KafkaClientProperties(file, values);
  }

  /** The properties, keys sorted; unmodifiable. The values may hold secrets: never log them. */
  public Map<String, String> values() {
    return values;
  }

  /** The file they come from, empty for {@link #NONE}. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /**
   * Puts every property into {@code config} (a client's configuration, in which {@code
   * bootstrap.servers} was just put), plain and then once more behind each of {@code prefixes}
   * (Kafka Connect's {@code producer.}, {@code consumer.} and {@code admin.}, so the connectors'
   * clients have them too), and returns it.
   */
  public <M extends Map<? super String, ? super String>> M applyTo(M config, String... prefixes) {
    config.putAll(values);
    for (String prefix : prefixes) {
      values.forEach((key, value) -> config.put(prefix + key, value));
    }
    return config;
  }

  private static String oneLine(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.replace('\n', ' ');
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KafkaClientProperties other
        && Objects.equals(file, other.file)
        && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(file, values);
  }

  /** The file and the keys it sets, never the values. */
  @Override
  public String toString() {
    return file == null ? "no Kafka client properties" : file + " " + values.keySet();
  }
}
