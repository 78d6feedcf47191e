package org.cricketstream.cricsheet.read;

import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;

/**
 * Parses YAML into a {@link DocNode} tree straight from the parser's events. No Java values are
 * constructed and no implicit types resolved, so every scalar keeps its text: ball labels such as
 * {@code 125.10} are never turned into floats (and skipping type resolution makes it faster).
 */
final class YamlDocs {
  /**
   * Deepest nesting read. A Cricsheet document nests about eight levels; the limit turns a file of
   * nested brackets into an error instead of a stack overflow.
   */
  static final int MAX_DEPTH = 64;

  /**
   * Longest line read. Cricsheet writes block YAML whose lines stay under 100 characters. SnakeYAML
   * copies its look-ahead window for every chunk of a token longer than the window, so a single
   * line of megabytes would take time that grows with the square of its length; a bounded line
   * keeps parsing linear in the size of the file.
   */
  static final int MAX_LINE = 4096;

  private YamlDocs() {}

  static DocNode parse(String origin, InputStream in) {
    return parse(origin, MatchText.bytes(origin, in));
  }

  /**
   * The document's tree from its bytes. ASCII bytes (all of Cricsheet's YAML) are split into lines
   * as they are checked and become the text in one copy; any others are decoded first.
   */
  static DocNode parse(String origin, byte[] bytes) {
    YamlLines lines =
        bytes.length <= MatchText.MAX_BYTES ? YamlLines.ofAscii(origin, bytes, MAX_LINE) : null;
    if (lines == null) {
      return parse(origin, MatchText.decode(origin, bytes));
    }
    return parse(origin, new String(bytes, StandardCharsets.ISO_8859_1), lines);
  }

  /**
   * The document's tree: read by {@link BlockYaml} when it is the plain block YAML Cricsheet
   * writes, else by SnakeYAML (which gives the same tree, or the error).
   */
  static DocNode parse(String origin, String text) {
    return parse(origin, text, YamlLines.of(origin, text, MAX_LINE));
  }

  private static DocNode parse(String origin, String text, YamlLines lines) {
    DocNode fast = BlockYaml.parse(origin, text, lines);
    return fast != null ? fast : snakeYaml(origin, text);
  }

  /**
   * Whether a plain scalar's text is YAML's null: "", "~", "null", "Null" or "NULL". Asked of every
   * scalar, so by its length first, not by its hash in a set (4% of the processor's stream thread
   * on the sample's Test matches).
   */
  static boolean isNull(String plain) {
    return switch (plain.length()) {
      case 0 -> true;
      case 1 -> plain.charAt(0) == '~';
      case 4 -> plain.equals("null") || plain.equals("Null") || plain.equals("NULL");
      default -> false;
    };
  }

  /** The document's tree from SnakeYAML's events (lines assumed checked). */
  static DocNode snakeYaml(String origin, String text) {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(MatchText.MAX_BYTES);
    Iterator<Event> events = new Yaml(options).parse(new StringReader(text)).iterator();
    try {
      expect(origin, events, Event.ID.StreamStart);
      Event start = events.next();
      if (start.is(Event.ID.StreamEnd)) {
        throw new CricsheetFormatException(origin, "line 1", "empty document");
      }
      if (!start.is(Event.ID.DocumentStart)) {
        throw unexpected(origin, start);
      }
      DocNode root = read(origin, events, events.next(), DocNode.At.ROOT, 1);
      if (root == null) {
        throw new CricsheetFormatException(origin, "line 1", "the document is null, not a match");
      }
      expect(origin, events, Event.ID.DocumentEnd);
      Event end = events.next();
      if (!end.is(Event.ID.StreamEnd)) {
        throw new CricsheetFormatException(
            origin, line(end.getStartMark()), "more than one YAML document in the file");
      }
      return root;
    } catch (MarkedYAMLException e) {
      throw new CricsheetFormatException(
          origin, line(e.getProblemMark()), "not valid YAML: " + e.getProblem(), e);
    } catch (YAMLException e) {
      throw new CricsheetFormatException(
          origin, "document", "not valid YAML: " + e.getMessage(), e);
    }
  }

  private static DocNode read(
      String origin, Iterator<Event> events, Event event, DocNode.At path, int depth) {
    int line = lineNumber(event.getStartMark());
    if (depth > MAX_DEPTH && !event.is(Event.ID.Scalar)) {
      throw new CricsheetFormatException(
          origin,
          "line " + line,
          "nested more than " + MAX_DEPTH + " levels deep (a Cricsheet match nests about 8)");
    }
    switch (event.getEventId()) {
      case MappingStart -> {
        DocNode.MapNode map = new DocNode.MapNode(origin, path, line);
        for (Event key = events.next(); !key.is(Event.ID.MappingEnd); key = events.next()) {
          if (!(key instanceof ScalarEvent scalarKey)) {
            throw new CricsheetFormatException(
                origin, line(key.getStartMark()), "a key must be a single value");
          }
          String name = scalarKey.getValue();
          map.put(
              name,
              read(origin, events, events.next(), map.childPath(name), depth + 1),
              lineNumber(key.getStartMark()));
        }
        return map;
      }
      case SequenceStart -> {
        DocNode.ListNode list = new DocNode.ListNode(origin, path, line);
        for (Event item = events.next(); !item.is(Event.ID.SequenceEnd); item = events.next()) {
          int itemLine = lineNumber(item.getStartMark());
          list.add(
              read(origin, events, item, list.childPath(list.items().size()), depth + 1), itemLine);
        }
        return list;
      }
      case Scalar -> {
        ScalarEvent scalar = (ScalarEvent) event;
        boolean plain = scalar.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN;
        if (plain && isNull(scalar.getValue())) {
          return null;
        }
        return new DocNode.Scalar(origin, path, line, scalar.getValue());
      }
      default -> throw unexpected(origin, event);
    }
  }

  private static void expect(String origin, Iterator<Event> events, Event.ID id) {
    Event event = events.next();
    if (!event.is(id)) {
      throw unexpected(origin, event);
    }
  }

  private static CricsheetFormatException unexpected(String origin, Event event) {
    String what =
        event.is(Event.ID.Alias)
            ? "YAML aliases are not used by Cricsheet"
            : "unexpected YAML " + event.getEventId();
    return new CricsheetFormatException(origin, line(event.getStartMark()), what);
  }

  private static int lineNumber(Mark mark) {
    return mark == null ? 0 : mark.getLine() + 1;
  }

  private static String line(Mark mark) {
    return mark == null ? "document" : "line " + lineNumber(mark);
  }
}
