package org.cricketstream.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.cricketstream.config.KafkaClientProperties;

/**
 * How a Kafka cluster is doing, as its brokers say: which brokers are up, which is the active
 * controller, and how many partitions have fewer copies in sync than they have replicas (under
 * replicated: a broker is down or catching up) or no leader at all (offline). Also who the members
 * of a consumer group are and which partitions each holds: the processor's instances.
 */
public final class ClusterHealth {
  private static final long TIMEOUT_SECONDS = 30;

  private ClusterHealth() {}

  /** A broker: its id and address. */
  public record Broker(int id, String address) {}

  /**
   * The cluster now.
   *
   * @param brokers the brokers that are up, by id
   * @param controller the active controller's id, or -1 when none is known
   * @param partitions partitions of every topic, internal ones included
   * @param underReplicated partitions whose in-sync copies are fewer than their replicas
   * @param offline partitions without a leader
   */
  public record State(
      List<Broker> brokers, int controller, int partitions, int underReplicated, int offline) {}

  /**
   * A member of a consumer group.
   *
   * @param clientId its client id (Kafka Streams: the instance's id and stream thread)
   * @param host where it connects from
   * @param partitions the partitions it holds, as {@code topic-partition}
   */
  public record Member(String clientId, String host, List<String> partitions) {}

  /** The cluster behind {@code bootstrapServers} now. */
  public static State state(String bootstrapServers, KafkaClientProperties client) {
    return TopicAdmin.ask(
        bootstrapServers,
        client,
        Duration.ofSeconds(TIMEOUT_SECONDS),
        "describe the cluster",
        admin -> {
          DescribeClusterResult cluster = admin.describeCluster();
          List<Broker> brokers = new ArrayList<>();
          for (Node node : cluster.nodes().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            brokers.add(new Broker(node.id(), node.host() + ":" + node.port()));
          }
          brokers.sort(java.util.Comparator.comparingInt(Broker::id));
          Node controller = cluster.controller().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
          Set<String> names =
              admin
                  .listTopics(new ListTopicsOptions().listInternal(true))
                  .names()
                  .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
          Collection<TopicDescription> topics =
              admin
                  .describeTopics(names)
                  .allTopicNames()
                  .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                  .values();
          int partitions = 0;
          int under = 0;
          int offline = 0;
          for (TopicDescription topic : topics) {
            for (TopicPartitionInfo p : topic.partitions()) {
              partitions++;
              if (p.isr().size() < p.replicas().size()) {
                under++;
              }
              if (p.leader() == null || p.leader().isEmpty()) {
                offline++;
              }
            }
          }
          return new State(
              List.copyOf(brokers),
              controller == null || controller.isEmpty() ? -1 : controller.id(),
              partitions,
              under,
              offline);
        });
  }

  /** The members of consumer group {@code group} (a Kafka Streams application id) now. */
  public static List<Member> members(
      String bootstrapServers, KafkaClientProperties client, String group) {
    return TopicAdmin.ask(
        bootstrapServers,
        client,
        Duration.ofSeconds(TIMEOUT_SECONDS),
        "describe consumer group " + group,
        admin -> {
          ConsumerGroupDescription description =
              admin
                  .describeConsumerGroups(List.of(group))
                  .describedGroups()
                  .get(group)
                  .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
          List<Member> members = new ArrayList<>();
          for (MemberDescription m : description.members()) {
            Set<String> held = new TreeSet<>();
            m.assignment().topicPartitions().forEach(tp -> held.add(tp.toString()));
            members.add(new Member(m.clientId(), m.host(), List.copyOf(held)));
          }
          members.sort(java.util.Comparator.comparing(Member::clientId));
          return List.copyOf(members);
        });
  }
}
