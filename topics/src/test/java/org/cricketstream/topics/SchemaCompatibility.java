package org.cricketstream.topics;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Backward compatibility of two versions of a JSON Schema, as schema registries define it: a
 * consumer that reads with the newer schema can read every value written with the older one. So the
 * newer schema may add optional properties and widen types; it may not remove a property, require
 * one the older did not, narrow a type or drop an enum value. Covers the subset of JSON Schema our
 * generated schemas use: type, properties, required, items, additionalProperties, enum,
 * $ref/definitions.
 */
public final class SchemaCompatibility {
  private SchemaCompatibility() {}

  /** Every reason the newer schema cannot read data of the older one; empty when compatible. */
  public static List<String> backwardProblems(JsonNode older, JsonNode newer) {
    List<String> problems = new ArrayList<>();
    compare(older, older, newer, newer, "$", problems, new HashSet<>());
    return problems;
  }

  private static void compare(
      JsonNode oldRoot,
      JsonNode oldSchema,
      JsonNode newRoot,
      JsonNode newSchema,
      String path,
      List<String> problems,
      Set<String> visited) {
    Set<String> oldTypes = new HashSet<>();
    Set<String> newTypes = new HashSet<>();
    JsonNode older = flatten(oldRoot, oldSchema, oldTypes);
    JsonNode newer = flatten(newRoot, newSchema, newTypes);
    String pair =
        path + "|" + System.identityHashCode(older) + "|" + System.identityHashCode(newer);
    if (!visited.add(pair)) {
      return;
    }
    if (!newTypes.isEmpty() && !newTypes.containsAll(oldTypes)) {
      problems.add(path + ": type narrowed from " + oldTypes + " to " + newTypes);
    }
    if (newer.has("enum")) {
      Set<String> newValues = texts(newer.get("enum"));
      for (String value : texts(older.path("enum"))) {
        if (!newValues.contains(value)) {
          problems.add(path + ": enum value '" + value + "' removed");
        }
      }
    }
    Set<String> oldRequired = texts(older.path("required"));
    for (String required : texts(newer.path("required"))) {
      if (!oldRequired.contains(required)) {
        problems.add(path + ": '" + required + "' is required now but was not before");
      }
    }
    JsonNode oldProperties = older.path("properties");
    JsonNode newProperties = newer.path("properties");
    boolean closed =
        newer.path("additionalProperties").isBoolean()
            && !newer.path("additionalProperties").asBoolean();
    for (Iterator<String> names = oldProperties.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (newProperties.has(name)) {
        compare(
            oldRoot,
            oldProperties.get(name),
            newRoot,
            newProperties.get(name),
            path + "." + name,
            problems,
            visited);
      } else if (closed) {
        problems.add(path + ": property '" + name + "' removed");
      }
    }
    if (older.has("items") && newer.has("items")) {
      compare(
          oldRoot, older.get("items"), newRoot, newer.get("items"), path + "[]", problems, visited);
    }
    if (older.path("additionalProperties").isObject()
        && newer.path("additionalProperties").isObject()) {
      compare(
          oldRoot,
          older.get("additionalProperties"),
          newRoot,
          newer.get("additionalProperties"),
          path + ".*",
          problems,
          visited);
    }
  }

  /**
   * Resolves references and {@code anyOf} unions (how nullable objects are written): collects every
   * type the schema admits into {@code types} and returns the alternative that carries structure.
   */
  private static JsonNode flatten(JsonNode root, JsonNode schema, Set<String> types) {
    JsonNode resolved = resolve(root, schema);
    types.addAll(types(resolved));
    if (!resolved.has("anyOf")) {
      return resolved;
    }
    JsonNode structure = resolved;
    for (JsonNode alternative : resolved.get("anyOf")) {
      JsonNode flat = flatten(root, alternative, types);
      if (flat.has("properties")
          || flat.has("items")
          || flat.has("enum")
          || flat.has("additionalProperties")) {
        structure = flat;
      }
    }
    return structure;
  }

  /** Follows local references ({@code #/definitions/Name}) until a schema with content. */
  private static JsonNode resolve(JsonNode root, JsonNode schema) {
    JsonNode current = schema;
    for (int hops = 0; current.has("$ref") && hops < 32; hops++) {
      String ref = current.get("$ref").asText();
      if (!ref.startsWith("#")) {
        throw new IllegalArgumentException("only local references are supported: " + ref);
      }
      JsonNode target = root.at(ref.substring(1));
      if (target.isMissingNode()) {
        throw new IllegalArgumentException("unresolved reference " + ref);
      }
      current = target;
    }
    return current;
  }

  private static Set<String> types(JsonNode schema) {
    JsonNode type = schema.get("type");
    Set<String> types = new HashSet<>();
    if (type == null) {
      return types;
    }
    if (type.isArray()) {
      type.forEach(t -> types.add(t.asText()));
    } else {
      types.add(type.asText());
    }
    if (types.contains("number")) {
      types.add("integer");
    }
    return types;
  }

  private static Set<String> texts(JsonNode array) {
    Set<String> texts = new HashSet<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }
}
