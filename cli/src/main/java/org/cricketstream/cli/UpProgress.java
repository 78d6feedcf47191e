package org.cricketstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.cricketstream.cli.up.Lags;
import org.cricketstream.cli.up.Stack;
import org.cricketstream.cli.up.TestStaging;
import org.cricketstream.cricsheet.read.MatchFiles;
import org.cricketstream.topics.Topics;
import org.cricketstream.warehouse.ReadOnlyQuery;
import org.cricketstream.warehouse.WarehouseSettings;

/**
 * The line {@code up} keeps up to date while it runs: records replayed per source against the
 * total, deliveries in the warehouse, processor and sink lag, dead letters, and how far behind its
 * sources the warehouse is ({@code pipeline_lag}). On a terminal it is rewritten in place every two
 * seconds; otherwise a line is printed every {@link #PLAIN_EVERY}. When the replay ends, one
 * summary line stays.
 */
final class UpProgress implements AutoCloseable {
  static final Duration TERMINAL_EVERY = Duration.ofSeconds(2);
  static final Duration PLAIN_EVERY = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Stack stack;
  private final PrintWriter out;
  private final boolean terminal;
  private final List<Path> data;
  private final long started = System.nanoTime();
  private final AtomicLong t20Total = new AtomicLong(-1);
  private final AtomicLong odiTotal = new AtomicLong(-1);
  private final Thread thread;
  private volatile boolean replayDone;

  /** How often each source is counted against the landing layer, for {@code status}. */
  private static final Duration COUNT_EVERY = Duration.ofSeconds(30);

  private long countedAt;
  private volatile boolean stopped;

  /** The progress thread's reader of the warehouse, kept open where it is read live. */
  private ReadOnlyQuery.Poller warehouse;

  UpProgress(Stack stack, List<Path> data, PrintWriter out, boolean terminal) {
    this.stack = stack;
    this.data = data;
    this.out = out;
    this.terminal = terminal;
    this.thread = new Thread(this::run, "up-progress");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void run() {
    try (ReadOnlyQuery.Poller poller =
        new ReadOnlyQuery.Poller(WarehouseSettings.fromEnvironment(stack.environment()))) {
      warehouse = poller;
      report();
    } catch (java.sql.SQLException e) {
      // closing the reader: the progress line is done anyway
    }
  }

  private void report() {
    countTotals();
    Duration every = terminal ? TERMINAL_EVERY : PLAIN_EVERY;
    while (!stopped) {
      try {
        Thread.sleep(every.toMillis());
      } catch (InterruptedException e) {
        return;
      }
      if (stopped) {
        return;
      }
      if (System.nanoTime() - countedAt > COUNT_EVERY.toNanos()) {
        stack.recordCompleteness(warehouse);
        countedAt = System.nanoTime();
      }
      String line;
      try {
        line = line();
      } catch (RuntimeException e) {
        line = "progress: cannot tell yet (" + e.getMessage() + ")";
      }
      boolean replayEnded =
          !replayDone && stack.supervisor().child("replay").map(c -> !c.alive()).orElse(false);
      synchronized (out) {
        if (terminal) {
          // one row: a line wider than the terminal wraps, and \r would rewrite only its last row
          out.print("\r\033[K" + fit(line, Terminal.columns()));
        } else {
          out.println(line);
        }
        if (replayEnded) {
          replayDone = true;
          out.print(terminal ? "\r\033[K" : "");
          out.println(summary());
        }
        out.flush();
      }
    }
  }

  /**
   * The totals the replay works through, counted once from the files as the replay sends them: one
   * document per T20I JSON file, one info row and one row per ball for each ODI CSV2 match.
   */
  private void countTotals() {
    long[] t20 = {0};
    long[] odi = {0};
    MatchFiles.entries(
        data,
        entry -> {
          if (entry.kind() == MatchFiles.Kind.JSON) {
            t20[0]++;
          } else if (entry.kind() == MatchFiles.Kind.CSV_BALLS) {
            odi[0] += 1 + ballRows(entry);
          }
        },
        failed -> {});
    t20Total.set(t20[0]);
    odiTotal.set(odi[0]);
  }

  private static long ballRows(MatchFiles.Entry entry) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(entry.data().open(), StandardCharsets.UTF_8))) {
      return Math.max(0, reader.lines().filter(l -> !l.isBlank()).count() - 1);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  String line() {
    Map<String, Long> sent = sent(stack.home().resolve("replay-position.json"));
    List<String> parts = new ArrayList<>();
    parts.add(
        "replayed t20i "
            + ofTotal(sent.getOrDefault("t20i", 0L), t20Total.get())
            + " odi "
            + ofTotal(sent.getOrDefault("odi", 0L), odiTotal.get())
            + " test "
            + tests());
    parts.add(warehouse());
    parts.add(lags());
    return String.format(Locale.ROOT, "[%s] %s", elapsed(), String.join(" | ", parts));
  }

  private String summary() {
    Map<String, Long> sent = sent(stack.home().resolve("replay-position.json"));
    return String.format(
        Locale.ROOT,
        "replay done in %s: %,d T20I documents, %,d ODI rows; %s; the warehouse is catching up",
        elapsed(),
        sent.getOrDefault("t20i", 0L),
        sent.getOrDefault("odi", 0L),
        "Test matches " + tests());
  }

  private String tests() {
    try {
      TestStaging.Progress t = stack.testProgress();
      return String.format(Locale.ROOT, "%,d/%,d", t.written(), t.staged());
    } catch (RuntimeException e) {
      return "?";
    }
  }

  private String warehouse() {
    try {
      List<Object> row =
          warehouse
              .run(
                  "SELECT (SELECT count(*) FROM deliveries),"
                      + " (SELECT count(*) FROM raw_events WHERE topic IN ('"
                      + Topics.DEAD_LETTERS.name()
                      + "', '"
                      + Topics.CONNECT_DEAD_LETTERS.name()
                      + "')),"
                      + " (SELECT max(seconds_behind) FROM pipeline_lag)")
              .rows()
              .get(0);
      String behind =
          row.get(2) instanceof Number seconds
              ? String.format(Locale.ROOT, "%.1f s behind", Math.max(0, seconds.doubleValue()))
              : "no heartbeat yet";
      return String.format(
          Locale.ROOT,
          "warehouse %,d deliveries, %,d dead letters, %s",
          ((Number) row.get(0)).longValue(),
          ((Number) row.get(1)).longValue(),
          behind);
    } catch (java.sql.SQLException | RuntimeException e) {
      return "warehouse not readable yet";
    }
  }

  private String lags() {
    try {
      Lags lags = stack.lags();
      return String.format(
          Locale.ROOT, "lag processor %,d sink %,d", sum(lags.processor()), sum(lags.sink()));
    } catch (RuntimeException e) {
      return "lag unknown";
    }
  }

  /** The line cut to {@code width} columns, marked with an ellipsis where it was cut. */
  static String fit(String line, int width) {
    return line.length() < width ? line : line.substring(0, Math.max(0, width - 2)) + "…";
  }

  private static long sum(Map<String, Long> lag) {
    return lag.values().stream().mapToLong(Long::longValue).sum();
  }

  private static String ofTotal(long done, long total) {
    return total < 0
        ? String.format(Locale.ROOT, "%,d", done)
        : String.format(Locale.ROOT, "%,d/%,d", done, total);
  }

  private String elapsed() {
    long s = (System.nanoTime() - started) / 1_000_000_000L;
    return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  /** Records committed per source, as the replay saves them for resuming. */
  static Map<String, Long> sent(Path positionFile) {
    if (!Files.exists(positionFile)) {
      return Map.of();
    }
    try {
      JsonNode sent = JSON.readTree(positionFile.toFile()).path("sent");
      Map<String, Long> counts = new java.util.TreeMap<>();
      sent.properties().forEach(e -> counts.put(e.getKey(), e.getValue().asLong()));
      return counts;
    } catch (IOException e) {
      return Map.of(); // being replaced right now: the next look reads it
    }
  }

  /** Stops, leaving the figures as they are now on a line of their own. */
  void finish() {
    stopped = true;
    thread.interrupt();
    String last;
    try {
      last = line();
    } catch (RuntimeException e) {
      last = "progress: " + e.getMessage();
    }
    synchronized (out) {
      out.println((terminal ? "\r\033[K" : "") + last);
      out.flush();
    }
  }

  @Override
  public void close() {
    stopped = true;
    thread.interrupt();
    if (terminal) {
      synchronized (out) {
        out.print("\r\033[K");
        out.flush();
      }
    }
  }
}
