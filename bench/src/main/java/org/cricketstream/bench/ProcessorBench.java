package org.cricketstream.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.cricketstream.cli.up.Lags;
import org.cricketstream.config.KafkaClientProperties;
import org.cricketstream.cricsheet.read.MatchFiles;
import org.cricketstream.processor.ProcessorApp;
import org.cricketstream.processor.ProcessorSettings;
import org.cricketstream.stack.LocalKafka;
import org.cricketstream.testsupport.RawPublisher;
import org.cricketstream.testsupport.RawRecord;
import org.cricketstream.testsupport.RawRecords;
import org.cricketstream.topics.Topic;
import org.cricketstream.topics.TopicAdmin;
import org.cricketstream.topics.Topics;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./cricket bench processor}: the topology's throughput next to a plain copy loop. */
@Command(
    name = "processor",
    mixinStandardHelpOptions = true,
    description = {
      "Starts a Kafka broker of its own (in a temporary directory), fills the raw topics with",
      "every match under PATH (default: $CRICSHEET_DATA or ../shared/data/cricsheet) as the",
      "sources write them, then measures on the same broker: (1) the processor turning them",
      "into clean topics, exactly once, until its group has committed every raw record (the",
      "last delivery is readable then; the deliveries are read back and checked after the",
      "time); (2) a plain consume-and-produce loop copying the same raw records, batched as",
      "the processor's producer batches. ./cricket runs the JVM as the stack runs the processor",
      "(the client compiler, the serial collector). Writes target/bench/processor.json."
    })
final class ProcessorBench implements Callable<Integer> {
  private static final Duration TIMEOUT = Duration.ofMinutes(30);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "0..*", paramLabel = "PATH", description = "folders of Cricsheet files")
  List<Path> paths = new ArrayList<>();

  @Option(names = "--out", description = "JSON output (default target/bench/processor.json)")
  Path output;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Path> folders = paths.isEmpty() ? defaultFolders() : paths;
    List<RawRecord> records = new ArrayList<>();
    long deliveries = 0;
    RawRecords raw = new RawRecords();
    for (Path file : matchFiles(folders)) {
      records.addAll(raw.of(file));
      deliveries += MatchFiles.readMatch(file).deliveries().size();
    }
    err.printf("%d raw records, %d deliveries expected%n", records.size(), deliveries);
    Path dir = Files.createTempDirectory("cricket-bench-processor-");
    Map<String, Object> report = new LinkedHashMap<>();
    try (LocalKafka kafka = LocalKafka.start(dir.resolve("kafka"))) {
      TopicAdmin.ensure(kafka.bootstrapServers(), Topics.all());
      err.println("filling raw topics...");
      try (RawPublisher publisher = new RawPublisher(kafka.bootstrapServers())) {
        publisher.publish(records);
      }
      err.println("running the processor...");
      long start = System.nanoTime();
      // the processor's settings (threads, RocksDB memory) as the environment gives them
      ProcessorSettings settings =
          ProcessorSettings.fromEnvironment()
              .withBootstrapServers(kafka.bootstrapServers())
              .withApplicationId("bench-processor")
              .withStateDir(dir.resolve("state"));
      ProcessorApp app = ProcessorApp.start(settings);
      try {
        awaitCommitted(kafka.bootstrapServers(), settings.applicationId());
      } finally {
        app.close();
      }
      double processorSeconds = (System.nanoTime() - start) / 1e9;
      // outside the time: every delivery is readable, each once
      err.println("reading the deliveries back...");
      Count written = readAll(kafka.bootstrapServers(), Topics.DELIVERIES.name());
      if (written.records() != deliveries || written.keys() != deliveries) {
        throw new IllegalStateException(
            "the processor wrote "
                + written.records()
                + " deliveries ("
                + written.keys()
                + " distinct), "
                + deliveries
                + " expected");
      }

      err.println("running the plain copy loop...");
      start = System.nanoTime();
      copyLoop(kafka.bootstrapServers(), records.size());
      double copySeconds = (System.nanoTime() - start) / 1e9;

      // the quotient of times for the same raw records: deliveries/s over records/s would compare
      // different units
      report.put("processorSeconds", round(processorSeconds));
      report.put("copySeconds", round(copySeconds));
      report.put("timeRatio", Math.round(processorSeconds / copySeconds * 100) / 100.0);
      report.put("rawRecords", records.size());
      report.put("deliveries", deliveries);
      report.put("rawRecordsPerSecond", round(records.size() / processorSeconds));
      report.put("deliveriesPerSecond", round(deliveries / processorSeconds));
      report.put("copyRecordsPerSecond", round(records.size() / copySeconds));
      report.put(
          "guarantee", "processor exactly_once_v2; copy loop at-least-once, idempotent producer");
      report.put("cores", Runtime.getRuntime().availableProcessors());
      // how the JVM compiles and collects (./cricket runs it as the stack runs the processor)
      report.put(
          "jvmOptions",
          ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
              .filter(a -> a.startsWith("-XX:") && !a.contains("SharedArchiveFile"))
              .toList());
      report.put("processorThreads", settings.threads());
    } finally {
      BenchReport.deleteRecursively(dir);
    }
    out.printf(
        "processor: %.1f s for %d raw records (%.0f records/s, %.0f deliveries/s)%n",
        (double) report.get("processorSeconds"),
        records.size(),
        (double) report.get("rawRecordsPerSecond"),
        (double) report.get("deliveriesPerSecond"));
    out.printf(
        "plain copy loop: %.1f s for the same records (%.0f records/s)%n",
        (double) report.get("copySeconds"), (double) report.get("copyRecordsPerSecond"));
    out.printf("processor time / copy time: %s%n", report.get("timeRatio"));
    BenchReport.write("processor", output, report, out);
    return 0;
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }

  private static List<Path> defaultFolders() {
    Path data = BenchPaths.cricsheetData();
    return List.of(data.resolve("t20i_json"), data.resolve("odi_csv"), data.resolve("test_yaml"));
  }

  private static List<Path> matchFiles(List<Path> folders) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path folder : folders) {
      if (!Files.isDirectory(folder)) {
        throw new CommandLine.ParameterException(
            new CommandLine(new ProcessorBench()),
            folder + " is not a folder of Cricsheet files (set CRICSHEET_DATA or pass folders)");
      }
      try (Stream<Path> list = Files.list(folder)) {
        list.filter(p -> !p.getFileName().toString().endsWith("_info.csv"))
            .sorted()
            .forEach(files::add);
      }
    }
    return files;
  }

  /**
   * Waits until {@code group} has committed every raw record (its lag on the raw topics is 0).
   * Under exactly-once the offsets are committed in the transaction that wrote what the records
   * became, so the last delivery is readable then; asking the group costs the machine nothing,
   * where reading every delivery as it arrives would take CPU from the processor being measured.
   */
  private static void awaitCommitted(String servers, String group) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    try (Lags lags = new Lags(servers, KafkaClientProperties.NONE, group, group)) {
      while (true) {
        long behind =
            lags.lagByTopic(group, Lags.RAW).values().stream().mapToLong(Long::longValue).sum();
        if (behind == 0) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("timed out: " + behind + " raw records not committed");
        }
        Thread.sleep(20);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** What a topic holds, committed: its records and their distinct keys. */
  record Count(long records, long keys) {}

  /** Reads every committed record of {@code topic} from its start to its end. */
  private static Count readAll(String servers, String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    Set<String> keys = new HashSet<>();
    long records = 0;
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("timed out reading " + topic + " at " + records);
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          keys.add(record.key());
          records++;
        }
      }
    }
    return new Count(records, keys.size());
  }

  /** The baseline: read every raw record and write it to a copy topic, as plainly as possible. */
  @SuppressWarnings("FutureReturnValueIgnored") // send failures arrive through the callback
  private static void copyLoop(String servers, int expected) {
    Topic<String, byte[]> copy =
        new Topic<>(
            "bench.copy",
            Topics.PARTITIONS,
            Map.of(),
            org.apache.kafka.common.serialization.Serdes.String(),
            org.apache.kafka.common.serialization.Serdes.ByteArray(),
            0);
    TopicAdmin.ensure(servers, List.of(copy));
    Properties consumerProps = new Properties();
    consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-copy");
    consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerProps.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
    Properties producerProps = new Properties();
    producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    // batched as the processor's producer is
    producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    producerProps.put(ProducerConfig.BATCH_SIZE_CONFIG, ProcessorSettings.PRODUCER_BATCH_BYTES);
    producerProps.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024);
    List<String> rawTopics = Topics.raw().stream().map(Topic::name).toList();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    try (KafkaConsumer<String, byte[]> consumer =
            new KafkaConsumer<>(
                consumerProps, new StringDeserializer(), new ByteArrayDeserializer());
        KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer())) {
      consumer.subscribe(rawTopics);
      AtomicReference<Exception> failure = new AtomicReference<>();
      int copied = 0;
      while (copied < expected) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("copy loop timed out at " + copied + " of " + expected);
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          producer.send(
              new ProducerRecord<>(copy.name(), record.key(), record.value()),
              (metadata, e) -> {
                if (e != null) {
                  failure.compareAndSet(null, e);
                }
              });
          copied++;
        }
        producer.flush();
        if (failure.get() != null) {
          throw new IllegalStateException("copy loop could not produce", failure.get());
        }
        consumer.commitSync();
      }
    }
  }
}
