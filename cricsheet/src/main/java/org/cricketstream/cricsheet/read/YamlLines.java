package org.cricketstream.cricsheet.read;

import java.util.Arrays;

/**
 * A YAML text's lines, found in one pass over its characters: where each line starts and ends (its
 * {@code '\n'} or the text's end), and whether every character is one {@link BlockYaml} reads (no
 * tab, CR, BOM, control character or line break other than LF). Read through a buffer, not a
 * character at a time: the text was scanned four times before (the line lengths, the characters and
 * twice the line ends), 9% of the processor's stream thread on the sample's Test matches. ASCII
 * bytes (all Cricsheet's YAML) are split as bytes, in the same pass that finds them ASCII.
 *
 * @param starts each line's first character
 * @param ends each line's end
 * @param count the lines
 * @param plain every character is one {@link BlockYaml} reads
 */
@SuppressWarnings("ArrayRecordComponent")
record YamlLines(int[] starts, int[] ends, int count, boolean plain) {
  private static final int BUFFER = 8192;

  /**
   * The lines of {@code text}.
   *
   * @throws CricsheetFormatException for a line longer than {@code maxLine} characters, naming it
   */
  static YamlLines of(String origin, String text, int maxLine) {
    Found found = new Found(origin, text.length(), maxLine);
    char[] buffer = new char[Math.min(BUFFER, Math.max(text.length(), 1))];
    for (int from = 0; from < text.length(); from += buffer.length) {
      int to = Math.min(text.length(), from + buffer.length);
      text.getChars(from, to, buffer, 0);
      for (int j = 0, n = to - from; j < n; j++) {
        char c = buffer[j];
        if (c == '\n') {
          found.lineEnd(from + j);
        } else if (c < 0x20
            || (c >= 0x7F
                && (c <= 0x9F || c >= 0xFFFE || c == '\u2028' || c == '\u2029' || c == '\uFEFF'))) {
          found.plain = false;
        }
      }
    }
    return found.last(text.length());
  }

  /**
   * The lines of a text whose bytes are all ASCII (one char a byte), or null when one is not
   * (decode the text and take {@link #of} then).
   *
   * @throws CricsheetFormatException for a line longer than {@code maxLine} characters, naming it
   */
  static YamlLines ofAscii(String origin, byte[] bytes, int maxLine) {
    Found found = new Found(origin, bytes.length, maxLine);
    for (int i = 0; i < bytes.length; i++) {
      byte b = bytes[i];
      if (b == '\n') {
        found.lineEnd(i);
      } else if (b < 0x20 || b == 0x7F) {
        if (b < 0) {
          return null;
        }
        found.plain = false;
      }
    }
    return found.last(bytes.length);
  }

  /** The lines found so far. */
  private static final class Found {
    private final String origin;
    private final int maxLine;
    private int[] starts;
    private int[] ends;
    private int count;
    private int start;
    private boolean plain = true;

    Found(String origin, int length, int maxLine) {
      this.origin = origin;
      this.maxLine = maxLine;
      int capacity = length / 32 + 16;
      starts = new int[capacity];
      ends = new int[capacity];
    }

    /** A line ends at {@code end} (its '\n'). */
    void lineEnd(int end) {
      if (count == starts.length) {
        starts = Arrays.copyOf(starts, count * 2);
        ends = Arrays.copyOf(ends, count * 2);
      }
      checkLength(count, end - start);
      starts[count] = start;
      ends[count] = end;
      count++;
      start = end + 1;
    }

    /** The lines, with the last, after the last '\n' (empty when the text ends with one). */
    YamlLines last(int length) {
      if (count == starts.length) {
        starts = Arrays.copyOf(starts, count + 1);
        ends = Arrays.copyOf(ends, count + 1);
      }
      checkLength(count, length - start);
      starts[count] = start;
      ends[count] = length;
      return new YamlLines(starts, ends, count + 1, plain);
    }

    private void checkLength(int index, int length) {
      if (length > maxLine) {
        throw new CricsheetFormatException(
            origin,
            "line " + (index + 1),
            "a line of "
                + length
                + " characters; Cricsheet YAML lines are short, and lines longer than "
                + maxLine
                + " are not read");
      }
    }
  }
}
