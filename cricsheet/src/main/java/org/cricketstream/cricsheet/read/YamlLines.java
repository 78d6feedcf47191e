package org.cricketstream.cricsheet.read;

import java.util.Arrays;

/**
 * A YAML text's lines, found in one pass over its characters: where each line starts and ends (its
 * {@code '\n'} or the text's end), and whether every character is one {@link BlockYaml} reads (no
 * tab, CR, BOM, control character or line break other than LF). Read through a buffer, not a
 * character at a time: the text was scanned four times before (the line lengths, the characters and
 * twice the line ends), 9% of the processor's stream thread on the sample's Test matches.
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
    int capacity = text.length() / 32 + 16;
    int[] starts = new int[capacity];
    int[] ends = new int[capacity];
    int count = 0;
    boolean plain = true;
    int start = 0;
    char[] buffer = new char[Math.min(BUFFER, Math.max(text.length(), 1))];
    for (int from = 0; from < text.length(); from += buffer.length) {
      int to = Math.min(text.length(), from + buffer.length);
      text.getChars(from, to, buffer, 0);
      for (int j = 0, n = to - from; j < n; j++) {
        char c = buffer[j];
        if (c == '\n') {
          if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
          }
          int end = from + j;
          checkLength(origin, count, end - start, maxLine);
          starts[count] = start;
          ends[count] = end;
          count++;
          start = end + 1;
        } else if (c < 0x20
            || (c >= 0x7F
                && (c <= 0x9F || c >= 0xFFFE || c == '\u2028' || c == '\u2029' || c == '\uFEFF'))) {
          plain = false;
        }
      }
    }
    // the last line, after the last '\n' (empty when the text ends with one)
    if (count == starts.length) {
      starts = Arrays.copyOf(starts, count + 1);
      ends = Arrays.copyOf(ends, count + 1);
    }
    checkLength(origin, count, text.length() - start, maxLine);
    starts[count] = start;
    ends[count] = text.length();
    count++;
    return new YamlLines(starts, ends, count, plain);
  }

  private static void checkLength(String origin, int index, int length, int maxLine) {
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
