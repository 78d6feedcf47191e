package org.cricketstream.cli;

import java.io.PrintWriter;

/** Progress for long work: a line on standard error every few seconds, never on standard output. */
final class Progress {
  private static final long EVERY_NANOS = 2_000_000_000L;

  private final PrintWriter out;
  private final String verb;
  private final String noun;
  private final long started = System.nanoTime();
  private long lastReport = started;
  private long count;

  Progress(PrintWriter out, String verb, String noun) {
    this.out = out;
    this.verb = verb;
    this.noun = noun;
  }

  void tick() {
    count++;
    long now = System.nanoTime();
    if (now - lastReport >= EVERY_NANOS) {
      lastReport = now;
      out.printf("... %s %d %s (%.0f/s)%n", verb, count, noun, count / seconds(now));
      out.flush();
    }
  }

  void done() {
    if (lastReport != started) {
      out.printf("... %s %d %s in %.1f s%n", verb, count, noun, seconds(System.nanoTime()));
    }
  }

  private double seconds(long now) {
    return Math.max(1e-9, (now - started) / 1e9);
  }
}
