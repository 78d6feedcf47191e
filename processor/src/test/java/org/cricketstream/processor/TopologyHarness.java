package org.cricketstream.processor;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.cricketstream.testsupport.RawRecord;
import org.cricketstream.topics.Replication;
import org.cricketstream.topics.Topic;

/**
 * The topology under TopologyTestDriver, with the raw topics as inputs and clean topics read out.
 */
final class TopologyHarness implements AutoCloseable {
  final TopologyTestDriver driver;
  private final Map<String, TestInputTopic<String, byte[]>> inputs = new LinkedHashMap<>();

  /** The processor's repartition topic, for records an earlier version left in it. */
  final TestInputTopic<String, byte[]> repartition;

  TopologyHarness(Path stateDir) {
    this(stateDir, Duration.ofDays(7));
  }

  TopologyHarness(Path stateDir, Duration dedupHorizon) {
    ProcessorSettings settings = ProcessorSettings.fromEnvironment(Map.of()).withStateDir(stateDir);
    Properties props = settings.streamsProperties(Replication.forBrokers(1));
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    driver = new TopologyTestDriver(CricketTopology.build(dedupHorizon), props);
    repartition =
        driver.createInputTopic(
            settings.repartitionTopic(),
            Serdes.String().serializer(),
            Serdes.ByteArray().serializer());
    for (RawSource source : RawSource.values()) {
      Topic<String, byte[]> raw = source.topic();
      inputs.put(
          raw.name(),
          driver.createInputTopic(
              raw.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer()));
    }
  }

  void send(RawRecord record) {
    RecordHeaders headers = new RecordHeaders();
    record.headers().forEach((k, v) -> headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
    inputs.get(record.topic()).pipeInput(new TestRecord<>(record.key(), record.value(), headers));
  }

  void sendAll(List<RawRecord> records) {
    records.forEach(this::send);
  }

  /** Everything written to a clean topic since the last read. */
  <V> List<TestRecord<String, V>> read(Topic<String, V> topic) {
    TestOutputTopic<String, V> out =
        driver.createOutputTopic(
            topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    return new ArrayList<>(out.readRecordsToList());
  }

  @Override
  public void close() {
    driver.close();
  }
}
