package org.cricketstream.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartition;
import org.cricketstream.config.KafkaClientProperties;
import org.cricketstream.stack.LocalKafka;
import org.cricketstream.topics.TopicAdmin;
import org.cricketstream.topics.Topics;
import org.cricketstream.warehouse.sink.TopicLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A topic deleted on a real broker while the sink reads it is named in the sink's error. */
class TopicLogsIT {
  @TempDir Path dir;

  @Test
  @Timeout(180)
  void aTopicDeletedUnderTheSinkIsNamedAsGone() throws Exception {
    List<String> read = List.of(Topics.MATCHES.name(), Topics.DELIVERIES.name());
    try (LocalKafka kafka = LocalKafka.start(dir.resolve("kafka"));
        TopicLogs logs = new TopicLogs(kafka.bootstrapServers(), KafkaClientProperties.NONE);
        Admin admin =
            Admin.create(
                Map.<String, Object>of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      TopicAdmin.ensure(kafka.bootstrapServers(), List.of(Topics.MATCHES, Topics.DELIVERIES));
      assertThat(logs.ids(read)).containsOnlyKeys(read);

      admin.deleteTopics(List.of(Topics.DELIVERIES.name())).all().get();
      // the deletion reaches the metadata the sink's Admin client reads a moment later
      IllegalStateException failure = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (failure == null) {
        try {
          logs.live(read);
          assertThat(System.nanoTime()).as("the deletion seen in time").isLessThan(deadline);
          Thread.sleep(200);
        } catch (IllegalStateException e) {
          failure = e;
        }
      }
      assertThat(failure)
          .hasMessageStartingWith(
              "topic deliveries is gone from Kafka on "
                  + kafka.bootstrapServers()
                  + " (deleted while the sink read it?)");

      // the lag report, asked about a partition of a topic Kafka does not have, names the topic
      TopicPartition never = new TopicPartition("deliveries-never-made", 0);
      assertThatThrownBy(() -> logs.behind(Map.of(never, 0L)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith(
              "topic deliveries-never-made is gone from Kafka on " + kafka.bootstrapServers());
    }
  }
}
