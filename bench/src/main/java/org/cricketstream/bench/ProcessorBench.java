package org.cricketstream.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
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
      "the processor's producer batches; (3) the same loop writing every record the processor",
      "wrote instead (its outputs, its changelog), plainly, then exactly once: what moving its",
      "records costs without its work. ./cricket runs the JVM as the stack runs the processor",
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
      err.println("reading what the processor wrote...");
      Map<String, Integer> topics = topicsWritten(kafka.bootstrapServers(), settings);
      List<ProducerRecord<String, byte[]>> wrote = new ArrayList<>();
      Map<String, Long> wroteByTopic = new LinkedHashMap<>();
      for (String topic : topics.keySet()) {
        wroteByTopic.put(topic, readAll(kafka.bootstrapServers(), topic, wrote::add));
      }
      Count landed = count(wrote, copyOf(Topics.DELIVERIES.name()));
      if (landed.records() != deliveries || landed.keys() != deliveries) {
        throw new IllegalStateException(
            "the processor wrote "
                + landed.records()
                + " deliveries ("
                + landed.keys()
                + " distinct), "
                + deliveries
                + " expected");
      }

      err.println("running the plain copy loop...");
      start = System.nanoTime();
      copyLoop(kafka.bootstrapServers(), records.size());
      double copySeconds = (System.nanoTime() - start) / 1e9;

      err.println("running the copy loop again, writing what the processor wrote...");
      start = System.nanoTime();
      copyLoop(kafka.bootstrapServers(), records.size(), topics, wrote, null);
      double outputCopySeconds = (System.nanoTime() - start) / 1e9;
      err.println("and once more, exactly once, committing as often as the processor...");
      start = System.nanoTime();
      copyLoop(kafka.bootstrapServers(), records.size(), topics, wrote, settings.commitInterval());
      double exactlyOnceOutputCopySeconds = (System.nanoTime() - start) / 1e9;

      // the quotient of times for the same raw records: deliveries/s over records/s would compare
      // different units
      report.put("processorSeconds", round(processorSeconds));
      report.put("copySeconds", round(copySeconds));
      report.put("timeRatio", quotient(processorSeconds, copySeconds));
      // what a processor that writes what this one wrote pays without decoding, de-duplicating or
      // serializing anything: reading the raw records and writing its records; then the same
      // exactly once
      report.put("outputRecords", wrote.size());
      report.put("outputRecordsByTopic", wroteByTopic);
      report.put("outputCopySeconds", round(outputCopySeconds));
      report.put("outputCopyRatio", quotient(outputCopySeconds, copySeconds));
      report.put("exactlyOnceOutputCopySeconds", round(exactlyOnceOutputCopySeconds));
      report.put("exactlyOnceOutputCopyRatio", quotient(exactlyOnceOutputCopySeconds, copySeconds));
      report.put("rawRecords", records.size());
      report.put("deliveries", deliveries);
      report.put("rawRecordsPerSecond", round(records.size() / processorSeconds));
      report.put("deliveriesPerSecond", round(deliveries / processorSeconds));
      report.put("copyRecordsPerSecond", round(records.size() / copySeconds));
      report.put(
          "guarantee",
          "processor exactly_once_v2; copy loops at-least-once with an idempotent producer, but"
              + " the last: transactions, read_committed");
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
    out.printf(
        "the copy loop writing what the processor wrote (%d records) instead: %.1f s (%s times the"
            + " plain copy); the same exactly once: %.1f s (%s times)%n",
        (int) report.get("outputRecords"),
        (double) report.get("outputCopySeconds"),
        report.get("outputCopyRatio"),
        (double) report.get("exactlyOnceOutputCopySeconds"),
        report.get("exactlyOnceOutputCopyRatio"));
    BenchReport.write("processor", output, report, out);
    return 0;
  }

  private static double quotient(double a, double b) {
    return Math.round(a / b * 100) / 100.0;
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

  /** The records of {@code topic} among {@code records}, and their distinct keys. */
  private static Count count(List<ProducerRecord<String, byte[]>> records, String topic) {
    Set<String> keys = new HashSet<>();
    long n = 0;
    for (ProducerRecord<String, byte[]> record : records) {
      if (record.topic().equals(topic)) {
        keys.add(record.key());
        n++;
      }
    }
    return new Count(n, keys.size());
  }

  /**
   * The topics the processor wrote, with their partitions: its output topics and its own (the
   * de-duplication store's changelog, the repartition topic), whose names start with its
   * application id.
   */
  private static Map<String, Integer> topicsWritten(String servers, ProcessorSettings settings) {
    Set<String> outputs = new HashSet<>();
    Topics.clean().forEach(t -> outputs.add(t.name()));
    outputs.add(Topics.HEARTBEATS.name());
    outputs.add(Topics.DEAD_LETTERS.name());
    Map<String, Integer> written = new TreeMap<>();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
      Set<String> names = new HashSet<>(admin.listTopics().names().get());
      names.removeIf(n -> !outputs.contains(n) && !n.startsWith(settings.applicationId() + "-"));
      admin
          .describeTopics(names)
          .allTopicNames()
          .get()
          .forEach((name, description) -> written.put(name, description.partitions().size()));
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot list the topics the processor wrote", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    return written;
  }

  /**
   * Reads every committed record of {@code topic} from its start to its end, each as a record to
   * write again into the same partition of the topic's copy ({@link #copyOf}), headers included.
   */
  private static long readAll(
      String servers, String topic, Consumer<ProducerRecord<String, byte[]>> to) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
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
          to.accept(
              new ProducerRecord<>(
                  copyOf(topic),
                  record.partition(),
                  record.key(),
                  record.value(),
                  record.headers()));
          records++;
        }
      }
    }
    return records;
  }

  /** The topic a copy loop writes {@code topic}'s records to. */
  private static String copyOf(String topic) {
    return "bench.copy." + topic;
  }

  /** The baseline: read every raw record and write it to a copy topic, as plainly as possible. */
  private static void copyLoop(String servers, int expected) {
    Topic<String, byte[]> copy = copyTopic(copyOf("raw"), Topics.PARTITIONS, Map.of());
    TopicAdmin.ensure(servers, List.of(copy));
    copyLoop(
        servers,
        expected,
        "bench-copy",
        null,
        (record, copied) ->
            List.of(new ProducerRecord<>(copy.name(), record.key(), record.value())));
  }

  /**
   * The same loop over the raw records, writing {@code output} (what the processor wrote, each into
   * the same partition of a copy of its topic) instead of the records read: after each record read,
   * as many of them as the processor wrote for that share of the raw records. With {@code
   * transactions}, exactly once: the records written and the offsets read committed in one
   * transaction that often, as the processor commits.
   */
  private static void copyLoop(
      String servers,
      int expected,
      Map<String, Integer> topics,
      List<ProducerRecord<String, byte[]>> output,
      Duration transactions) {
    // room for the repartition topic's raw records
    Map<String, String> config =
        Map.of("max.message.bytes", "" + ProcessorSettings.INTERNAL_MAX_MESSAGE_BYTES);
    List<Topic<String, byte[]>> copies = new ArrayList<>();
    topics.forEach((name, partitions) -> copies.add(copyTopic(copyOf(name), partitions, config)));
    TopicAdmin.ensure(servers, copies);
    int[] sent = {0};
    copyLoop(
        servers,
        expected,
        "bench-copy-output" + (transactions == null ? "" : "-exactly-once"),
        transactions,
        (record, copied) -> {
          int upTo = (int) (output.size() * copied / expected);
          List<ProducerRecord<String, byte[]>> batch = output.subList(sent[0], upTo);
          sent[0] = upTo;
          return batch;
        });
    if (sent[0] != output.size()) {
      throw new IllegalStateException(
          "the copy loop wrote " + sent[0] + " of the processor's " + output.size() + " records");
    }
  }

  private static Topic<String, byte[]> copyTopic(
      String name, int partitions, Map<String, String> config) {
    return new Topic<>(
        name,
        partitions,
        config,
        org.apache.kafka.common.serialization.Serdes.String(),
        org.apache.kafka.common.serialization.Serdes.ByteArray(),
        0);
  }

  /** What a copy loop writes for a record read, given how many it has read with this one. */
  private interface Writes {
    List<ProducerRecord<String, byte[]>> after(ConsumerRecord<String, byte[]> record, long copied);
  }

  @SuppressWarnings("FutureReturnValueIgnored") // send failures arrive through the callback
  private static void copyLoop(
      String servers, int expected, String group, Duration transactions, Writes writes) {
    Properties consumerProps = new Properties();
    consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerProps.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
    consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    Properties producerProps = new Properties();
    producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    // batched as the processor's producer is
    producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    producerProps.put(ProducerConfig.BATCH_SIZE_CONFIG, ProcessorSettings.PRODUCER_BATCH_BYTES);
    producerProps.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024);
    if (transactions != null) {
      consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, group);
    }
    List<String> rawTopics = Topics.raw().stream().map(Topic::name).toList();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    try (KafkaConsumer<String, byte[]> consumer =
            new KafkaConsumer<>(
                consumerProps, new StringDeserializer(), new ByteArrayDeserializer());
        KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer())) {
      consumer.subscribe(rawTopics);
      if (transactions != null) {
        producer.initTransactions();
      }
      AtomicReference<Exception> failure = new AtomicReference<>();
      long copied = 0;
      long committedAt = System.nanoTime();
      boolean open = false;
      while (copied < expected) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("copy loop timed out at " + copied + " of " + expected);
        }
        ConsumerRecords<String, byte[]> read = consumer.poll(Duration.ofMillis(200));
        if (transactions != null && !open && !read.isEmpty()) {
          producer.beginTransaction();
          open = true;
        }
        for (ConsumerRecord<String, byte[]> record : read) {
          copied++;
          for (ProducerRecord<String, byte[]> write : writes.after(record, copied)) {
            producer.send(
                write,
                (metadata, e) -> {
                  if (e != null) {
                    failure.compareAndSet(null, e);
                  }
                });
          }
        }
        if (transactions == null) {
          producer.flush();
          consumer.commitSync();
        } else if (open
            && (copied == expected || System.nanoTime() - committedAt >= transactions.toNanos())) {
          producer.sendOffsetsToTransaction(positions(consumer), consumer.groupMetadata());
          producer.commitTransaction();
          open = false;
          committedAt = System.nanoTime();
        }
        if (failure.get() != null) {
          throw new IllegalStateException("copy loop could not produce", failure.get());
        }
      }
    }
  }

  /** Where the consumer stands in each partition it reads: the offsets to commit. */
  private static Map<TopicPartition, OffsetAndMetadata> positions(
      KafkaConsumer<String, byte[]> consumer) {
    Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
    for (TopicPartition partition : consumer.assignment()) {
      positions.put(partition, new OffsetAndMetadata(consumer.position(partition)));
    }
    return positions;
  }
}
