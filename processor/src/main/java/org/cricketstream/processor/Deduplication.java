package org.cricketstream.processor;

import com.dynatrace.hash4j.hashing.HashValue128;
import com.dynatrace.hash4j.hashing.Hasher128;
import com.dynatrace.hash4j.hashing.Hashing;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.cricketstream.cricsheet.model.Delivery;
import org.cricketstream.cricsheet.model.Keys;
import org.cricketstream.topics.DeadLetter;
import org.cricketstream.topics.Json;
import org.cricketstream.topics.JsonSerde;
import org.cricketstream.topics.MatchPartitioner;

/**
 * Removes the repeats that sources emit when they crash and replay. For every natural key it
 * remembers a digest of the last version it let through: the same version again produces nothing, a
 * changed version produces an update. It also numbers CSV2 deliveries within their innings as they
 * arrive (a ball row alone does not know its place), keeping a corrected ball's number. The
 * deliveries of a match document (numbered by the document) are remembered per innings, in one
 * entry for the innings' balls, since a document brings its innings whole.
 *
 * <p>The memory is bounded by a horizon: an entry not seen for that long is forgotten, so a repeat
 * arriving later than the horizon is let through again. It then carries the same key and the same
 * value, which a compacted topic and the warehouse's upsert absorb; the horizon only has to be
 * longer than the time a source can take to replay (a Test match lasts five days: default 7).
 *
 * <p>The topology runs it after the repartition by match ({@link Deduplicator}, memory in a state
 * store), so every key of a match is seen by one task, in order; {@code ./cricket rebuild} runs it
 * over the landing layer with {@link #inMemory}. Pure logic: it knows nothing of Kafka.
 */
public final class Deduplication {
  /** What the de-duplication remembers, per key: a state store, or a map. */
  public interface Memory {
    String get(String key);

    void put(String key, String value);

    void delete(String key);

    /** Every entry, in any order; the memory is not changed while this runs. */
    void forEach(BiConsumer<String, String> entry);
  }

  /** Prefixes of bookkeeping entries; natural keys start with a match id, never with '#'. */
  private static final String SEQUENCE = "#seq/";

  private static final String TEAMS = "#teams/";

  private static final String OVER = "#over/";

  /**
   * Prefix of a document innings' entry: the digests of the deliveries a match document (T20I JSON,
   * Test YAML) gave that innings, by over and ball. A document brings its innings whole, so one
   * entry read and written per innings and document does what an entry per ball did with a read and
   * a write (a changelog record) per ball.
   */
  private static final String INNINGS = "#innings/";

  private static final Hasher128 DIGEST = Hashing.murmur3_128();

  private static final HexFormat HEX = HexFormat.of();

  private final Duration horizon;
  private final Memory seen;

  /** What one call lets through, in order; a field so the steps below need not pass it along. */
  private List<CleanEvent> out = new ArrayList<>();

  /** The event's record timestamp, for the dead letters it may become. */
  private long timestamp;

  public Deduplication(Duration horizon, Memory memory) {
    this.horizon = horizon;
    this.seen = memory;
  }

  /** A de-duplication whose memory is a map in this process (for replays outside Kafka). */
  public static Deduplication inMemory(Duration horizon) {
    Map<String, String> map = new HashMap<>();
    return new Deduplication(
        horizon,
        new Memory() {
          @Override
          public void forEach(BiConsumer<String, String> entry) {
            map.forEach(entry);
          }

          @Override
          public String get(String key) {
            return map.get(key);
          }

          @Override
          public void delete(String key) {
            map.remove(key);
          }

          @Override
          public void put(String key, String value) {
            map.put(key, value);
          }
        });
  }

  /** How often {@link #forget} should run: a tenth of the horizon, between 1 s and 1 h. */
  public Duration forgetEvery() {
    Duration every = horizon.dividedBy(10);
    if (every.compareTo(Duration.ofHours(1)) > 0) {
      every = Duration.ofHours(1);
    }
    if (every.compareTo(Duration.ofSeconds(1)) < 0) {
      every = Duration.ofSeconds(1);
    }
    return every;
  }

  /**
   * The events to pass on for the events one raw record was decoded into, in order: none for a
   * repeat, the event (CSV2 balls placed in their over and innings) when new or changed, or a dead
   * letter for an innings of a team not in its match. The deliveries a match document numbered are
   * compared with their innings' entries, each read once and written once for the record.
   *
   * @param timestamp the record's timestamp, carried by a dead letter made here
   * @param now the clock entries are stamped with, against which {@link #forget} measures
   */
  public List<CleanEvent> process(List<CleanEvent> decoded, long timestamp, long now) {
    this.out = new ArrayList<>();
    this.timestamp = timestamp;
    Map<String, Map<String, String>> innings = new LinkedHashMap<>();
    for (CleanEvent event : decoded) {
      if (event.kind() == CleanEvent.Kind.DELIVERY && event.delivery().sequence() > 0) {
        documentDelivery(event, innings);
      } else {
        step(event, now);
      }
    }
    innings.forEach((key, digests) -> seen.put(key, inningsEntry(digests, now)));
    return out;
  }

  private void step(CleanEvent event, long now) {
    switch (event.kind()) {
      // a heartbeat is no source fact to repeat: each is passed on, the warehouse keeps the latest
      case DEAD_LETTER, HEARTBEAT -> emit(event);
      // a CSV2 ball; one a document numbered is compared by documentDelivery
      case DELIVERY -> csvBall(event, event.delivery(), now);
      case INNINGS -> {
        String teams = seen.get(TEAMS + event.innings().matchId());
        if (teams != null
            && !Entry.parse(teams).digest().contains("|" + event.innings().team() + "|")) {
          emit(
              misfit(
                  event,
                  "team "
                      + event.innings().team()
                      + " is not playing in match "
                      + event.innings().matchId()));
        } else {
          letThrough(event, now);
        }
      }
      case MATCH -> {
        if (letThrough(event, now)) {
          String teams = "|" + String.join("|", event.match().teams()) + "|";
          seen.put(TEAMS + event.match().matchId(), new Entry(teams, 0, now).toString());
        }
      }
      case PLAYER -> letThrough(event, now);
    }
  }

  /** Lets a new or changed version through; returns whether it did. */
  private boolean letThrough(CleanEvent event, long now) {
    String digestText = digestOf(event.value());
    String previous = seen.get(event.key());
    if (previous != null && Entry.parse(previous).digest().equals(digestText)) {
      seen.put(event.key(), new Entry(digestText, 0, now).toString());
      return false;
    }
    seen.put(event.key(), new Entry(digestText, 0, now).toString());
    emit(event);
    return true;
  }

  /**
   * A delivery a document numbered within its innings: let through when its innings' entry has no
   * digest for its over and ball, or another one. {@code innings} holds the entries this record has
   * read so far, changed in place.
   */
  private void documentDelivery(CleanEvent event, Map<String, Map<String, String>> innings) {
    Delivery delivery = event.delivery();
    Map<String, String> digests =
        innings.computeIfAbsent(
            INNINGS + Keys.innings(delivery.matchId(), delivery.innings()),
            key -> inningsDigests(seen.get(key)));
    String digestText = digestOf(event.value());
    String previous = digests.put(delivery.over() + "." + delivery.ball(), digestText);
    if (!digestText.equals(previous)) {
      emit(event);
    }
  }

  /** An innings' entry's digests by over and ball ("over.ball=digest,..."), in their order. */
  private static Map<String, String> inningsDigests(String entry) {
    Map<String, String> digests = new LinkedHashMap<>();
    if (entry == null) {
      return digests;
    }
    String text = Entry.parse(entry).digest();
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf(',', start);
      if (end < 0) {
        end = text.length();
      }
      int equals = text.indexOf('=', start);
      digests.put(text.substring(start, equals), text.substring(equals + 1, end));
      start = end + 1;
    }
    return digests;
  }

  private static String inningsEntry(Map<String, String> digests, long now) {
    StringBuilder text = new StringBuilder(digests.size() * 40);
    digests.forEach(
        (ball, digest) -> {
          if (!text.isEmpty()) {
            text.append(',');
          }
          text.append(ball).append('=').append(digest);
        });
    return new Entry(text.toString(), 0, now).toString();
  }

  /**
   * A CSV2 ball row arrives knowing its label but not its place in the innings, and its label can
   * be wrong: some files print the tenth ball of an over as N.1 (see CsvMatchReader#ballInOver). So
   * the place in the over and in the innings are assigned here, where a match's rows arrive in
   * commit order: a row matching a ball already seen is a repeat, a changed one is a correction,
   * and a row labelled 1 after the ninth ball of its over is the tenth.
   */
  private void csvBall(CleanEvent event, Delivery ball, long now) {
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
        place(event, ball.withBall(place).withSequence(sequence), digestText, now);
        return;
      }
      labelled = place;
    }
    seen.put(overKey, new Entry("", Math.max(ballsInOver, labelled), now).toString());
    String counterKey = SEQUENCE + Keys.innings(ball.matchId(), ball.innings());
    String counter = seen.get(counterKey);
    int sequence = counter == null ? 1 : Entry.parse(counter).sequence() + 1;
    seen.put(counterKey, new Entry("", sequence, now).toString());
    place(event, ball.withBall(labelled).withSequence(sequence), digestText, now);
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

  private void place(CleanEvent event, Delivery placed, String digestText, long now) {
    seen.put(placed.key(), new Entry(digestText, placed.sequence(), now).toString());
    emit(event.withDelivery(placed));
  }

  private void emit(CleanEvent event) {
    out.add(event);
  }

  private CleanEvent misfit(CleanEvent event, String reason) {
    CleanEvent.Source source = event.source();
    DeadLetter letter =
        DeadLetter.of(
            source.topic(),
            source.partition(),
            source.offset(),
            timestamp,
            event.key(),
            java.util.Map.of(),
            "match " + MatchPartitioner.matchIdOf(event.key()),
            reason,
            "MisfitRecord",
            digestSource(event.value()).getBytes(StandardCharsets.UTF_8));
    return CleanEvent.deadLetter(event.key(), letter);
  }

  /** Forgets entries not seen within the horizon before {@code now}. */
  public void forget(long now) {
    long cutoff = now - horizon.toMillis();
    List<String> expired = new ArrayList<>();
    seen.forEach(
        (key, value) -> {
          if (Entry.parse(value).lastSeen() < cutoff) {
            expired.add(key);
          }
        });
    expired.forEach(seen::delete);
  }

  /**
   * The digest of a value's JSON, which its topic's serde then writes without writing again: 128
   * bits of MurmurHash3, which tells a changed version from a repeat as well as SHA-256's first 128
   * did, at a fraction of the cost on the client compiler the stack's JVMs run (SHA-256 took 12% of
   * the processor's time there; nothing here needs a digest an adversary cannot forge).
   */
  private static String digestOf(Object value) {
    HashValue128 hash = DIGEST.hashBytesTo128Bits(JsonSerde.remember(value));
    return HEX.toHexDigits(hash.getMostSignificantBits())
        + HEX.toHexDigits(hash.getLeastSignificantBits());
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
