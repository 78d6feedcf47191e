package org.cricketstream.sources.connect;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.distributed.DistributedHerder;
import org.cricketstream.config.KafkaClientProperties;
import org.cricketstream.topics.Replication;
import org.cricketstream.topics.TopicAdmin;
import org.cricketstream.topics.Topics;

/**
 * A Kafka Connect worker in distributed mode, in this JVM: its configs, offsets and status live in
 * Kafka topics, so a restarted worker (or another one in the same group) carries on where it
 * stopped. The connectors it runs are on the class path, found by their service manifests ({@code
 * plugin.discovery=service_load}; this module declares the two plugins whose jars declare none, the
 * MongoDB connector and {@link OversizeRecords}).
 */
public final class ConnectWorker implements AutoCloseable {
  private final Connect<DistributedHerder> connect;

  private ConnectWorker(Connect<DistributedHerder> connect) {
    this.connect = connect;
  }

  /**
   * As {@link #start(String, KafkaClientProperties, String, int)} with no client properties (a
   * PLAINTEXT listener such as the local broker's).
   */
  public static ConnectWorker start(String bootstrapServers, String groupId, int restPort) {
    return start(bootstrapServers, KafkaClientProperties.NONE, groupId, restPort);
  }

  /**
   * Starts a worker of group {@code groupId} against {@code bootstrapServers}, serving its REST API
   * on 127.0.0.1:{@code restPort} (0: a free port). {@code client}'s properties (TLS, SASL) are
   * given to the worker's own clients (its config, offset and status topics, group membership) and,
   * prefixed, to the clients it makes for the connectors: {@code producer.} (source records, the
   * MongoDB connector's dead letters), {@code consumer.} and {@code admin.} (topic creation). The
   * Debezium PostgreSQL and MongoDB source connectors make no Kafka clients of their own.
   */
  public static ConnectWorker start(
      String bootstrapServers, KafkaClientProperties client, String groupId, int restPort) {
    Map<String, String> props = new HashMap<>();
    props.put("bootstrap.servers", bootstrapServers);
    client.applyTo(props, "producer.", "consumer.", "admin.");
    props.put("group.id", groupId);
    props.put("config.storage.topic", groupId + ".configs");
    props.put("offset.storage.topic", groupId + ".offsets");
    props.put("status.storage.topic", groupId + ".status");
    // the worker's own topics are replicated as the catalogue's (by the cluster's size); topic
    // settings under each prefix are given to the topic when the worker creates it (KIP-605)
    Replication replication = TopicAdmin.replication(bootstrapServers, client);
    for (String topic : List.of("config", "offset", "status")) {
      props.put(topic + ".storage.replication.factor", Short.toString(replication.factor()));
      replication
          .topicConfig()
          .forEach((key, value) -> props.put(topic + ".storage." + key, value));
    }
    // Exactly-once source support (KIP-618) stays off: with it, a Debezium task started again after
    // the broker was held down for 3 minutes found no committed offsets and took a new snapshot,
    // whose rows come in heap order, not commit order, and put ODI balls out of order (seen with
    // ./cricket chaos, broker-paused). The worker's plain offset flushes (every second) are read
    // back by every new task; a repeat after a crash is removed by the processor.
    props.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
    props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    props.put("listeners", "http://127.0.0.1:" + restPort);
    // connector configurations refer to secrets as ${env:NAME} (SourcesSettings): resolved here,
    // in the worker's memory, and never written to the config topic
    props.put("config.providers", "env");
    props.put(
        "config.providers.env.class",
        "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
    props.put("rest.advertised.host.name", "127.0.0.1");
    // Not only_scan: that reads every class of every jar on the class path (about 600 jars) at
    // start, and held 200 MB of Connect's heap while it did (its heap's peak in bench e2e: 371 of
    // 384 MB, then given back slowly); the service manifests name the plugins outright.
    props.put("plugin.discovery", "service_load");
    // Source offsets (resume tokens, LSNs) are flushed often, so a crash re-reads little.
    props.put("offset.flush.interval.ms", "1000");
    props.put("scheduled.rebalance.max.delay.ms", "0");
    props.put("producer.enable.idempotence", "true");
    // batches of captured changes instead of one request per record: 1.7 times the ODI rows per
    // second into the raw topic (bench sources: 833 -> 1,427 at 4 sessions), for at most 20 ms
    props.put("producer.linger.ms", "20");
    props.put("producer.batch.size", String.valueOf(1024 * 1024));
    // as large as a raw topic takes (OversizeRecords turns anything larger into a marker first)
    props.put("producer.max.request.size", String.valueOf(Topics.RAW_MAX_MESSAGE_BYTES));
    Connect<DistributedHerder> connect = new ConnectDistributed().startConnect(props);
    return new ConnectWorker(connect);
  }

  /** The worker's REST endpoint, e.g. http://127.0.0.1:8083/. */
  public String restUrl() {
    return connect.rest().advertisedUrl().toString();
  }

  @Override
  public void close() {
    connect.stop();
    connect.awaitStop();
  }
}
