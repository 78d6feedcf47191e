package org.cricketstream.topics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The build check on the clean topics' schemas: the committed schema of each topic's declared
 * version matches the value class, and every version can read the data of the version before.
 */
class TopicSchemasTest {

  static Stream<Topic<String, ?>> versionedTopics() {
    return Stream.concat(Topics.clean().stream(), Stream.of(Topics.DEAD_LETTERS));
  }

  @ParameterizedTest
  @MethodSource("versionedTopics")
  void theDeclaredSchemaVersionDescribesTheValueClass(Topic<String, ?> topic) throws IOException {
    JsonNode generated = SchemaGenerator.schemaOf(valueType(topic));
    JsonNode committed = Schemas.load(topic.name(), topic.schemaVersion());
    if (!generated.equals(committed)) {
      int next = committed == null ? topic.schemaVersion() : topic.schemaVersion() + 1;
      Path proposal = Path.of("target", Schemas.resource(topic.name(), next));
      Files.createDirectories(proposal.getParent());
      Files.writeString(
          proposal, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(generated));
      throw new AssertionError(
          "the value of topic '"
              + topic.name()
              + "' no longer matches "
              + Schemas.resource(topic.name(), topic.schemaVersion())
              + ". If the change is intended, copy "
              + proposal.toAbsolutePath()
              + " to src/main/resources/"
              + Schemas.resource(topic.name(), next)
              + " and declare version "
              + next
              + " in Topics; the compatibility test then checks the new version can read the old.");
    }
  }

  @ParameterizedTest
  @MethodSource("versionedTopics")
  void everySchemaVersionCanReadTheDataOfTheVersionBefore(Topic<String, ?> topic) {
    for (int version = 2; version <= topic.schemaVersion(); version++) {
      JsonNode older = Schemas.load(topic.name(), version - 1);
      JsonNode newer = Schemas.load(topic.name(), version);
      assertThat(SchemaCompatibility.backwardProblems(older, newer))
          .as("%s v%d reading v%d data", topic.name(), version, version - 1)
          .isEmpty();
    }
    assertThat(Schemas.load(topic.name(), topic.schemaVersion() + 1))
        .as("a schema version beyond the one declared in Topics")
        .isNull();
  }

  @Test
  void removingAPropertyIsIncompatible() {
    ObjectNode older = objectSchema();
    ObjectNode newer = older.deepCopy();
    ((ObjectNode) newer.get("properties")).remove("runs");
    assertThat(SchemaCompatibility.backwardProblems(older, newer))
        .containsExactly("$: property 'runs' removed");
  }

  @Test
  void addingAnOptionalPropertyIsCompatibleButRequiringItIsNot() {
    ObjectNode older = objectSchema();
    ObjectNode newer = older.deepCopy();
    ((ObjectNode) newer.get("properties"))
        .putObject("venue")
        .putArray("type")
        .add("string")
        .add("null");
    assertThat(SchemaCompatibility.backwardProblems(older, newer)).isEmpty();
    newer.withArray("required").add("venue");
    assertThat(SchemaCompatibility.backwardProblems(older, newer))
        .containsExactly("$: 'venue' is required now but was not before");
  }

  @Test
  void wideningATypeIsCompatibleNarrowingIsNot() {
    ObjectNode older = objectSchema();
    ObjectNode wider = older.deepCopy();
    ((ObjectNode) wider.at("/properties/runs")).putArray("type").add("integer").add("null");
    assertThat(SchemaCompatibility.backwardProblems(older, wider)).isEmpty();
    assertThat(SchemaCompatibility.backwardProblems(wider, older))
        .containsExactly("$.runs: type narrowed from [null, integer] to [integer]");
  }

  private static ObjectNode objectSchema() {
    ObjectNode schema = Json.MAPPER.createObjectNode();
    schema.put("type", "object");
    schema.putObject("properties").putObject("runs").put("type", "integer");
    schema.putArray("required").add("runs");
    schema.put("additionalProperties", false);
    return schema;
  }

  private static Class<?> valueType(Topic<String, ?> topic) {
    Serde<?> serde = topic.valueSerde();
    return ((JsonSerde<?>) serde).type();
  }
}
