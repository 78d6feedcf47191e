package org.cricketstream.cricsheet.read;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Set;
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
  /** A Test match file is well under this; the limit stops a runaway document. */
  static final int MAX_CODE_POINTS = 64 * 1024 * 1024;

  /** Plain scalars that YAML reads as null. */
  private static final Set<String> NULLS = Set.of("", "~", "null", "Null", "NULL");

  private YamlDocs() {}

  static DocNode parse(String origin, InputStream in) {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(MAX_CODE_POINTS);
    Iterator<Event> events =
        new Yaml(options).parse(new InputStreamReader(in, StandardCharsets.UTF_8)).iterator();
    try {
      expect(origin, events, Event.ID.StreamStart);
      Event start = events.next();
      if (start.is(Event.ID.StreamEnd)) {
        throw new CricsheetFormatException(origin, "line 1", "empty document");
      }
      if (!start.is(Event.ID.DocumentStart)) {
        throw unexpected(origin, start);
      }
      DocNode root = read(origin, events, events.next(), "");
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

  private static DocNode read(String origin, Iterator<Event> events, Event event, String path) {
    int line = lineNumber(event.getStartMark());
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
              read(origin, events, events.next(), map.childPath(name)),
              lineNumber(key.getStartMark()));
        }
        return map;
      }
      case SequenceStart -> {
        DocNode.ListNode list = new DocNode.ListNode(origin, path, line);
        for (Event item = events.next(); !item.is(Event.ID.SequenceEnd); item = events.next()) {
          int itemLine = lineNumber(item.getStartMark());
          list.add(read(origin, events, item, list.childPath(list.items().size())), itemLine);
        }
        return list;
      }
      case Scalar -> {
        ScalarEvent scalar = (ScalarEvent) event;
        boolean plain = scalar.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN;
        if (plain && NULLS.contains(scalar.getValue())) {
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
