package org.cricketstream.cricsheet.read;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The text of one match file, read the same way for every format: at most {@link #MAX_BYTES}, a
 * UTF-8 byte-order mark dropped, and UTF-8 decoded strictly, so a byte that is not UTF-8 is an
 * error naming its line instead of a silent U+FFFD in a player's name.
 */
public final class MatchText {
  /**
   * The largest match file read. Cricsheet's largest files (five-day Tests as pretty-printed JSON)
   * are a few megabytes; the limit stops a runaway input long before it could exhaust memory, and
   * raw Kafka topics are sized to take a file of this size.
   */
  public static final int MAX_BYTES = 8 * 1024 * 1024;

  private static final int BOM_LENGTH = 3;

  private MatchText() {}

  /** Reads and decodes a whole match file. */
  public static String read(String origin, InputStream in) {
    return decode(origin, bytes(origin, in));
  }

  /** Decodes bytes already in memory (a Kafka record, say). */
  public static String decode(String origin, byte[] bytes) {
    if (bytes.length > MAX_BYTES) {
      throw tooLarge(origin);
    }
    if (isAscii(bytes)) {
      // ASCII is UTF-8 with one char a byte: one copy, where the decoder below widens every byte to
      // a char and the String narrows them back (8% of the processor's stream thread on the
      // sample's Test matches, which are all ASCII)
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
    int start = hasBom(bytes) ? BOM_LENGTH : 0;
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer input = ByteBuffer.wrap(bytes, start, bytes.length - start);
    CharBuffer output = CharBuffer.allocate(bytes.length - start);
    CoderResult result = decoder.decode(input, output, true);
    if (result.isUnderflow()) {
      result = decoder.flush(output);
    }
    if (result.isError()) {
      int at = input.position();
      throw new CricsheetFormatException(
          origin,
          "line " + lineAt(bytes, at),
          String.format("not valid UTF-8 (byte 0x%02X at offset %d)", bytes[at] & 0xFF, at));
    }
    return output.flip().toString();
  }

  /** Whether every byte is ASCII (a BOM is not). */
  static boolean isAscii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  /** A whole match file's bytes, at most {@link #MAX_BYTES} of them. */
  static byte[] bytes(String origin, InputStream in) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[64 * 1024];
    try {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        if (out.size() + n > MAX_BYTES) {
          throw tooLarge(origin);
        }
        out.write(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + origin, e);
    }
    return out.toByteArray();
  }

  private static CricsheetFormatException tooLarge(String origin) {
    return new CricsheetFormatException(
        origin,
        "file",
        "larger than "
            + MAX_BYTES / (1024 * 1024)
            + " MB, the limit for one match file (Cricsheet's largest are a few MB)");
  }

  private static boolean hasBom(byte[] bytes) {
    return bytes.length >= BOM_LENGTH
        && (bytes[0] & 0xFF) == 0xEF
        && (bytes[1] & 0xFF) == 0xBB
        && (bytes[2] & 0xFF) == 0xBF;
  }

  /** The 1-based line of a byte offset: a newline byte never occurs inside a UTF-8 sequence. */
  private static int lineAt(byte[] bytes, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (bytes[i] == '\n') {
        line++;
      }
    }
    return line;
  }
}
