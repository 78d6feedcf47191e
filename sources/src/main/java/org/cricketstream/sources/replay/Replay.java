package org.cricketstream.sources.replay;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.cricketstream.cricsheet.read.CricsheetFormatException;
import org.cricketstream.cricsheet.read.CricsheetReader;
import org.cricketstream.cricsheet.read.MatchFiles;

/**
 * The application server: replays Cricsheet files as live OLTP traffic, each source at its own
 * pace, in its own thread. JSON matches are inserted into MongoDB, CSV2 matches committed row by
 * row to PostgreSQL, YAML matches put into S3 for the Lambda. Each file is read with the project's
 * readers first: a file that is not a valid match is reported with its location and not sent.
 */
public final class Replay {
  /** The sources, by the file kind each takes. */
  public enum Source {
    T20I(MatchFiles.Kind.JSON),
    ODI(MatchFiles.Kind.CSV_BALLS),
    TEST(MatchFiles.Kind.YAML);

    final MatchFiles.Kind kind;

    Source(MatchFiles.Kind kind) {
      this.kind = kind;
    }

    String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * How to replay.
   *
   * @param pace time between two records of one match (0: as fast as the store accepts)
   * @param crashReplay fraction of records each source commits a second time later, in bursts, as a
   *     source that crashed and replayed would (0: none)
   * @param seed makes the crash replays reproducible
   * @param positionFile where progress is kept for resuming
   * @param sessions how many matches of one source are committed at the same time, each by its own
   *     session (database connection), each match in its order
   */
  public record Options(
      Duration pace, double crashReplay, long seed, Path positionFile, int sessions) {
    /** Sessions per source when not told: several users of each application at once. */
    public static final int DEFAULT_SESSIONS = 4;

    public Options {
      if (sessions < 1) {
        throw new IllegalArgumentException("sessions must be at least 1, not " + sessions);
      }
    }

    public Options(Duration pace, double crashReplay, long seed, Path positionFile) {
      this(pace, crashReplay, seed, positionFile, DEFAULT_SESSIONS);
    }
  }

  private final List<Path> inputs;
  private final Options options;
  private final Map<Source, SourceSink> sinks;
  private final PrintWriter log;
  private final ReplayPosition position;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final Map<Source, AtomicLong> committed = new ConcurrentHashMap<>();
  private final Map<Source, AtomicLong> repeated = new ConcurrentHashMap<>();
  private final List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());

  /**
   * A replay of {@code inputs} into the given sinks (a source without a sink is not replayed; its
   * files are counted and reported as not sent).
   */
  public Replay(
      List<Path> inputs, Options options, Map<Source, SourceSink> sinks, PrintWriter log) {
    this.inputs = List.copyOf(inputs);
    this.options = options;
    this.sinks = Map.copyOf(sinks);
    this.log = log;
    this.position = ReplayPosition.load(options.positionFile(), inputs);
    for (Source source : Source.values()) {
      committed.put(source, new AtomicLong());
      repeated.put(source, new AtomicLong());
    }
  }

  /** What a replay did. */
  public record Summary(
      Map<String, Long> committed, Map<String, Long> repeated, List<String> errors) {}

  /** Runs every source to the end of the inputs (or until {@link #stop}); returns what it did. */
  public Summary run() throws InterruptedException {
    reportSourcesNotReplayed();
    List<Thread> threads = new ArrayList<>();
    for (Map.Entry<Source, SourceSink> entry : sinks.entrySet()) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  replay(entry.getKey(), entry.getValue());
                } catch (CommitFailed e) {
                  // this source stops here; its position stays at the last committed record
                  errors.add(e.getMessage());
                  log.println(e.getMessage());
                  log.flush();
                }
              },
              "replay-" + entry.getKey().key());
      thread.start();
      threads.add(thread);
    }
    Thread progress = new Thread(this::progress, "replay-progress");
    progress.setDaemon(true);
    progress.start();
    for (Thread thread : threads) {
      thread.join();
    }
    position.saveAll();
    progress.interrupt();
    printProgress();
    return summary();
  }

  /** Files of a source without a sink are not replayed here: say so, never drop them silently. */
  private void reportSourcesNotReplayed() {
    for (Source source : Source.values()) {
      if (sinks.containsKey(source)) {
        continue;
      }
      long[] files = {0};
      MatchFiles.entries(inputs, e -> files[0] += e.kind() == source.kind ? 1 : 0, f -> {});
      if (files[0] > 0) {
        log.printf(
            "%d %s files are not replayed here: %s%n",
            files[0],
            source.kind,
            source == Source.TEST
                ? "Test YAML reaches S3 through the Lambda emitter (./cricket lambda-runner)"
                : "no store is configured for them");
        log.flush();
      }
    }
  }

  /** Asks every source to stop after its current record. */
  public void stop() {
    stopping.set(true);
  }

  Summary summary() {
    Map<String, Long> done = new java.util.TreeMap<>();
    Map<String, Long> again = new java.util.TreeMap<>();
    committed.forEach((s, n) -> done.put(s.key(), n.get()));
    repeated.forEach((s, n) -> again.put(s.key(), n.get()));
    return new Summary(done, again, List.copyOf(errors));
  }

  /** One match's records for a session to commit, in order. */
  private record MatchWork(Watermark.Slot slot, List<ReplayRecord> records) {}

  /** Tells a session there is no more work (the only one without a slot). */
  private static final MatchWork END = new MatchWork(null, List.of());

  /**
   * Replays one source: this thread reads the files in order and hands each match to the first free
   * session; each session commits its match's records in order. A session that cannot commit stops
   * the source (its position stays where every earlier record is committed).
   */
  private void replay(Source source, SourceSink sink) {
    long resumeFrom = position.sent(source.key());
    Watermark committedUpTo = new Watermark(resumeFrom);
    AtomicBoolean failed = new AtomicBoolean();
    BlockingQueue<MatchWork> work = new ArrayBlockingQueue<>(options.sessions());
    List<Thread> sessions = new ArrayList<>();
    for (int n = 0; n < options.sessions(); n++) {
      SourceSink session = n == 0 ? sink : sink.newSession();
      SplittableRandom random = new SplittableRandom(options.seed() ^ source.key().hashCode() ^ n);
      Thread thread =
          new Thread(
              () -> {
                try {
                  commitMatches(source, session, work, committedUpTo, failed, random);
                } finally {
                  if (session != sink) {
                    session.close();
                  }
                }
              },
              "replay-" + source.key() + "-" + n);
      thread.start();
      sessions.add(thread);
    }
    long[] index = {0};
    try {
      MatchFiles.entries(
          inputs,
          entry -> {
            if (stopping.get() || failed.get() || entry.kind() != source.kind) {
              return;
            }
            List<ReplayRecord> records;
            try {
              records = records(source, entry);
            } catch (CricsheetFormatException e) {
              errors.add(e.getMessage());
              log.printf("not sent: %s%n", e.getMessage());
              log.flush();
              return;
            } catch (IOException e) {
              errors.add(entry.origin() + ": " + e.getMessage());
              return;
            }
            long first = index[0];
            index[0] += records.size();
            if (index[0] <= resumeFrom) {
              return; // committed before the replay stopped
            }
            List<ReplayRecord> left =
                records.subList((int) Math.max(0, resumeFrom - first), records.size());
            handOver(work, new MatchWork(committedUpTo.add(left.size()), left));
          },
          bad -> errors.add(bad.error().getMessage()));
    } finally {
      for (int n = 0; n < sessions.size(); n++) {
        handOver(work, END);
      }
      for (Thread thread : sessions) {
        joinQuietly(thread);
      }
    }
  }

  private void commitMatches(
      Source source,
      SourceSink session,
      BlockingQueue<MatchWork> work,
      Watermark committedUpTo,
      AtomicBoolean failed,
      SplittableRandom random) {
    List<ReplayRecord> crashWindow = new ArrayList<>();
    try {
      while (true) {
        MatchWork match = work.take();
        if (match.slot() == null) { // END
          break;
        }
        for (ReplayRecord record : match.records()) {
          if (stopping.get() || failed.get()) {
            break;
          }
          commit(session, record);
          position.reached(source.key(), committedUpTo.committed(match.slot()));
          committed.get(source).incrementAndGet();
          if (options.crashReplay() > 0 && random.nextDouble() < options.crashReplay()) {
            crashWindow.add(record);
          }
          if (crashWindow.size() >= 10) {
            replayAfterCrash(source, session, crashWindow);
          }
          pace();
        }
      }
      replayAfterCrash(source, session, crashWindow);
    } catch (CommitFailed e) {
      // this source stops here; its position stays where every earlier record is committed
      if (!failed.getAndSet(true)) {
        errors.add(e.getMessage());
        log.println(e.getMessage());
        log.flush();
      }
      work.clear();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits for a free place in the queue; a failed source's sessions still take what comes. */
  private static void handOver(BlockingQueue<MatchWork> work, MatchWork match) {
    try {
      work.put(match);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void joinQuietly(Thread thread) {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A crashed source comes back and commits a burst of records it had already committed. */
  private void replayAfterCrash(Source source, SourceSink sink, List<ReplayRecord> window) {
    for (ReplayRecord record : window) {
      commit(sink, record);
      repeated.get(source).incrementAndGet();
    }
    window.clear();
  }

  /**
   * Commits a record, waiting out an unreachable store (a source database may restart), with
   * backoff from 100 ms to 5 s, until it answers or the replay stops. Which errors mean
   * "unreachable" is {@link StoreErrors}' decision; any other error fails the record at once.
   */
  private void commit(SourceSink sink, ReplayRecord record) {
    RetryPolicy<Object> waitForStore =
        RetryPolicy.builder()
            .handleIf(StoreErrors::unreachable)
            .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(5))
            .withMaxRetries(-1)
            .abortIf((result, error) -> stopping.get())
            .onRetry(
                e -> {
                  if (e.getAttemptCount() == 1) {
                    log.printf(
                        "%s: cannot commit %s (%s); retrying%n",
                        sink.name(), record.origin(), e.getLastException().getMessage());
                    log.flush();
                  }
                })
            .onSuccess(
                e -> {
                  if (e.getAttemptCount() > 1) {
                    log.printf("%s: store reachable again%n", sink.name());
                    log.flush();
                  }
                })
            .build();
    try {
      Failsafe.with(waitForStore).run(() -> sink.send(record));
    } catch (FailsafeException e) {
      throw new CommitFailed(sink.name() + ": cannot commit " + record.origin(), e.getCause());
    } catch (RuntimeException e) {
      throw new CommitFailed(sink.name() + ": cannot commit " + record.origin(), e);
    }
  }

  /** A record its store refused (or the replay stopped while the store was unreachable). */
  static final class CommitFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CommitFailed(String message, Throwable cause) {
      super(message + ": " + cause.getMessage(), cause);
    }
  }

  private void pace() {
    if (!options.pace().isZero()) {
      position.save();
      sleep(options.pace().toMillis());
    } else if (committed.values().stream().mapToLong(AtomicLong::get).sum() % 500 == 0) {
      position.save();
    }
  }

  /** The records one file becomes for its source; the file is read (and so checked) first. */
  public static List<ReplayRecord> records(Source source, MatchFiles.Entry entry)
      throws IOException {
    String id = entry.matchId();
    switch (source) {
      case T20I -> {
        byte[] json = readAll(entry.data());
        CricsheetReader.json(id, entry.origin(), new ByteArrayInputStream(json));
        return List.of(new ReplayRecord.T20Document(entry.origin(), id, json));
      }
      case TEST -> {
        byte[] yaml = readAll(entry.data());
        CricsheetReader.yaml(id, entry.origin(), yaml);
        return List.of(new ReplayRecord.TestFile(entry.origin(), id, yaml));
      }
      case ODI -> {
        byte[] balls = readAll(entry.data());
        try (InputStream infoIn = entry.info().open()) {
          if (infoIn == null) {
            throw new CricsheetFormatException(
                entry.origin(), "file", "CSV2 ball file without its info file " + id + "_info.csv");
          }
          String info = new String(infoIn.readAllBytes(), StandardCharsets.UTF_8);
          CricsheetReader.csv(
              id,
              org.cricketstream.cricsheet.model.MatchFormat.ODI,
              entry.origin(),
              reader(balls),
              entry.infoOrigin(),
              new java.io.StringReader(info));
          List<ReplayRecord> records = new ArrayList<>();
          records.add(new ReplayRecord.OdiMatch(entry.infoOrigin(), id, info));
          try (CSVParser parser =
              CSVFormat.DEFAULT.builder().setHeader().get().parse(reader(balls))) {
            for (CSVRecord row : parser) {
              records.add(
                  new ReplayRecord.OdiBall(
                      entry.origin() + ":" + (row.getRecordNumber() + 1), row.toList()));
            }
          }
          return records;
        }
      }
    }
    throw new IllegalStateException("unknown source " + source);
  }

  private static byte[] readAll(MatchFiles.Opener opener) throws IOException {
    try (InputStream in = opener.open()) {
      return in.readAllBytes();
    }
  }

  private static Reader reader(byte[] bytes) {
    return new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8);
  }

  private void progress() {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(2000);
      } catch (InterruptedException e) {
        return;
      }
      printProgress();
    }
  }

  private void printProgress() {
    StringBuilder line = new StringBuilder("replay:");
    for (Source source : sinks.keySet()) {
      line.append(
          String.format(
              " %s %d committed (+%d repeated);",
              sinks.get(source).name(), committed.get(source).get(), repeated.get(source).get()));
    }
    line.append(" errors ").append(errors.size());
    log.println(line);
    log.flush();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
