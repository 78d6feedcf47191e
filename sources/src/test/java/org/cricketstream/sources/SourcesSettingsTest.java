package org.cricketstream.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SourcesSettingsTest {
  @Test
  void debeziumCapturesAsItsOwnRoleWhenOneIsGivenElseAsTheApplication() {
    SourcesSettings own =
        SourcesSettings.fromEnvironment(
            Map.of(
                "POSTGRES_USER", "app",
                "POSTGRES_PASSWORD", "app-pw",
                "POSTGRES_CAPTURE_USER", "capture",
                "POSTGRES_CAPTURE_PASSWORD", "capture-pw"));
    assertThat(own.connectorValues())
        .containsEntry("PG_USER", "capture")
        .containsEntry("PG_PASSWORD", "capture-pw");
    SourcesSettings shared =
        SourcesSettings.fromEnvironment(Map.of("POSTGRES_USER", "app", "POSTGRES_PASSWORD", "pw"));
    assertThat(shared.connectorValues())
        .containsEntry("PG_USER", "app")
        .containsEntry("PG_PASSWORD", "pw");
  }

  @Test
  void secretsReachTheConnectorsAsReferencesToTheWorkersEnvironment() {
    Map<String, String> env =
        Map.of(
            "MONGO_URI", "mongodb+srv://me:s3cr3t@cluster0.example.net",
            "POSTGRES_USER", "app",
            "POSTGRES_PASSWORD", "app-pw",
            "POSTGRES_CAPTURE_USER", "capture",
            "POSTGRES_CAPTURE_PASSWORD", "capture-pw");
    assertThat(SourcesSettings.fromEnvironment(env).connectorValuesByReference(env))
        .containsEntry("MONGO_URI", "${env:MONGO_URI}")
        .containsEntry("PG_USER", "capture")
        .containsEntry("PG_PASSWORD", "${env:POSTGRES_CAPTURE_PASSWORD}")
        .doesNotContainValue("capture-pw");
    Map<String, String> shared = Map.of("POSTGRES_PASSWORD", "app-pw");
    assertThat(SourcesSettings.fromEnvironment(shared).connectorValuesByReference(shared))
        .containsEntry("PG_PASSWORD", "${env:POSTGRES_PASSWORD}")
        .containsEntry("MONGO_URI", "mongodb://127.0.0.1:27017");
    // no password at all: nothing to refer to
    assertThat(SourcesSettings.fromEnvironment(Map.of()).connectorValuesByReference(Map.of()))
        .containsEntry("PG_PASSWORD", "");
  }
}
