package org.cricketstream.cricsheet.write;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A small YAML emitter in the block style of Cricsheet's files (Ruby's Psych): mappings indented by
 * two spaces, sequences at the indentation of their key, and a text scalar quoted only where a YAML
 * reader would otherwise take it for something else (a number, a date, a boolean) or could not read
 * it plain. Values are {@link String}s (quoted as needed), {@link Plain}s (written as given:
 * numbers, ball labels), {@link Map}s and {@link List}s.
 */
final class YamlText {
  /** A scalar written exactly as given, never quoted: a number, a ball label like 12.10. */
  record Plain(String text) {}

  // What Psych's scalar scanner reads as something other than text (YAML 1.1 types).
  private static final Pattern NOT_TEXT =
      Pattern.compile(
          "(?i:y|n|yes|no|true|false|on|off|null|~)"
              + "|[-+]?(0b[01_]+|0x[0-9a-fA-F_]+|0[0-7_]*|[1-9][0-9_,]*)"
              + "|[-+]?[0-9][0-9_,]*(:[0-5]?[0-9])+(\\.[0-9_]*)?"
              + "|[-+]?([0-9][0-9_,]*)?\\.[0-9_]*([eE][-+]?[0-9]+)?"
              + "|[-+]?[0-9][0-9_]*([eE][-+]?[0-9]+)"
              + "|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)"
              + "|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?"
              + "|<<|=");
  // Psych quotes a text such as 0800 that a YAML 1.1 reader might take for a broken octal.
  private static final Pattern OCTAL_LOOKALIKE = Pattern.compile("0[0-7]*[89].*");

  private final Writer out;

  YamlText(Writer out) {
    this.out = out;
  }

  /** A whole document: the {@code ---} line, then the root mapping. */
  void document(Map<?, ?> root) throws IOException {
    out.write("---\n");
    mapping(root, 0, null);
  }

  private void mapping(Map<?, ?> map, int indent, String firstPrefix) throws IOException {
    boolean first = true;
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      out.write(first && firstPrefix != null ? firstPrefix : " ".repeat(indent));
      first = false;
      out.write(scalar(entry.getKey()));
      out.write(':');
      Object value = entry.getValue();
      if (value instanceof Map<?, ?> child) {
        if (child.isEmpty()) {
          out.write(" {}\n");
        } else {
          out.write('\n');
          mapping(child, indent + 2, null);
        }
      } else if (value instanceof List<?> list) {
        if (list.isEmpty()) {
          out.write(" []\n");
        } else {
          out.write('\n');
          sequence(list, indent);
        }
      } else {
        out.write(' ');
        out.write(scalar(value));
        out.write('\n');
      }
    }
  }

  private void sequence(List<?> list, int indent) throws IOException {
    String dash = " ".repeat(indent) + "- ";
    for (Object item : list) {
      if (item instanceof Map<?, ?> map && !map.isEmpty()) {
        mapping(map, indent + 2, dash);
      } else if (item instanceof Map<?, ?> || item instanceof List<?>) {
        throw new IllegalArgumentException("an empty mapping or a nested list in a list");
      } else {
        out.write(dash);
        out.write(scalar(item));
        out.write('\n');
      }
    }
  }

  private static String scalar(Object value) {
    if (value instanceof Plain plain) {
      return plain.text();
    }
    if (value instanceof String text) {
      return quoted(text);
    }
    throw new IllegalArgumentException("not a YAML scalar: " + value);
  }

  /** The text as a YAML scalar, quoted where it must be (as Psych would quote it). */
  static String quoted(String text) {
    if (text.isEmpty()) {
      return "''";
    }
    if (needsDoubleQuotes(text)) {
      return doubleQuoted(text);
    }
    if (NOT_TEXT.matcher(text).matches()
        || OCTAL_LOOKALIKE.matcher(text).matches()
        || !plainSafe(text)) {
      return "'" + text.replace("'", "''") + "'";
    }
    return text;
  }

  /** A text starting with punctuation, or holding a character that only an escape can write. */
  private static boolean needsDoubleQuotes(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < ' '
          || c == 0x7f
          || c == '\u0085'
          || c == '\u2028'
          || c == '\u2029'
          || c == '\uFEFF') {
        return true;
      }
    }
    int first = text.codePointAt(0);
    return !Character.isLetterOrDigit(first) && first != '_' && text.indexOf('"') < 0;
  }

  /** Whether the text can be written plain in block context (libyaml's scalar analysis). */
  private static boolean plainSafe(String text) {
    char first = text.charAt(0);
    char last = text.charAt(text.length() - 1);
    if ("-?:,[]{}#&*!|>'\"%@`".indexOf(first) >= 0 || first == ' ' || last == ' ') {
      return false;
    }
    return !text.contains(": ") && !text.contains(" #") && last != ':';
  }

  private static String doubleQuoted(String text) {
    StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        case '\t' -> quoted.append("\\t");
        case '\r' -> quoted.append("\\r");
        default -> {
          if (c < ' '
              || c == 0x7f
              || c == '\u0085'
              || c == '\u2028'
              || c == '\u2029'
              || c == '\uFEFF') {
            quoted.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }
}
