package org.cricketstream.stack;

/**
 * How a component tells {@code ./cricket up} how a long start is going (a first install, say): a
 * line it prints that holds {@link #MARKER} is shown by {@code up}, from the marker on, while the
 * component starts.
 */
public final class StartProgress {
  private StartProgress() {}

  public static final String MARKER = "start progress: ";

  /** The text after the marker in {@code line}, or null when the line has none. */
  public static String of(String line) {
    int at = line.indexOf(MARKER);
    return at < 0 ? null : line.substring(at + MARKER.length()).strip();
  }
}
