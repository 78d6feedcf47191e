package org.cricketstream.cli;

import java.io.Console;
import java.util.List;

/** Whether standard output is a terminal, where a line may be rewritten in place. */
final class Terminal {
  private Terminal() {}

  /**
   * True when a terminal is attached: {@code System.console()} before JDK 22, {@code
   * Console.isTerminal()} after (where a console is always there). {@code CRICKET_PROGRESS=plain}
   * or {@code =terminal} overrides the guess.
   */
  @SuppressWarnings("SystemConsoleNull") // handled: isTerminal is asked where it exists
  static boolean isTerminal() {
    String forced = System.getenv("CRICKET_PROGRESS");
    if ("plain".equals(forced)) {
      return false;
    }
    if ("terminal".equals(forced)) {
      return true;
    }
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // before JDK 22 a console exists only on a terminal
    }
  }

  /** The terminal's width in columns ({@code stty size} on /dev/tty), else 80. */
  static int columns() {
    return Tools.run(List.of("sh", "-c", "stty size < /dev/tty"))
        .map(String::strip)
        .filter(size -> size.matches("\\d+ \\d+"))
        .map(size -> Integer.parseInt(size.split(" ", -1)[1]))
        .filter(cols -> cols > 20)
        .orElse(80);
  }
}
