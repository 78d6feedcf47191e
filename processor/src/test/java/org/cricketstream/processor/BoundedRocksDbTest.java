package org.cricketstream.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.streams.StreamsConfig;
import org.cricketstream.topics.Replication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

class BoundedRocksDbTest {
  @TempDir Path dir;

  @Test
  void theProcessorsSettingsNameTheSetterAndItsBudget() {
    ProcessorSettings settings =
        ProcessorSettings.fromEnvironment(Map.of("CRICKET_PROCESSOR_ROCKSDB_MB", "48"));
    var props = settings.streamsProperties(Replication.forBrokers(1));
    assertThat(props.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG))
        .isEqualTo(BoundedRocksDb.class);
    assertThat(props.get(BoundedRocksDb.MEMORY_BYTES)).isEqualTo(48L << 20);
  }

  /**
   * A real RocksDB with the setter's options: writing as much as the whole budget forces the
   * memtables to disk at the budget's memtable share (RocksDB's own default would hold it all in
   * one 64 MB memtable), and the shared cache stays within the budget.
   */
  @Test
  void aStoreFlushesAtTheSharedBudgetAndItsCacheStaysWithinIt()
      throws RocksDBException, IOException {
    RocksDB.loadLibrary();
    BoundedRocksDb setter = new BoundedRocksDb();
    Map<String, Object> configs = Map.of(BoundedRocksDb.MEMORY_BYTES, 16L << 20);
    try (Options options =
        new Options().setCreateIfMissing(true).setTableFormatConfig(new BlockBasedTableConfig())) {
      setter.setConfig("dedup", options, configs);
      BoundedRocksDb.Budget budget = BoundedRocksDb.budget(configs);
      byte[] value = "x".repeat(1000).getBytes(StandardCharsets.UTF_8);
      try (RocksDB db = RocksDB.open(options, dir.toString())) {
        for (long written = 0, i = 0; written < budget.bytes(); i++, written += value.length) {
          db.put(("key-" + i).getBytes(StandardCharsets.UTF_8), value);
        }
        assertThat(budget.cache().getUsage()).isLessThanOrEqualTo(budget.bytes());
        // looked at while open: closing flushes what is left anyway
        assertThat(tables()).isNotEmpty();
      } finally {
        setter.close("dedup", options);
      }
    }
  }

  private Stream<Path> tables() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".sst")).toList().stream();
    }
  }
}
