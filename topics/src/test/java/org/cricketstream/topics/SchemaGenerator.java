package org.cricketstream.topics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;

/**
 * Generates the JSON Schema of a clean-topic value class, the way the committed schemas were made.
 */
final class SchemaGenerator {
  private static final com.github.victools.jsonschema.generator.SchemaGenerator GENERATOR;

  static {
    SchemaGeneratorConfigBuilder config =
        new SchemaGeneratorConfigBuilder(
                Json.MAPPER, SchemaVersion.DRAFT_7, OptionPreset.PLAIN_JSON)
            .with(Option.NULLABLE_FIELDS_BY_DEFAULT)
            .with(Option.MAP_VALUES_AS_ADDITIONAL_PROPERTIES)
            .with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT)
            .with(Option.DEFINITIONS_FOR_ALL_OBJECTS);
    // Primitive fields always have a value: they are required. Everything else may be null.
    config.forFields().withRequiredCheck(field -> field.getType().isPrimitive());
    config.forFields().withNullableCheck(field -> !field.getType().isPrimitive());
    GENERATOR = new com.github.victools.jsonschema.generator.SchemaGenerator(config.build());
  }

  private SchemaGenerator() {}

  static ObjectNode schemaOf(Class<?> type) {
    return GENERATOR.generateSchema(type);
  }
}
