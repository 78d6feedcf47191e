package org.cricketstream.warehouse.load;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.cricketstream.cricsheet.model.Delivery;
import org.cricketstream.cricsheet.model.Innings;
import org.cricketstream.cricsheet.model.MatchInfo;
import org.cricketstream.cricsheet.model.PlayerAppearance;
import org.cricketstream.topics.Heartbeat;
import org.cricketstream.topics.JsonSerde;
import org.cricketstream.topics.SchemaIdInterceptor;
import org.cricketstream.topics.SchemaRegistry;
import org.cricketstream.topics.Topic;
import org.cricketstream.topics.Topics;
import org.cricketstream.warehouse.schema.Table;
import org.cricketstream.warehouse.schema.Tables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one database transaction writes: raw events, the latest version of every clean entity read
 * (a key read twice keeps its last version, as a compacted topic would), keys removed by
 * tombstones, and the offsets read up to.
 */
public final class Batch {
  private static final Logger LOG = LoggerFactory.getLogger(Batch.class);
  private static final StringDeserializer KEYS = new StringDeserializer();

  private final List<Object[]> raw = new ArrayList<>();
  private final Map<Table, LinkedHashMap<String, Object[]>> upserts = new HashMap<>();
  private final Map<Table, Map<String, List<Object[]>>> children = new HashMap<>();
  private final Map<Table, Set<String>> deletes = new HashMap<>();
  private final Map<String, Object[]> offsets = new LinkedHashMap<>();
  private final List<Object[]> rejected = new ArrayList<>();
  private final Map<String, Heartbeat> heartbeats = new LinkedHashMap<>();
  private final Map<SchemaUse, long[]> schemaUses = new LinkedHashMap<>();
  private final Map<SchemaUse, SchemaRegistry.Version> schemaVersions = new HashMap<>();
  private int records;
  private long bytes;

  /** Adds one record read from a raw or clean topic of the first generation (offset base 0). */
  public void add(ConsumerRecord<byte[], byte[]> record) {
    add(record, 0);
  }

  /**
   * Adds one record read from a raw or clean topic; a landed record's offset in the warehouse is
   * {@code offsetBase} plus its Kafka offset (see {@code sink_offsets.offset_base}).
   */
  public void add(ConsumerRecord<byte[], byte[]> record, long offsetBase) {
    countSchema(record);
    String topic = record.topic();
    if (isLanded(topic)) {
      records++;
      List<Map.Entry<String, byte[]>> headers = new ArrayList<>();
      for (Header h : record.headers()) {
        headers.add(new java.util.AbstractMap.SimpleImmutableEntry<>(h.key(), h.value()));
      }
      Object[] row =
          Rows.rawEvent(
              topic,
              record.partition(),
              offsetBase + record.offset(),
              record.timestamp(),
              record.key(),
              headers,
              record.value());
      raw.add(row);
      bytes += Rows.sizeOf(row);
      return;
    }
    String key = KEYS.deserialize(topic, record.key());
    if (topic.equals(Topics.HEARTBEATS.name())) {
      try {
        heartbeat(Topics.HEARTBEATS.valueSerde().deserializer().deserialize(topic, record.value()));
        records++;
      } catch (RuntimeException e) {
        refuse(record, offsetBase, "cannot load heartbeat (key " + key + "): " + e.getMessage());
      }
      return;
    }
    try {
      addClean(topic, key, record.value());
      records++;
    } catch (RuntimeException e) {
      refuse(record, offsetBase, "cannot load (key " + key + "): " + e.getMessage());
    }
  }

  /**
   * Adds a record the warehouse refuses, to be kept in {@code rejected_records} with {@code error}
   * instead of its rows.
   */
  public void reject(ConsumerRecord<byte[], byte[]> record, long offsetBase, String error) {
    countSchema(record);
    refuse(record, offsetBase, error);
  }

  private void refuse(ConsumerRecord<byte[], byte[]> record, long offsetBase, String error) {
    records++;
    String coordinates =
        record.topic() + "/" + record.partition() + "@" + (offsetBase + record.offset());
    LOG.warn("rejected {}: {}", coordinates, error);
    rejected.add(
        new Object[] {
          record.topic(),
          record.partition(),
          offsetBase + record.offset(),
          record.key(),
          record.value(),
          // the error may quote the very text the database refused
          String.valueOf(error).replace("\u0000", "\\0"),
          System.currentTimeMillis()
        });
  }

  /**
   * The records of one topic partition written with one schema id (0: records with none) in this
   * batch.
   */
  public record SchemaUse(String topic, int partition, int schemaId) {}

  private void countSchema(ConsumerRecord<byte[], byte[]> record) {
    SchemaUse use =
        new SchemaUse(
            record.topic(),
            record.partition(),
            SchemaIdInterceptor.idOf(record.headers()).orElse(0));
    schemaUses.computeIfAbsent(use, u -> new long[1])[0]++;
  }

  /** Every topic partition and schema id read into this batch. */
  public Set<SchemaUse> schemaUses() {
    return schemaUses.keySet();
  }

  /** Names the subject and version the registry holds a schema id under. */
  public void describe(SchemaUse use, SchemaRegistry.Version version) {
    schemaVersions.put(use, version);
  }

  /**
   * Rows for {@code sink_schema_ids}: topic, partition, schema id, subject and version (null when
   * not described), records.
   */
  public List<Object[]> schemaIds() {
    List<Object[]> rows = new ArrayList<>();
    schemaUses.forEach(
        (use, count) -> {
          SchemaRegistry.Version version = schemaVersions.get(use);
          rows.add(
              new Object[] {
                use.topic(),
                use.partition(),
                (long) use.schemaId(),
                version == null ? null : version.subject(),
                version == null ? null : version.version(),
                count[0]
              });
        });
    return rows;
  }

  /**
   * Adds what {@code later}, a batch committed after this one, holds, so that writing this batch
   * once gives the tables that writing it and then {@code later} gives: a key keeps its last
   * version or its removal (children go with their parent), offsets and heartbeats their newest,
   * and counts of schema ids add up. Raw and rejected records are appended: the sink never commits
   * one record twice.
   */
  public void absorb(Batch later) {
    long held = bytes + later.bytes;
    raw.addAll(later.raw);
    later.upserts.forEach(
        (table, rows) -> {
          Table child = Tables.childOf(table);
          Map<String, List<Object[]>> childRows =
              child == null ? Map.of() : later.children.getOrDefault(child, Map.of());
          rows.forEach((key, row) -> put(table, key, row, childRows.get(key)));
        });
    later.deletes.forEach((table, keys) -> keys.forEach(key -> delete(table, key)));
    offsets.putAll(later.offsets);
    rejected.addAll(later.rejected);
    later.heartbeats.values().forEach(this::heartbeat);
    later.schemaUses.forEach(
        (use, count) -> schemaUses.computeIfAbsent(use, u -> new long[1])[0] += count[0]);
    schemaVersions.putAll(later.schemaVersions);
    records += later.records;
    bytes = held;
  }

  /** Keeps the newest heartbeat of its source (a tombstone or an empty value is none). */
  private void heartbeat(Heartbeat beat) {
    if (beat == null || beat.source() == null) {
      throw new IllegalArgumentException("a heartbeat names no source");
    }
    heartbeats.merge(beat.source(), beat, (a, b) -> b.committedAt() >= a.committedAt() ? b : a);
  }

  /** The newest heartbeat of each source read into this batch. */
  public java.util.Collection<Heartbeat> heartbeats() {
    return heartbeats.values();
  }

  /**
   * Rows for {@code rejected_records}: topic, partition, offset, key, payload, error, rejected at.
   */
  public List<Object[]> rejected() {
    return rejected;
  }

  /** Adds one clean record by its topic, natural key and JSON value (null: a tombstone). */
  public void addClean(String topic, String key, byte[] value) {
    if (key == null) {
      throw new IllegalArgumentException("a clean record has no key");
    }
    Table table = tableOf(topic);
    if (value == null) {
      delete(table, key);
      return;
    }
    Object entity = ((JsonSerde<?>) cleanTopic(topic).valueSerde()).fromBytes(value);
    if (!key.equals(keyOf(entity))) {
      throw new IllegalArgumentException(
          "key " + key + " is not the natural key of its value (" + keyOf(entity) + ")");
    }
    addEntity(entity);
  }

  /** Adds one clean entity: a MatchInfo, PlayerAppearance, Innings or Delivery. */
  public void addEntity(Object entity) {
    String key = keyOf(entity);
    if (entity instanceof MatchInfo m) {
      put(Tables.MATCHES, key, Rows.match(m), null);
    } else if (entity instanceof PlayerAppearance p) {
      put(Tables.PLAYERS, key, Rows.player(p), null);
    } else if (entity instanceof Innings i) {
      put(Tables.INNINGS, key, Rows.innings(i), Rows.miscountedOvers(i));
    } else if (entity instanceof Delivery d) {
      put(Tables.DELIVERIES, key, Rows.delivery(d), Rows.wickets(d));
    } else {
      throw new IllegalArgumentException("unexpected value " + entity.getClass());
    }
  }

  /**
   * Records that the sink has read a partition of the topic with id {@code topicId} up to (not
   * including) Kafka offset {@code nextOffset}; its records land at {@code offsetBase} + offset.
   */
  public void offset(
      String topic,
      int partition,
      long nextOffset,
      long committedAtMillis,
      String topicId,
      long offsetBase) {
    offsets.put(
        topic + "/" + partition,
        new Object[] {topic, partition, nextOffset, committedAtMillis, topicId, offsetBase});
  }

  private void put(Table table, String key, Object[] row, List<Object[]> childRows) {
    upserts.computeIfAbsent(table, t -> new LinkedHashMap<>()).put(key, row);
    bytes += Rows.sizeOf(row);
    Set<String> deleted = deletes.get(table);
    if (deleted != null) {
      deleted.remove(key);
    }
    Table child = Tables.childOf(table);
    if (child != null) {
      children.computeIfAbsent(child, t -> new HashMap<>()).put(key, childRows);
    }
  }

  private void delete(Table table, String key) {
    LinkedHashMap<String, Object[]> rows = upserts.get(table);
    if (rows != null) {
      rows.remove(key);
    }
    Table child = Tables.childOf(table);
    if (child != null && children.containsKey(child)) {
      children.get(child).remove(key);
    }
    deletes.computeIfAbsent(table, t -> new LinkedHashSet<>()).add(key);
  }

  /** The rows to stage for a table. */
  public List<Object[]> rows(Table table) {
    if (table.equals(Tables.RAW_EVENTS)) {
      return raw;
    }
    if (table.equals(Tables.SINK_OFFSETS)) {
      return new ArrayList<>(offsets.values());
    }
    if (table.equals(Tables.DELETES)) {
      List<Object[]> rows = new ArrayList<>();
      deletes.forEach((t, keys) -> keys.forEach(k -> rows.add(new Object[] {t.name(), k})));
      return rows;
    }
    if (table.merge().equals(Table.Merge.REPLACE_CHILDREN)) {
      List<Object[]> rows = new ArrayList<>();
      children.getOrDefault(table, Map.of()).values().forEach(rows::addAll);
      return rows;
    }
    LinkedHashMap<String, Object[]> rows = upserts.get(table);
    return rows == null ? List.of() : new ArrayList<>(rows.values());
  }

  /** Whether any key of this entity table was removed by a tombstone. */
  public boolean hasDeletes(Table table) {
    Set<String> keys = deletes.get(table);
    return keys != null && !keys.isEmpty();
  }

  /** Records read into this batch. */
  public int records() {
    return records;
  }

  /** Approximate bytes held. */
  public long bytes() {
    return bytes;
  }

  /** Rows this batch writes to warehouse tables (offsets included). */
  public long rowCount() {
    long rows = rejected.size();
    for (Table table : Tables.STAGED) {
      rows += rows(table).size();
    }
    return rows;
  }

  /** Whether this batch writes data, not only heartbeats and offsets. */
  public boolean changesData() {
    return !raw.isEmpty() || !upserts.isEmpty() || !deletes.isEmpty() || !rejected.isEmpty();
  }

  public boolean isEmpty() {
    return records == 0 && offsets.isEmpty();
  }

  /** The raw and the dead-letter topics, by name. */
  private static final Set<String> LANDED =
      java.util.stream.Stream.concat(Topics.raw().stream(), Topics.deadLetters().stream())
          .map(Topic::name)
          .collect(java.util.stream.Collectors.toUnmodifiableSet());

  /** The clean topics, by name. */
  private static final Map<String, Topic<String, ?>> CLEAN =
      Topics.clean().stream()
          .collect(java.util.stream.Collectors.toUnmodifiableMap(Topic::name, t -> t));

  /** Whether records of {@code topic} land as they are: the raw and the dead-letter topics. */
  public static boolean isLanded(String topic) {
    return LANDED.contains(topic);
  }

  private static Topic<String, ?> cleanTopic(String topic) {
    Topic<String, ?> clean = CLEAN.get(topic);
    if (clean == null) {
      throw new IllegalArgumentException("not a topic the warehouse loads: " + topic);
    }
    return clean;
  }

  private static Table tableOf(String topic) {
    if (topic.equals(Topics.MATCHES.name())) {
      return Tables.MATCHES;
    }
    if (topic.equals(Topics.PLAYERS.name())) {
      return Tables.PLAYERS;
    }
    if (topic.equals(Topics.INNINGS.name())) {
      return Tables.INNINGS;
    }
    if (topic.equals(Topics.DELIVERIES.name())) {
      return Tables.DELIVERIES;
    }
    throw new IllegalArgumentException("not a topic the warehouse loads: " + topic);
  }

  private static String keyOf(Object entity) {
    if (entity instanceof MatchInfo m) {
      return m.key();
    } else if (entity instanceof PlayerAppearance p) {
      return p.key();
    } else if (entity instanceof Innings i) {
      return i.key();
    } else if (entity instanceof Delivery d) {
      return d.key();
    }
    return null;
  }
}
