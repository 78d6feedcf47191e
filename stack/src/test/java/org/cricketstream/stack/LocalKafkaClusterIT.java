package org.cricketstream.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cricketstream.stack.KafkaTestClients.producer;
import static org.cricketstream.stack.KafkaTestClients.readAll;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.awaitility.Awaitility;
import org.cricketstream.config.KafkaClientProperties;
import org.cricketstream.topics.ClusterHealth;
import org.cricketstream.topics.TopicAdmin;
import org.cricketstream.topics.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real brokers on one machine, as {@code up --brokers 3} runs them (here in one JVM): all
 * three controllers of a static quorum; the project's topics get three copies with two in sync;
 * with one broker down, writes with {@code acks=all} go on and its partitions are under-replicated;
 * back on the same data, it catches up and none is. Stopped one by one, the last node stops too,
 * though no majority of controllers is left to approve its controlled shutdown.
 */
class LocalKafkaClusterIT {
  @TempDir Path dir;

  @Test
  void aClusterOfThreeKeepsWritingWithABrokerDownAndCatchesUpWhenItIsBack() throws Exception {
    List<LocalKafka.Node> nodes = new ArrayList<>();
    List<Integer> ports = LocalKafka.freePorts(6);
    for (int id = 1; id <= 3; id++) {
      nodes.add(new LocalKafka.Node(id, ports.get(2 * id - 2), ports.get(2 * id - 1)));
    }
    String clusterId = Uuid.randomUuid().toString();
    // each node waits for a majority of the controllers: start them together
    List<CompletableFuture<LocalKafka>> starting = new ArrayList<>();
    for (LocalKafka.Node node : nodes) {
      starting.add(
          CompletableFuture.supplyAsync(
              () ->
                  LocalKafka.startNode(dir.resolve("n" + node.id()), clusterId, nodes, node.id())));
    }
    List<LocalKafka> brokers = new ArrayList<>();
    try {
      for (CompletableFuture<LocalKafka> s : starting) {
        brokers.add(s.get(4, TimeUnit.MINUTES));
      }
      String bootstrap =
          String.join(",", brokers.stream().map(LocalKafka::bootstrapServers).toList());
      assertThat(LocalKafka.controllers(nodes)).hasSize(3);
      ClusterHealth.State state = ClusterHealth.state(bootstrap, KafkaClientProperties.NONE);
      assertThat(state.brokers()).extracting(ClusterHealth.Broker::id).containsExactly(1, 2, 3);
      assertThat(state.controller()).isIn(1, 2, 3);

      TopicAdmin.ensure(bootstrap, List.of(Topics.DELIVERIES));
      String topic = Topics.DELIVERIES.name();
      try (Admin admin = brokers.get(0).admin()) {
        TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        assertThat(d.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
        var config =
            admin
                .describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, topic)))
                .all()
                .get()
                .values()
                .iterator()
                .next();
        assertThat(config.get("min.insync.replicas").value()).isEqualTo("2");
      }

      // node 2 down: two copies stay in sync, so acks=all writes go on
      brokers.get(1).close();
      Awaitility.await()
          .atMost(Duration.ofMinutes(1))
          .until(
              () ->
                  ClusterHealth.state(bootstrap, KafkaClientProperties.NONE).underReplicated() > 0);
      try (KafkaProducer<String, String> producer =
          producer(bootstrap, Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
        for (int i = 0; i < 100; i++) {
          producer.send(new ProducerRecord<>(topic, "m" + (i % 7), "ball " + i)).get();
        }
      }

      // node 2 back on its data: it catches up, nothing under-replicated, every record there
      brokers.set(1, LocalKafka.startNode(dir.resolve("n2"), clusterId, nodes, nodes.get(1).id()));
      Awaitility.await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  ClusterHealth.state(bootstrap, KafkaClientProperties.NONE).underReplicated()
                      == 0);
      assertThat(ClusterHealth.state(bootstrap, KafkaClientProperties.NONE).brokers()).hasSize(3);
      assertThat(readAll(bootstrap, topic, "read_committed")).hasSize(100);

      // one by one: the last node has no majority of controllers left to approve its controlled
      // shutdown; it stops after its bounded wait for that, not after Kafka's 5 minutes
      long stopping = System.nanoTime();
      for (LocalKafka broker : brokers) {
        broker.close();
      }
      assertThat(Duration.ofNanos(System.nanoTime() - stopping))
          .isLessThan(LocalKafka.CONTROLLED_SHUTDOWN_TIMEOUT.plusSeconds(60));
    } finally {
      // those still running when the test failed, together (close is idempotent)
      brokers.stream()
          .map(b -> CompletableFuture.runAsync(b::close))
          .toList()
          .forEach(CompletableFuture::join);
    }
  }
}
