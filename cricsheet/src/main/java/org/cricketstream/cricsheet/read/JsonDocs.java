package org.cricketstream.cricsheet.read;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Parses JSON into a {@link DocNode} tree, keeping the line of every value. */
final class JsonDocs {
  /** Deepest nesting read; a Cricsheet document nests about eight levels (see YamlDocs). */
  static final int MAX_DEPTH = YamlDocs.MAX_DEPTH;

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder().maxDocumentLength(MatchText.MAX_BYTES).build())
          .build();

  private JsonDocs() {}

  static DocNode parse(String origin, InputStream in) {
    return parse(origin, MatchText.read(origin, in));
  }

  static DocNode parse(String origin, String text) {
    try (JsonParser parser = FACTORY.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new CricsheetFormatException(origin, "line 1", "empty document");
      }
      DocNode root = read(origin, parser, DocNode.At.ROOT, 1);
      if (root == null) {
        throw new CricsheetFormatException(origin, "line 1", "the document is null, not a match");
      }
      JsonToken trailing = parser.nextToken();
      if (trailing != null) {
        throw new CricsheetFormatException(
            origin, line(parser), "unexpected content after the document: " + trailing);
      }
      return root;
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "document" : "line " + e.getLocation().getLineNr();
      throw new CricsheetFormatException(
          origin, where, "not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + origin, e);
    }
  }

  private static String line(JsonParser parser) {
    return "line " + parser.currentTokenLocation().getLineNr();
  }

  private static DocNode read(String origin, JsonParser parser, DocNode.At path, int depth)
      throws IOException {
    int line = parser.currentTokenLocation().getLineNr();
    JsonToken token = parser.currentToken();
    if (depth > MAX_DEPTH && (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY)) {
      throw new CricsheetFormatException(
          origin,
          "line " + line,
          "nested more than " + MAX_DEPTH + " levels deep (a Cricsheet match nests about 8)");
    }
    return switch (token) {
      case START_OBJECT -> readMap(origin, parser, path, line, depth);
      case START_ARRAY -> readList(origin, parser, path, line, depth);
      case VALUE_NULL -> null;
      case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE ->
          new DocNode.Scalar(origin, path, line, parser.getText());
      default ->
          throw new CricsheetFormatException(
              origin, "line " + line, "unexpected JSON token " + token);
    };
  }

  private static DocNode.MapNode readMap(
      String origin, JsonParser parser, DocNode.At path, int line, int depth) throws IOException {
    DocNode.MapNode map = new DocNode.MapNode(origin, path, line);
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      int keyLine = parser.currentTokenLocation().getLineNr();
      parser.nextToken();
      map.put(key, read(origin, parser, map.childPath(key), depth + 1), keyLine);
    }
    return map;
  }

  private static DocNode.ListNode readList(
      String origin, JsonParser parser, DocNode.At path, int line, int depth) throws IOException {
    DocNode.ListNode list = new DocNode.ListNode(origin, path, line);
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      int itemLine = parser.currentTokenLocation().getLineNr();
      list.add(read(origin, parser, list.childPath(list.items().size()), depth + 1), itemLine);
    }
    return list;
  }
}
