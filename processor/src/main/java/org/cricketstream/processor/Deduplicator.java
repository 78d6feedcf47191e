package org.cricketstream.processor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.cricketstream.cricsheet.model.Delivery;
import org.cricketstream.cricsheet.model.Keys;
import org.cricketstream.topics.DeadLetter;
import org.cricketstream.topics.Json;
import org.cricketstream.topics.MatchPartitioner;

/**
 * Removes the repeats that sources emit when they crash and replay. For every natural key it
 * remembers a digest of the last version it let through: the same version again produces nothing, a
 * changed version produces an update. It also numbers CSV2 deliveries within their innings as they
 * arrive (a ball row alone does not know its place), keeping a corrected ball's number.
 *
 * <p>The memory is bounded by a horizon: an entry not seen for that long is forgotten, so a repeat
 * arriving later than the horizon is let through again. It then carries the same key and the same
 * value, which a compacted topic and the warehouse's upsert absorb; the horizon only has to be
 * longer than the time a source can take to replay (a Test match lasts five days: default 7).
 *
 * <p>Runs after the repartition by match, so every key of a match is seen by one task, in order.
 */
final class Deduplicator implements Processor<String, CleanEvent, String, CleanEvent> {
  static final String STORE = "dedup-seen";

  /** Prefixes of bookkeeping entries; natural keys start with a match id, never with '#'. */
  private static final String SEQUENCE = "#seq/";

  private static final String TEAMS = "#teams/";

  private static final String OVER = "#over/";

  private final Duration horizon;
  private KeyValueStore<String, String> seen;
  private ProcessorContext<String, CleanEvent> context;
  private MessageDigest digest;

  Deduplicator(Duration horizon) {
    this.horizon = horizon;
  }

  @Override
  public void init(ProcessorContext<String, CleanEvent> context) {
    this.context = context;
    this.seen = context.getStateStore(STORE);
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
    Duration every = horizon.dividedBy(10);
    if (every.compareTo(Duration.ofHours(1)) > 0) {
      every = Duration.ofHours(1);
    }
    if (every.compareTo(Duration.ofSeconds(1)) < 0) {
      every = Duration.ofSeconds(1);
    }
    context.schedule(every, PunctuationType.WALL_CLOCK_TIME, this::forget);
  }

  @Override
  public void process(Record<String, CleanEvent> record) {
    CleanEvent event = record.value();
    long now = context.currentSystemTimeMs();
    switch (event.kind()) {
      case DEAD_LETTER -> emit(record, event);
      case DELIVERY -> delivery(record, event, now);
      case INNINGS -> {
        String teams = seen.get(TEAMS + event.innings().matchId());
        if (teams != null
            && !Entry.parse(teams).digest().contains("|" + event.innings().team() + "|")) {
          emit(
              record,
              misfit(
                  event,
                  record,
                  "team "
                      + event.innings().team()
                      + " is not playing in match "
                      + event.innings().matchId()));
          return;
        }
        letThrough(record, event, now);
      }
      case MATCH -> {
        if (letThrough(record, event, now)) {
          String teams = "|" + String.join("|", event.match().teams()) + "|";
          seen.put(TEAMS + event.match().matchId(), new Entry(teams, 0, now).toString());
        }
      }
      case PLAYER -> letThrough(record, event, now);
    }
  }

  /** Lets a new or changed version through; returns whether it did. */
  private boolean letThrough(Record<String, CleanEvent> record, CleanEvent event, long now) {
    String digestText = digestOf(event.value());
    String previous = seen.get(event.key());
    if (previous != null && Entry.parse(previous).digest().equals(digestText)) {
      seen.put(event.key(), new Entry(digestText, 0, now).toString());
      return false;
    }
    seen.put(event.key(), new Entry(digestText, 0, now).toString());
    emit(record, event);
    return true;
  }

  private void delivery(Record<String, CleanEvent> record, CleanEvent event, long now) {
    Delivery delivery = event.delivery();
    if (delivery.sequence() > 0) {
      letThrough(record, event, now);
      return;
    }
    csvBall(record, event, delivery, now);
  }

  /**
   * A CSV2 ball row arrives knowing its label but not its place in the innings, and its label can
   * be wrong: some files print the tenth ball of an over as N.1 (see CsvMatchReader#ballInOver). So
   * the place in the over and in the innings are assigned here, where a match's rows arrive in
   * commit order: a row matching a ball already seen is a repeat, a changed one is a correction,
   * and a row labelled 1 after the ninth ball of its over is the tenth.
   */
  private void csvBall(
      Record<String, CleanEvent> record, CleanEvent event, Delivery ball, long now) {
    String overKey = OVER + Keys.innings(ball.matchId(), ball.innings()) + "/" + ball.over();
    String overEntry = seen.get(overKey);
    int ballsInOver = overEntry == null ? 0 : Entry.parse(overEntry).sequence();
    // The digest leaves out the place, which is what is being decided.
    String digestText = digestOf(ball.withBall(0));
    int labelled = ball.ball();
    if (labelled <= ballsInOver) {
      if (sameAs(ball, labelled, digestText, now)) {
        return;
      }
      boolean tenthPrintedAsFirst = labelled == 1 && ballsInOver >= 9;
      if (tenthPrintedAsFirst && sameAs(ball, 10, digestText, now)) {
        return;
      }
      int place = tenthPrintedAsFirst && ballsInOver == 9 ? 10 : labelled;
      String previous = seen.get(Keys.delivery(ball.matchId(), ball.innings(), ball.over(), place));
      if (previous != null) {
        // A corrected ball: same place, same number in the innings, new content.
        int sequence = Entry.parse(previous).sequence();
        place(record, event, ball.withBall(place).withSequence(sequence), digestText, now);
        return;
      }
      labelled = place;
    }
    seen.put(overKey, new Entry("", Math.max(ballsInOver, labelled), now).toString());
    String counterKey = SEQUENCE + Keys.innings(ball.matchId(), ball.innings());
    String counter = seen.get(counterKey);
    int sequence = counter == null ? 1 : Entry.parse(counter).sequence() + 1;
    seen.put(counterKey, new Entry("", sequence, now).toString());
    place(record, event, ball.withBall(labelled).withSequence(sequence), digestText, now);
  }

  /**
   * Whether the ball at {@code place} of this ball's over was seen with this digest (and touches
   * it).
   */
  private boolean sameAs(Delivery ball, int place, String digestText, long now) {
    String key = Keys.delivery(ball.matchId(), ball.innings(), ball.over(), place);
    String previous = seen.get(key);
    if (previous == null) {
      return false;
    }
    Entry entry = Entry.parse(previous);
    if (!entry.digest().equals(digestText)) {
      return false;
    }
    seen.put(key, new Entry(digestText, entry.sequence(), now).toString());
    return true;
  }

  private void place(
      Record<String, CleanEvent> record,
      CleanEvent event,
      Delivery placed,
      String digestText,
      long now) {
    seen.put(placed.key(), new Entry(digestText, placed.sequence(), now).toString());
    emit(record, event.withDelivery(placed));
  }

  private void emit(Record<String, CleanEvent> record, CleanEvent event) {
    context.forward(new Record<>(event.key(), event, record.timestamp(), new RecordHeaders()));
  }

  private CleanEvent misfit(CleanEvent event, Record<String, CleanEvent> record, String reason) {
    CleanEvent.Source source = event.source();
    DeadLetter letter =
        DeadLetter.of(
            source.topic(),
            source.partition(),
            source.offset(),
            record.timestamp(),
            event.key(),
            java.util.Map.of(),
            "match " + MatchPartitioner.matchIdOf(event.key()),
            reason,
            "MisfitRecord",
            digestSource(event.value()).getBytes(StandardCharsets.UTF_8));
    return CleanEvent.deadLetter(event.key(), letter);
  }

  /** Forgets entries not seen within the horizon. */
  private void forget(long now) {
    long cutoff = now - horizon.toMillis();
    List<String> expired = new ArrayList<>();
    try (KeyValueIterator<String, String> all = seen.all()) {
      while (all.hasNext()) {
        KeyValue<String, String> entry = all.next();
        if (Entry.parse(entry.value).lastSeen() < cutoff) {
          expired.add(entry.key);
        }
      }
    }
    expired.forEach(seen::delete);
  }

  private String digestOf(Object value) {
    byte[] hash = digest.digest(digestSource(value).getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(hash, 0, 16);
  }

  private static String digestSource(Object value) {
    try {
      return Json.MAPPER.writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("clean values always serialize", e);
    }
  }

  /** What the store keeps per key: a digest, a sequence number, and when it was last seen. */
  record Entry(String digest, int sequence, long lastSeen) {
    static Entry parse(String text) {
      int last = text.lastIndexOf(';');
      int middle = text.lastIndexOf(';', last - 1);
      return new Entry(
          text.substring(0, middle),
          Integer.parseInt(text.substring(middle + 1, last)),
          Long.parseLong(text.substring(last + 1)));
    }

    @Override
    public String toString() {
      return digest + ";" + sequence + ";" + lastSeen;
    }
  }
}
