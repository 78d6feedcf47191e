package org.cricketstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sink's commits as its log tells them ({@code committed N records as M rows in T ms (load L
 * ms, merge G ms, commit C ms, after A ms)}), added up: how many, how many records, and where their
 * time went.
 */
final class SinkCommits {
  private static final Pattern LINE =
      Pattern.compile(
          "committed (\\d+) records as \\d+ rows in (\\d+) ms \\(load (\\d+) ms, merge (\\d+) ms,"
              + " commit (\\d+) ms, after (\\d+) ms\\)");

  private long commits;
  private long records;
  private final long[] millis = new long[5]; // total, load, merge, commit, after

  /** Adds up the commit lines of these log files (oldest first). */
  static SinkCommits of(List<Path> logs) throws IOException {
    SinkCommits sum = new SinkCommits();
    for (Path log : logs) {
      if (Files.exists(log)) {
        try (var lines = Files.lines(log)) {
          lines.forEach(sum::add);
        }
      }
    }
    return sum;
  }

  void add(String line) {
    Matcher m = LINE.matcher(line);
    if (!m.find()) {
      return;
    }
    commits++;
    records += Long.parseLong(m.group(1));
    for (int i = 0; i < millis.length; i++) {
      millis[i] += Long.parseLong(m.group(i + 2));
    }
  }

  /** The figures for e2e.json: commits, records, and seconds in each part of a commit. */
  Map<String, Object> figures() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("commits", commits);
    f.put("records", records);
    String[] parts = {"seconds", "loadSeconds", "mergeSeconds", "commitSeconds", "afterSeconds"};
    for (int i = 0; i < parts.length; i++) {
      f.put(parts[i], Math.round(millis[i] / 100.0) / 10.0);
    }
    return f;
  }
}
