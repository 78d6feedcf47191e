package org.cricketstream.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Producers, consumers and socket checks shared by the Kafka integration tests. */
final class KafkaTestClients {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private KafkaTestClients() {}

  static KafkaProducer<String, String> producer(String bootstrap, Map<String, Object> extra) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.putAll(extra);
    return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
  }

  static KafkaConsumer<String, String> consumer(String bootstrap, Map<String, Object> extra) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.putAll(extra);
    return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
  }

  /**
   * Every value of {@code topic} visible at {@code isolation} ("read_committed" stops at the last
   * stable offset), read without a consumer group.
   */
  static List<String> readAll(String bootstrap, String topic, String isolation) {
    return readAll(bootstrap, topic, isolation, Map.of());
  }

  /** As {@link #readAll(String, String, String)}, with {@code client} properties (SASL...). */
  static List<String> readAll(
      String bootstrap, String topic, String isolation, Map<String, Object> client) {
    Map<String, Object> extra = new HashMap<>(client);
    extra.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    try (KafkaConsumer<String, String> consumer = consumer(bootstrap, extra)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : consumer.partitionsFor(topic, READ_TIMEOUT)) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      return readToEnd(consumer, partitions);
    }
  }

  /** Polls {@code consumer} until its position reached the end offsets taken now. */
  static List<String> readToEnd(
      KafkaConsumer<String, String> consumer, List<TopicPartition> partitions) {
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_TIMEOUT);
    List<String> values = new ArrayList<>();
    long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
    while (!reached(consumer, end)) {
      assertThat(System.nanoTime()).as("read up to %s in time", end).isLessThan(deadline);
      for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
        values.add(record.value());
      }
    }
    return values;
  }

  private static boolean reached(
      KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> end) {
    if (!consumer.assignment().containsAll(end.keySet())) {
      return false;
    }
    for (var entry : end.entrySet()) {
      if (consumer.position(entry.getKey(), READ_TIMEOUT) < entry.getValue()) {
        return false;
      }
    }
    return true;
  }

  /**
   * The local addresses of the listening TCP sockets on {@code port}, from /proc/net/tcp and
   * /proc/net/tcp6 (Linux), as hex as the kernel writes them: {@code 0100007F} is 127.0.0.1, {@code
   * 0000000000000000FFFF00000100007F} is 127.0.0.1 on a dual-stack socket, zeros are the wildcard.
   */
  static List<String> listeningAddresses(int port) {
    String hexPort = String.format(Locale.ROOT, "%04X", port);
    List<String> addresses = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path path = Path.of(table);
      if (!Files.exists(path)) {
        continue;
      }
      List<String> lines;
      try {
        lines = Files.readAllLines(path);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      for (String line : lines.subList(1, lines.size())) {
        List<String> fields = WHITESPACE.splitAsStream(line.trim()).toList();
        String local = fields.get(1); // ADDRESS:PORT
        int colon = local.indexOf(':');
        boolean listening = fields.get(3).equals("0A");
        if (listening && local.substring(colon + 1).equals(hexPort)) {
          addresses.add(local.substring(0, colon));
        }
      }
    }
    return addresses;
  }

  static boolean isLoopbackHex(String hex) {
    return hex.equals("0100007F") || hex.equals("0000000000000000FFFF00000100007F");
  }

  /** This machine's IPv4 addresses other than loopback (to check nothing answers on them). */
  static List<InetAddress> nonLoopbackAddresses() {
    List<InetAddress> addresses = new ArrayList<>();
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
            addresses.add(address);
          }
        }
      }
    } catch (SocketException e) {
      throw new UncheckedIOException(e);
    }
    return addresses;
  }
}
