package org.cricketstream.processor;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Every RocksDB store of this process shares one memory budget ({@code
 * CRICKET_PROCESSOR_ROCKSDB_MB}, passed in the Streams configuration as {@link #MEMORY_BYTES}): one
 * LRU block cache that also holds the index and filter blocks, and the memtables counted against it
 * by a write buffer manager. Without it, each store (one per partition of the de-duplication store)
 * takes its own 16 MB memtables, up to three of them, and its own block cache, outside the Java
 * heap and without a cap. The recipe is Kafka Streams' own ("Bounded memory usage" in its memory
 * management guide).
 */
public final class BoundedRocksDb implements RocksDBConfigSetter {
  /** The Streams configuration key that carries the budget in bytes. */
  public static final String MEMORY_BYTES = "cricket.rocksdb.memory.bytes";

  /** The share of the budget the memtables may take. */
  static final double MEMTABLE_SHARE = 0.25;

  /** The share of the block cache kept for index and filter blocks. */
  private static final double INDEX_FILTER_SHARE = 0.1;

  private static Budget budget;

  /** The cache and write buffer manager every store of the process shares. */
  record Budget(long bytes, Cache cache, WriteBufferManager writeBuffers) {}

  /** The shared budget, made on first use with the size the configuration gives. */
  static synchronized Budget budget(Map<String, Object> configs) {
    if (budget == null) {
      long bytes = Long.parseLong(String.valueOf(configs.get(MEMORY_BYTES)));
      Cache cache = new LRUCache(bytes, -1, false, INDEX_FILTER_SHARE);
      budget =
          new Budget(bytes, cache, new WriteBufferManager((long) (bytes * MEMTABLE_SHARE), cache));
    }
    return budget;
  }

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    Budget shared = budget(configs);
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(shared.cache());
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    options.setWriteBufferManager(shared.writeBuffers());
    options.setTableFormatConfig(table);
  }

  @Override
  public void close(String storeName, Options options) {
    // the cache and the write buffer manager are shared by every store: they live with the process
  }
}
