package org.cricketstream.cli.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.cricketstream.sources.connect.ConnectWorker;
import org.cricketstream.stack.LocalKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Kafka Connect worker whose connector's task fails: the failure is read from the REST API
 * with the first line of its error, and the supervisor restarts the task through the REST API.
 */
class ConnectorWatchIT {
  @TempDir Path dir;

  @Test
  void aFailedTaskIsShownWithItsErrorAndRestarted() throws Exception {
    StringWriter said = new StringWriter();
    SupervisorSettings settings =
        new SupervisorSettings(
            5,
            Duration.ofMinutes(10),
            Duration.ofSeconds(1),
            Duration.ofSeconds(8),
            Duration.ofSeconds(1),
            Duration.ofSeconds(10),
            1 << 20,
            2,
            SupervisorSettings.Jit.TIERED,
            List.of());
    try (LocalKafka kafka = LocalKafka.start(dir.resolve("kafka"), LocalKafka.freePort());
        ConnectWorker worker =
            ConnectWorker.start(kafka.bootstrapServers(), "watch-it", LocalKafka.freePort())) {
      String rest = worker.restUrl();
      HttpResponse<String> put =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(rest + "connectors/poison/config"))
                      .header("Content-Type", "application/json")
                      .PUT(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"connector.class\":\""
                                  + PoisonSourceConnector.class.getName()
                                  + "\",\"tasks.max\":\"1\"}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(put.statusCode()).as(put.body()).isLessThan(300);

      // what status shows: the failed task, with the first line of its trace
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> ConnectorWatch.read(rest).stream().anyMatch(ConnectorWatch.Connector::failed));
      ConnectorWatch.Connector failed = ConnectorWatch.read(rest).get(0);
      assertThat(failed.name()).isEqualTo("poison");
      assertThat(failed.failures())
          .containsExactly(
              "task 0: org.apache.kafka.connect.errors.ConnectException: poison record at offset 42");

      try (Supervisor supervisor =
          new Supervisor(new StackHome(dir.resolve("home")), settings, new PrintWriter(said))) {
        supervisor.watchConnectors(rest);
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    said.toString().contains("running again")
                        && ConnectorWatch.read(rest).stream()
                            .noneMatch(ConnectorWatch.Connector::failed));
        assertThat(said.toString())
            .contains(
                "connector poison FAILED: task 0: org.apache.kafka.connect.errors.ConnectException:"
                    + " poison record at offset 42; restarting it (restart 1;");
        @SuppressWarnings("unchecked")
        Map<String, Object> poison =
            (Map<String, Object>)
                ((Map<String, Object>) supervisor.status().get("connectors")).get("poison");
        assertThat(poison).containsEntry("restarts", 1).containsEntry("failures", List.of());
        assertThat(ConnectorWatch.read(rest).get(0).state()).isEqualTo("RUNNING");
      }
    }
  }
}
