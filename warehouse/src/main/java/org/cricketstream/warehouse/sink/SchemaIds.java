package org.cricketstream.warehouse.sink;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.cricketstream.topics.SchemaIdInterceptor;
import org.cricketstream.topics.SchemaRegistry;
import org.cricketstream.topics.SchemaRegistry.Version;
import org.cricketstream.warehouse.load.Batch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the schema registry says of the schema ids on the records the sink reads ({@code
 * value.schema.id}), asked once per id. The sink counts every id it reads with the subject and
 * version the registry holds it under, and refuses a record it decodes (a clean topic's or a
 * heartbeat) whose id the registry holds for another subject only: a producer stamped it with
 * another topic's schema, so what its value means is in doubt. Raw and dead-letter records are
 * landed as they arrived whatever their id; their headers are kept in {@code raw_events}.
 *
 * <p>An id the registry does not know, or a registry that does not answer, refuses nothing: the
 * record is loaded by the topic's own reader as it would be without a registry and the id is
 * counted without a version. A registry that did not answer is asked again after {@link
 * #RETRY_MILLIS}; an unknown id, when the sink next starts. The sink's reading thread and its
 * writer thread both ask it, one at a time.
 */
final class SchemaIds {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaIds.class);
  static final long RETRY_MILLIS = 10_000;

  private final Optional<SchemaRegistry> registry;
  private final Map<Integer, List<Version>> known = new HashMap<>();
  private long askAgainAt;

  SchemaIds(Optional<SchemaRegistry.Login> login) {
    this.registry = login.map(SchemaRegistry.Login::client);
  }

  /** Why a record is refused, if it is: it carries the schema id of another topic's subject. */
  synchronized Optional<String> refusal(ConsumerRecord<byte[], byte[]> record) {
    if (Batch.isLanded(record.topic())) {
      return Optional.empty();
    }
    OptionalInt id = SchemaIdInterceptor.idOf(record.headers());
    if (id.isEmpty()) {
      return Optional.empty();
    }
    List<Version> versions = versions(id.getAsInt());
    String subject = record.topic() + "-value";
    if (versions.isEmpty() || versions.stream().anyMatch(v -> v.subject().equals(subject))) {
      return Optional.empty();
    }
    return Optional.of(
        "its schema id "
            + id.getAsInt()
            + " is "
            + describe(versions)
            + " in the registry at "
            + registry.orElseThrow().url()
            + ", not a version of "
            + subject);
  }

  /** Names the subject and version of every schema id the batch read, where the registry can. */
  synchronized void describe(Batch batch) {
    for (Batch.SchemaUse use : batch.schemaUses()) {
      if (use.schemaId() == 0) {
        continue;
      }
      List<Version> versions = versions(use.schemaId());
      String subject = use.topic() + "-value";
      versions.stream()
          .filter(v -> v.subject().equals(subject))
          .findFirst()
          .or(() -> versions.stream().findFirst())
          .ifPresent(version -> batch.describe(use, version));
    }
  }

  /** The subjects and versions holding an id: empty when unknown or the registry is unreachable. */
  private List<Version> versions(int id) {
    List<Version> versions = known.get(id);
    if (versions != null || registry.isEmpty() || System.currentTimeMillis() < askAgainAt) {
      return versions == null ? List.of() : versions;
    }
    try {
      versions = registry.get().versionsOf(id);
    } catch (SchemaRegistry.SchemaRegistryException e) {
      askAgainAt = System.currentTimeMillis() + RETRY_MILLIS;
      LOG.warn(
          "could not ask the schema registry what schema id {} is (asking again in {} s; records"
              + " load meanwhile, their ids counted without a version): {}",
          id,
          RETRY_MILLIS / 1000,
          e.getMessage());
      return List.of();
    }
    if (versions.isEmpty()) {
      LOG.warn("the schema registry at {} has no schema id {}", registry.get().url(), id);
    }
    known.put(id, versions);
    return versions;
  }

  private static String describe(List<Version> versions) {
    return String.join(", ", versions.stream().map(v -> v.subject() + " v" + v.version()).toList());
  }
}
