package org.cricketstream.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cricketstream.stack.KafkaTestClients.producer;
import static org.cricketstream.stack.KafkaTestClients.readAll;

import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class KafkaForTestsIT {
  @Test
  void sharesOneBrokerPerJvmAndCreatesTopicsOnce() throws Exception {
    String topic = KafkaForTests.uniqueName("shared");
    KafkaForTests.createTopics(new NewTopic(topic, 2, (short) 1));
    KafkaForTests.createTopics(new NewTopic(topic, 2, (short) 1)); // already there: no error
    KafkaForTests.createTopics(KafkaForTests.uniqueName("plain"));

    assertThat(KafkaForTests.broker()).isSameAs(KafkaForTests.broker());
    assertThat(KafkaForTests.bootstrapServers()).startsWith("127.0.0.1:");
    assertThat(KafkaForTests.clientConfig())
        .containsEntry("bootstrap.servers", KafkaForTests.bootstrapServers());

    try (KafkaProducer<String, String> producer =
        producer(KafkaForTests.bootstrapServers(), Map.of())) {
      producer.send(new ProducerRecord<>(topic, "k", "v")).get();
    }
    assertThat(readAll(KafkaForTests.bootstrapServers(), topic, "read_committed"))
        .containsExactly("v");
  }
}
