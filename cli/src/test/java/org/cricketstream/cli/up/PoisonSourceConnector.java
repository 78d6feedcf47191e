package org.cricketstream.cli.up;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/**
 * A source connector whose task fails on its first poll, as a task under {@code errors.tolerance:
 * none} fails on a poison record; once restarted it runs (the record was dealt with).
 */
public final class PoisonSourceConnector extends SourceConnector {
  /** How many tasks have failed so far, in this JVM (the worker runs in the test's). */
  static final AtomicInteger FAILED = new AtomicInteger();

  private Map<String, String> config;

  @Override
  public void start(Map<String, String> props) {
    config = props;
  }

  @Override
  public Class<? extends Task> taskClass() {
    return Poisoned.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    return List.of(config);
  }

  @Override
  public void stop() {}

  @Override
  public ConfigDef config() {
    return new ConfigDef();
  }

  @Override
  public String version() {
    return "1";
  }

  /** Fails once, then polls nothing. */
  public static final class Poisoned extends SourceTask {
    @Override
    public void start(Map<String, String> props) {}

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
      if (FAILED.get() == 0) {
        FAILED.incrementAndGet();
        throw new ConnectException("poison record at offset 42");
      }
      Thread.sleep(200);
      return null;
    }

    @Override
    public void stop() {}

    @Override
    public String version() {
      return "1";
    }
  }
}
