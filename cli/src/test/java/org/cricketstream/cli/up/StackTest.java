package org.cricketstream.cli.up;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackTest {
  @Test
  void anExternalAddressIsPrintedWithoutItsPassword() {
    assertThat(
            Stack.withoutPassword(
                "jdbc:postgresql://db.x.supabase.co:5432/postgres?user=me&password=s3cr3t&ssl=true"))
        .isEqualTo(
            "jdbc:postgresql://db.x.supabase.co:5432/postgres?user=me&password=***&ssl=true");
    assertThat(Stack.withoutPassword("mongodb+srv://me:s3cr3t@cluster0.mongodb.net/cricket"))
        .isEqualTo("mongodb+srv://me:***@cluster0.mongodb.net/cricket");
    assertThat(Stack.withoutPassword("jdbc:postgresql://127.0.0.1:5432/cricket"))
        .isEqualTo("jdbc:postgresql://127.0.0.1:5432/cricket");
  }

  @Test
  void everyComponentOfAStackGetsAPortOfItsOwn(@TempDir Path dir) throws Exception {
    Map<String, Integer> drawn = StackHome.freePorts();
    assertThat(drawn.keySet()).containsExactlyElementsOf(StackHome.DEFAULT_PORTS.keySet());
    assertThat(Set.copyOf(drawn.values())).hasSameSizeAs(drawn.values());

    StackHome home = new StackHome(dir);
    Map<String, Integer> ports = home.ports();
    assertThat(Set.copyOf(ports.values())).hasSameSizeAs(ports.values());
    // a component beyond the defaults never takes one of theirs, though it is free while the
    // stack is down
    int kafka = ports.get("kafka");
    assertThat(StackHome.free(kafka)).isTrue();
    assertThat(home.port("kafka-2", kafka)).isNotIn(ports.values());
  }

  @Test
  void aHomeKeepsTheSizeOfItsKafkaClusterAndThePortsOfEachNode(@TempDir Path dir) throws Exception {
    StackHome home = new StackHome(dir);
    assertThat(Stack.scaleProblems(home, options(Map.of(), new Stack.Scale(3, 2, 2, 1)))).isEmpty();
    String id = home.kafkaCluster(3);
    assertThat(home.kafkaCluster(3)).isEqualTo(id);
    int port = home.port("kafka-2", 0);
    assertThat(home.port("kafka-2", 1)).isEqualTo(port);
    // the default ports saved later keep the others'
    home.ports();
    assertThat(home.port("kafka-2", 1)).isEqualTo(port);

    assertThat(Stack.scaleProblems(home, options(Map.of(), Stack.Scale.ONE)))
        .containsExactly(
            "--brokers 1: the Kafka of --home "
                + dir
                + " is a cluster of 3 brokers, and a cluster keeps its size here: give --brokers 3,"
                + " or another --home");

    // a home from before clusters: a single broker's data, no record of its size
    StackHome old = new StackHome(dir.resolve("old"));
    Files.createDirectories(old.resolve("kafka", "logs"));
    Files.writeString(old.resolve("kafka", "logs", "meta.properties"), "cluster.id=x\n");
    assertThat(old.kafkaClusterProblem(1)).isEmpty();
    assertThat(old.kafkaClusterProblem(3)).get().asString().contains("is a single broker");
  }

  @Test
  void severalSinksNeedPostgresAndAClusterNeedsNoExternalKafka(@TempDir Path dir) {
    StackHome home = new StackHome(dir);
    assertThat(Stack.scaleProblems(home, options(Map.of(), new Stack.Scale(1, 1, 1, 2))))
        .singleElement()
        .asString()
        .startsWith("--sinks 2: a DuckDB warehouse has one writer");
    assertThat(
            Stack.scaleProblems(
                home,
                options(
                    Map.of("WAREHOUSE_URL", "jdbc:postgresql://127.0.0.1:5432/w"),
                    new Stack.Scale(1, 1, 1, 2))))
        .isEmpty();
    assertThat(
            Stack.scaleProblems(
                home,
                options(
                    Map.of("KAFKA_BOOTSTRAP_SERVERS", "broker:9092"), new Stack.Scale(3, 1, 1, 1))))
        .singleElement()
        .asString()
        .startsWith("--brokers 3 starts a cluster here, but KAFKA_BOOTSTRAP_SERVERS names one");
  }

  private static Stack.Options options(Map<String, String> env, Stack.Scale scale) {
    return new Stack.Options(List.of(), 0, 0, 1, Stack.Aws.EMBEDDED, false, env, scale);
  }
}
