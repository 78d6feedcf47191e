package org.cricketstream.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cricketstream.topics.SchemaRegistry;
import org.cricketstream.topics.Schemas;
import org.cricketstream.topics.Topic;
import org.cricketstream.topics.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apicurio Registry as the stack runs it: the committed schemas of every versioned topic are
 * registered under BACKWARD compatibility, the registry refuses an incompatible next version with
 * its reason, accepts a compatible one, and keeps its subjects across a restart.
 */
class LocalRegistryIT {
  @TempDir Path dir;

  @Test
  @Timeout(600)
  void theCatalogueSchemasAreRegisteredAndTheRegistryEnforcesBackwardCompatibility()
      throws Exception {
    Path checkout = RegistryInstalled.checkout();
    Path data = dir.resolve("registry");
    Path log = dir.resolve("registry.log");
    List<Integer> ports = LocalKafka.freePorts(2);
    int port = ports.get(0);
    int management = ports.get(1);
    String password = "registry-it-password";
    Map<String, Integer> ids = new HashMap<>();
    try (LocalRegistry local =
        LocalRegistry.start(checkout, data, port, management, password, log)) {
      // a closed door: without the password, or with a wrong one, nothing is answered
      for (String wrong : new String[] {null, "wrong"}) {
        SchemaRegistry stranger =
            new SchemaRegistry(local.url(), wrong == null ? null : LocalRegistry.USER, wrong);
        assertThatThrownBy(stranger::subjects)
            .isInstanceOf(SchemaRegistry.SchemaRegistryException.class)
            .hasMessageContaining("HTTP 401");
      }
      SchemaRegistry registry = new SchemaRegistry(local.url(), LocalRegistry.USER, password);
      for (Topic<String, ?> topic : SchemaRegistry.registeredTopics()) {
        SchemaRegistry.Version version = registry.register(topic);
        assertThat(version.version()).as(topic.name()).isEqualTo(topic.schemaVersion());
        assertThat(registry.schema(version.id())).isEqualTo(Schemas.current(topic));
        assertThat(registry.compatibility(version.subject())).isEqualTo("BACKWARD");
        ids.put(version.subject(), version.id());
      }
      assertThat(registry.subjects())
          .containsExactlyInAnyOrderElementsOf(
              SchemaRegistry.registeredTopics().stream().map(SchemaRegistry::subjectOf).toList());
      // a second producer registering the same versions changes nothing
      for (Topic<String, ?> topic : SchemaRegistry.registeredTopics()) {
        assertThat(registry.register(topic).id())
            .isEqualTo(ids.get(SchemaRegistry.subjectOf(topic)));
      }

      // matches v3 that drops a property and retypes another: refused, with the registry's reason
      String subject = SchemaRegistry.subjectOf(Topics.MATCHES);
      ObjectNode incompatible = Schemas.current(Topics.MATCHES).deepCopy();
      ((ObjectNode) incompatible.get("properties")).remove("competition");
      ((ObjectNode) incompatible.get("properties")).putObject("venue").put("type", "integer");
      assertThat(registry.isCompatible(subject, incompatible)).isFalse();
      assertThatThrownBy(() -> registry.register(subject, incompatible, "matches v3 (test)"))
          .isInstanceOf(SchemaRegistry.SchemaRegistryException.class)
          .hasMessageContaining("refused matches v3 (test) for subject matches-value")
          .hasMessageContaining("Incompatible");
      assertThat(registry.latest(subject).version()).isEqualTo(Topics.MATCHES.schemaVersion());

      // a v3 that adds an optional property: accepted as the next version
      ObjectNode compatible = Schemas.current(Topics.MATCHES).deepCopy();
      ((ObjectNode) compatible.get("properties"))
          .putObject("attendance")
          .putArray("type")
          .add("integer")
          .add("null");
      assertThat(registry.isCompatible(subject, compatible)).isTrue();
      int v3 = registry.register(subject, compatible, "matches v3 (test)");
      assertThat(registry.latest(subject).version()).isEqualTo(Topics.MATCHES.schemaVersion() + 1);
      assertThat(registry.latest(subject).id()).isEqualTo(v3);
    }

    // its schemas are kept in the data folder: a restart on it has every subject and id
    try (LocalRegistry local =
        LocalRegistry.start(checkout, data, port, management, password, log)) {
      SchemaRegistry registry = new SchemaRegistry(local.url(), LocalRegistry.USER, password);
      for (Topic<String, ?> topic : SchemaRegistry.registeredTopics()) {
        String subject = SchemaRegistry.subjectOf(topic);
        JsonNode kept = registry.schema(ids.get(subject));
        assertThat(kept).as(subject).isEqualTo(Schemas.current(topic));
      }
      assertThat(registry.subjects()).hasSize(SchemaRegistry.registeredTopics().size());
      assertThat(registry.latest(SchemaRegistry.subjectOf(Topics.MATCHES)).version())
          .isEqualTo(Topics.MATCHES.schemaVersion() + 1);
    }
  }
}
