package org.cricketstream.topics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The build check on the clean topics' schemas: the committed schema of each topic's declared
 * version matches the value class, and every version can read the data of the version before.
 */
class TopicSchemasTest {

  static Stream<Topic<String, ?>> versionedTopics() {
    return Stream.concat(
        Topics.clean().stream(),
        Stream.of(Topics.DEAD_LETTERS, Topics.S3_PUBLISHED, Topics.HEARTBEATS));
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

  /** Every committed version after the first, with its topic: one case per schema change. */
  static Stream<Arguments> schemaChanges() {
    return versionedTopics()
        .flatMap(
            topic ->
                IntStream.rangeClosed(2, topic.schemaVersion())
                    .mapToObj(version -> Arguments.of(topic.name(), version)));
  }

  @Test
  void someTopicHasChangedItsSchemaSoTheCompatibilityCheckRunsOnRealVersions() {
    assertThat(schemaChanges()).isNotEmpty();
  }

  @ParameterizedTest(name = "{0} v{1} reads v{1}-1 data")
  @MethodSource("schemaChanges")
  void everySchemaVersionCanReadTheDataOfTheVersionBefore(String topic, int version) {
    JsonNode older = Schemas.load(topic, version - 1);
    JsonNode newer = Schemas.load(topic, version);
    assertThat(older).as("committed %s", Schemas.resource(topic, version - 1)).isNotNull();
    assertThat(newer).as("committed %s", Schemas.resource(topic, version)).isNotNull();
    assertThat(SchemaCompatibility.backwardProblems(older, newer)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("versionedTopics")
  void noSchemaVersionBeyondTheOneDeclared(Topic<String, ?> topic) {
    assertThat(Schemas.load(topic.name(), topic.schemaVersion() + 1))
        .as("a schema version beyond the one declared in Topics")
        .isNull();
  }

  /**
   * The check is not vacuous on the real schemas: a next version that drops any property of the
   * declared one is reported, naming the property.
   */
  @ParameterizedTest
  @MethodSource("versionedTopics")
  void droppingAnyPropertyOfTheDeclaredSchemaIsReported(Topic<String, ?> topic) {
    JsonNode declared = Schemas.current(topic);
    List<String> properties = new ArrayList<>();
    declared.get("properties").fieldNames().forEachRemaining(properties::add);
    assertThat(properties).isNotEmpty();
    for (String property : properties) {
      ObjectNode next = declared.deepCopy();
      ((ObjectNode) next.get("properties")).remove(property);
      assertThat(SchemaCompatibility.backwardProblems(declared, next))
          .as("%s without '%s'", topic.name(), property)
          .contains("$: property '" + property + "' removed");
    }
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
