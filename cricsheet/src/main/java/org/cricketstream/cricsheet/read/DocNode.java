package org.cricketstream.cricsheet.read;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed JSON or YAML document as a tree that remembers, for every node, the file it came from,
 * its line and its key path. Scalars keep the exact text that was written, so a YAML ball label
 * {@code 12.10} stays "12.10" and is never read as the number 12.1.
 */
public abstract sealed class DocNode permits DocNode.MapNode, DocNode.ListNode, DocNode.Scalar {
  private final String origin;
  private final At at;
  final int line;

  DocNode(String origin, At at, int line) {
    this.origin = origin;
    this.at = at;
    this.line = line;
  }

  /**
   * Where a node is in its document: under a key of a mapping or at an index of a list. The key
   * path's text is made only when asked for (an error's), not for every node read.
   */
  static final class At {
    /** The document's root. */
    static final At ROOT = new At(null, null, 0);

    private final At parent;
    private final String key;
    private final int index;

    private At(At parent, String key, int index) {
      this.parent = parent;
      this.key = key;
      this.index = index;
    }

    /** "innings[0].1st innings.deliveries[3]", empty at the root. */
    @Override
    public String toString() {
      if (parent == null) {
        return "";
      }
      String above = parent.toString();
      if (key == null) {
        return above + "[" + index + "]";
      }
      return above.isEmpty() ? key : above + "." + key;
    }
  }

  public String origin() {
    return origin;
  }

  public String path() {
    return at.toString();
  }

  /** "line 12 (info.outcome)", or the key path alone when the line is unknown. */
  public String where() {
    String path = path();
    String at = path.isEmpty() ? "document" : path;
    return line > 0 ? "line " + line + " (" + at + ")" : at;
  }

  /** An error located at this node. */
  public CricsheetFormatException error(String reason) {
    return new CricsheetFormatException(origin, where(), reason);
  }

  abstract String kind();

  public MapNode asMap() {
    if (this instanceof MapNode map) {
      return map;
    }
    throw error("expected a mapping, found " + kind());
  }

  public ListNode asList() {
    if (this instanceof ListNode list) {
      return list;
    }
    throw error("expected a list, found " + kind());
  }

  public Scalar asScalar() {
    if (this instanceof Scalar scalar) {
      return scalar;
    }
    throw error("expected a single value, found " + kind());
  }

  public String text() {
    return asScalar().value();
  }

  public int asInt() {
    String text = text();
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw error("expected a whole number, found '" + text + "'");
    }
  }

  public boolean asBoolean() {
    String text = text();
    return switch (text) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> throw error("expected true or false, found '" + text + "'");
    };
  }

  /** A mapping, in the order its keys were written. */
  public static final class MapNode extends DocNode {
    private final Map<String, DocNode> entries = new LinkedHashMap<>();

    MapNode(String origin, At at, int line) {
      super(origin, at, line);
    }

    void put(String key, DocNode value, int keyLine) {
      if (entries.containsKey(key)) {
        String at =
            keyLine > 0
                ? "line " + keyLine + " (" + childPath(key) + ")"
                : childPath(key).toString();
        throw new CricsheetFormatException(origin(), at, "duplicate key '" + key + "'");
      }
      entries.put(key, value);
    }

    At childPath(String key) {
      return new At(super.at, key, 0);
    }

    @Override
    String kind() {
      return "a mapping";
    }

    public Map<String, DocNode> entries() {
      return entries;
    }

    public boolean has(String key) {
      return entries.get(key) != null;
    }

    /** The value under {@code key}, or null when absent or written as null. */
    public DocNode get(String key) {
      return entries.get(key);
    }

    public DocNode required(String key) {
      DocNode node = entries.get(key);
      if (node == null) {
        throw error(
            entries.containsKey(key)
                ? "key '" + key + "' has no value"
                : "missing required key '" + key + "'");
      }
      return node;
    }

    public String text(String key) {
      DocNode node = get(key);
      return node == null ? null : node.text();
    }

    public String requiredText(String key) {
      return required(key).text();
    }

    public Integer integer(String key) {
      DocNode node = get(key);
      return node == null ? null : node.asInt();
    }

    public int intOr(String key, int fallback) {
      DocNode node = get(key);
      return node == null ? fallback : node.asInt();
    }

    public int requiredInt(String key) {
      return required(key).asInt();
    }

    public boolean flag(String key) {
      DocNode node = get(key);
      return node != null && node.asBoolean();
    }

    public MapNode map(String key) {
      DocNode node = get(key);
      return node == null ? null : node.asMap();
    }

    /** The list under {@code key}; empty when absent. */
    public List<DocNode> items(String key) {
      DocNode node = get(key);
      return node == null ? List.of() : node.asList().items();
    }

    /** The texts of a list of scalars under {@code key}; empty when absent. */
    public List<String> texts(String key) {
      List<String> texts = new ArrayList<>();
      for (DocNode item : items(key)) {
        texts.add(item.text());
      }
      return texts;
    }

    /** A copy of this mapping without the given keys (an envelope around a document, say). */
    public MapNode without(Set<String> keys) {
      MapNode copy = new MapNode(origin(), super.at, line);
      entries.forEach(
          (key, value) -> {
            if (!keys.contains(key)) {
              copy.entries.put(key, value);
            }
          });
      return copy;
    }

    /** Fails on a key this reader does not know: an unknown key would be data silently dropped. */
    public MapNode onlyKeys(Set<String> known) {
      for (Map.Entry<String, DocNode> entry : entries.entrySet()) {
        if (!known.contains(entry.getKey())) {
          DocNode value = entry.getValue();
          DocNode at = value == null ? this : value;
          throw at.error("unknown key '" + entry.getKey() + "' (known here: " + known + ")");
        }
      }
      return this;
    }
  }

  /** A sequence. */
  public static final class ListNode extends DocNode {
    private final List<DocNode> items = new ArrayList<>();

    ListNode(String origin, At at, int line) {
      super(origin, at, line);
    }

    void add(DocNode item, int itemLine) {
      if (item == null) {
        String at = childPath(items.size()).toString();
        throw new CricsheetFormatException(
            origin(),
            itemLine > 0 ? "line " + itemLine + " (" + at + ")" : at,
            "a list item is null");
      }
      items.add(item);
    }

    At childPath(int index) {
      return new At(super.at, null, index);
    }

    @Override
    String kind() {
      return "a list";
    }

    public List<DocNode> items() {
      return items;
    }
  }

  /** A single value, as the text that was written. */
  public static final class Scalar extends DocNode {
    private final String value;

    Scalar(String origin, At at, int line, String value) {
      super(origin, at, line);
      this.value = value;
    }

    @Override
    String kind() {
      return "the value '" + value + "'";
    }

    public String value() {
      return value;
    }
  }
}
