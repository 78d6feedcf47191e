package org.cricketstream.processor;

import java.util.List;
import java.util.function.BiConsumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * {@link Deduplication} in the topology: its memory is the {@link #STORE} state store, its clock
 * the task's wall clock, and a wall-clock punctuation forgets what the horizon has passed.
 */
final class Deduplicator implements Processor<String, List<CleanEvent>, String, CleanEvent> {
  static final String STORE = "dedup-seen";

  private final java.time.Duration horizon;
  private ProcessorContext<String, CleanEvent> context;
  private Deduplication deduplication;

  Deduplicator(java.time.Duration horizon) {
    this.horizon = horizon;
  }

  @Override
  public void init(ProcessorContext<String, CleanEvent> context) {
    this.context = context;
    deduplication = new Deduplication(horizon, new StoreMemory(context.getStateStore(STORE)));
    context.schedule(
        deduplication.forgetEvery(), PunctuationType.WALL_CLOCK_TIME, deduplication::forget);
  }

  @Override
  public void process(Record<String, List<CleanEvent>> record) {
    for (CleanEvent event :
        deduplication.process(record.value(), record.timestamp(), context.currentSystemTimeMs())) {
      context.forward(new Record<>(event.key(), event, record.timestamp()));
    }
  }

  /** The state store as the de-duplication's memory. */
  private record StoreMemory(KeyValueStore<String, String> store) implements Deduplication.Memory {
    @Override
    public String get(String key) {
      return store.get(key);
    }

    @Override
    public void put(String key, String value) {
      store.put(key, value);
    }

    @Override
    public void delete(String key) {
      store.delete(key);
    }

    @Override
    public void forEach(BiConsumer<String, String> entry) {
      try (KeyValueIterator<String, String> all = store.all()) {
        while (all.hasNext()) {
          KeyValue<String, String> next = all.next();
          entry.accept(next.key, next.value);
        }
      }
    }
  }
}
