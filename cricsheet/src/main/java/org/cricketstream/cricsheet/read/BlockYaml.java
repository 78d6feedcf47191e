package org.cricketstream.cricsheet.read;

/**
 * A fast reader of the block YAML Cricsheet writes: mappings and sequences by indentation, one
 * scalar per line (plain, or quoted on one line), the document optionally opened by {@code ---}. It
 * gives the tree {@link YamlDocs}' SnakeYAML events give (same scalars' text, lines and paths),
 * five to six times faster; anything else (comments, flow collections, anchors, tags, block or
 * multi-line scalars, escapes, tabs, CR line ends, duplicate keys, null items, errors of any kind)
 * it declines, and the caller reads the document with SnakeYAML, which reads it or says what is
 * wrong with it.
 *
 * <p>{@code BlockYamlTest} proves the trees equal on every real Cricsheet YAML file and on
 * documents written to try its edges.
 */
final class BlockYaml {
  /** Thrown to decline a document (no stack trace: cheap); never leaves this class. */
  private static final class Declined extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private Declined() {
      super(null, null, false, false);
    }
  }

  private final String origin;
  private final String text;
  private final int[] starts; // each line's first character
  private final int[] ends; // each line's end (its '\n' or the text's end)
  private final int count;

  // the line being read: its number (0-based), its indent and where its content begins; a line
  // "- x" is read first as an item marker at its indent, then as "x" at x's column
  private int line;
  private int indent;
  private int content;
  private boolean dash;

  private BlockYaml(String origin, String text, YamlLines lines) {
    this.origin = origin;
    this.text = text;
    this.starts = lines.starts();
    this.ends = lines.ends();
    this.count = lines.count();
  }

  /** The document's tree, or null when this reader declines it. */
  static DocNode parse(String origin, String text) {
    return parse(origin, text, YamlLines.of(origin, text, Integer.MAX_VALUE));
  }

  /** As {@link #parse(String, String)}, with the text's lines found already. */
  static DocNode parse(String origin, String text, YamlLines lines) {
    if (!lines.plain()) {
      return null;
    }
    try {
      return new BlockYaml(origin, text, lines).document();
    } catch (Declined | CricsheetFormatException e) {
      return null;
    }
  }

  private DocNode document() {
    line = -1;
    next();
    if (line < count && indent == 0 && !dash && rest().equals("---")) {
      next();
    }
    if (line >= count) {
      throw new Declined(); // empty: SnakeYAML says so
    }
    if (indent != 0) {
      throw new Declined();
    }
    DocNode root = block(DocNode.At.ROOT, 1);
    if (line < count) {
      throw new Declined(); // lines no block took
    }
    return root;
  }

  /** Moves to the next line that is not blank; {@code line == count} at the end. */
  private void next() {
    for (line++; line < count; line++) {
      int start = starts[line];
      int end = ends[line];
      int i = start;
      while (i < end && text.charAt(i) == ' ') {
        i++;
      }
      if (i == end) {
        continue; // blank
      }
      char c = text.charAt(i);
      if (c == '#' || c == '%' || text.startsWith("...", i)) {
        throw new Declined();
      }
      indent = i - start;
      content = i;
      dash = c == '-' && (i + 1 == end || text.charAt(i + 1) == ' ');
      return;
    }
  }

  /** The current line's content from {@link #content}. */
  private String rest() {
    return text.substring(content, ends[line]);
  }

  /** Deeper than SnakeYAML's reading allows: it reports the error. */
  private static void declineBeyondMaxDepth(int depth) {
    if (depth > YamlDocs.MAX_DEPTH) {
      throw new Declined();
    }
  }

  /** The mapping or sequence that begins on the current line, at its indent. */
  private DocNode block(DocNode.At at, int depth) {
    return dash ? sequence(at, indent, depth) : mapping(at, indent, depth);
  }

  private DocNode.ListNode sequence(DocNode.At path, int column, int depth) {
    declineBeyondMaxDepth(depth);
    DocNode.ListNode list = new DocNode.ListNode(origin, path, line + 1);
    while (line < count && dash && indent == column) {
      int itemLine = line + 1;
      int at = content + 1;
      int end = ends[line];
      while (at < end && text.charAt(at) == ' ') {
        at++;
      }
      if (at == end) {
        throw new Declined(); // "-" alone, the item on the lines below
      }
      // the item's content, read as a line of its own at its column
      indent = at - starts[line];
      content = at;
      dash = text.charAt(at) == '-' && (at + 1 == end || text.charAt(at + 1) == ' ');
      if (dash) {
        throw new Declined(); // "- - x"
      }
      DocNode item;
      DocNode.At pathOfItem = list.childPath(list.items().size());
      if (keyEnd() >= 0) {
        item = mapping(pathOfItem, indent, depth + 1);
      } else {
        item = scalarLine(pathOfItem, column);
      }
      if (item == null) {
        throw new Declined(); // a null item: SnakeYAML's error
      }
      list.add(item, itemLine);
    }
    return list;
  }

  private DocNode.MapNode mapping(DocNode.At path, int column, int depth) {
    declineBeyondMaxDepth(depth);
    DocNode.MapNode map = new DocNode.MapNode(origin, path, line + 1);
    while (line < count && !dash && indent == column) {
      int keyLine = line + 1;
      int colon = keyEnd();
      if (colon < 0) {
        throw new Declined(); // a scalar among keys
      }
      String key = key(content, colon);
      if (map.entries().containsKey(key)) {
        throw new Declined(); // SnakeYAML's reading reports it
      }
      DocNode.At childPath = map.childPath(key);
      int valueAt = colon + 1;
      int end = ends[line];
      while (valueAt < end && text.charAt(valueAt) == ' ') {
        valueAt++;
      }
      DocNode value;
      if (valueAt < end) {
        content = valueAt;
        value = scalarLine(childPath, column);
      } else {
        next();
        if (line < count && (indent > column || (indent == column && dash))) {
          value = block(childPath, depth + 1);
        } else {
          value = null; // "key:" and nothing under it
        }
      }
      map.put(key, value, keyLine);
    }
    return map;
  }

  /**
   * The scalar from {@link #content} to the line's end, as the value of a key or item at {@code
   * column}; moves past it. Null for a plain null.
   */
  private DocNode scalarLine(DocNode.At path, int column) {
    int scalarLine = line + 1;
    int end = ends[line];
    char first = text.charAt(content);
    String value;
    boolean plain = false;
    if (first == '\'' || first == '"') {
      int close = quotedEnd(content);
      if (close < 0 || !blank(close + 1, end)) {
        throw new Declined();
      }
      value = unquote(content, close);
    } else {
      value = plain(content, end);
      plain = true;
    }
    next();
    if (line < count && indent > column) {
      throw new Declined(); // a scalar continued on the lines below
    }
    if (plain && YamlDocs.isNull(value)) {
      return null;
    }
    return new DocNode.Scalar(origin, path, scalarLine, value);
  }

  /**
   * Where the current line's key ends (its colon, followed by a space or the line's end), or -1
   * when the line holds no key.
   */
  private int keyEnd() {
    int end = ends[line];
    char first = text.charAt(content);
    if (first == '\'' || first == '"') {
      int close = quotedEnd(content);
      if (close < 0) {
        throw new Declined();
      }
      int colon = close + 1;
      if (colon < end
          && text.charAt(colon) == ':'
          && (colon + 1 == end || text.charAt(colon + 1) == ' ')) {
        return colon;
      }
      return -1;
    }
    for (int i = content; i < end; i++) {
      if (text.charAt(i) == ':' && (i + 1 == end || text.charAt(i + 1) == ' ')) {
        return i;
      }
    }
    return -1;
  }

  private String key(int start, int colon) {
    char first = text.charAt(start);
    if (first == '\'' || first == '"') {
      return unquote(start, colon - 1);
    }
    String key = plain(start, colon);
    if (key.isEmpty()) {
      throw new Declined();
    }
    return key;
  }

  /**
   * A plain scalar on one line, its trailing spaces trimmed; declined when it begins with an
   * indicator or holds what would make it something else (" #", ": ").
   */
  private String plain(int start, int end) {
    char first = text.charAt(start);
    switch (first) {
      case '[', ']', '{', '}', ',', '#', '&', '*', '!', '|', '>', '%', '@', '`' -> {
        throw new Declined();
      }
      case '-', '?', ':' -> {
        if (start + 1 == end || text.charAt(start + 1) == ' ') {
          throw new Declined();
        }
      }
      default -> {}
    }
    int last = end;
    while (last > start && text.charAt(last - 1) == ' ') {
      last--;
    }
    for (int i = start; i < last; i++) {
      char c = text.charAt(i);
      if ((c == '#' && text.charAt(i - 1) == ' ')
          || (c == ':' && (i + 1 == last || text.charAt(i + 1) == ' '))) {
        throw new Declined();
      }
    }
    return text.substring(start, last);
  }

  /** The closing quote of the quoted scalar opening at {@code start} on this line, or -1. */
  private int quotedEnd(int start) {
    char quote = text.charAt(start);
    int end = ends[line];
    for (int i = start + 1; i < end; i++) {
      char c = text.charAt(i);
      if (c == '\\' && quote == '"') {
        throw new Declined(); // escapes: SnakeYAML's
      }
      if (c == quote) {
        if (quote == '\'' && i + 1 < end && text.charAt(i + 1) == '\'') {
          i++; // '' is a quote
          continue;
        }
        return i;
      }
    }
    return -1;
  }

  private String unquote(int open, int close) {
    String inner = text.substring(open + 1, close);
    return text.charAt(open) == '\'' ? inner.replace("''", "'") : inner;
  }

  private boolean blank(int from, int end) {
    for (int i = from; i < end; i++) {
      if (text.charAt(i) != ' ') {
        return false;
      }
    }
    return true;
  }
}
