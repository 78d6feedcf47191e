package org.cricketstream.processor;

import org.cricketstream.cricsheet.model.Delivery;
import org.cricketstream.cricsheet.model.Innings;
import org.cricketstream.cricsheet.model.MatchInfo;
import org.cricketstream.cricsheet.model.PlayerAppearance;
import org.cricketstream.topics.DeadLetter;
import org.cricketstream.topics.Heartbeat;

/**
 * One record on its way to a clean topic (or to the dead-letter topic), as it travels through the
 * processor's internal repartition topic. Exactly one of the values is set, as {@code kind} says.
 *
 * @param key the natural key of the entity (for a dead letter: the match id, when known)
 * @param source where the raw record was read
 */
public record CleanEvent(
    Kind kind,
    String key,
    Source source,
    MatchInfo match,
    PlayerAppearance player,
    Innings innings,
    Delivery delivery,
    DeadLetter deadLetter,
    Heartbeat heartbeat) {

  /** The coordinates of the raw record an event came from. */
  public record Source(String topic, int partition, long offset) {
    @Override
    public String toString() {
      return topic + "/" + partition + "@" + offset;
    }
  }

  /** Which clean topic the event is for. */
  public enum Kind {
    MATCH,
    PLAYER,
    INNINGS,
    DELIVERY,
    DEAD_LETTER,
    HEARTBEAT
  }

  public static CleanEvent match(MatchInfo match, Source source) {
    return new CleanEvent(Kind.MATCH, match.key(), source, match, null, null, null, null, null);
  }

  public static CleanEvent player(PlayerAppearance player, Source source) {
    return new CleanEvent(Kind.PLAYER, player.key(), source, null, player, null, null, null, null);
  }

  public static CleanEvent innings(Innings innings, Source source) {
    return new CleanEvent(
        Kind.INNINGS, innings.key(), source, null, null, innings, null, null, null);
  }

  public static CleanEvent delivery(Delivery delivery, Source source) {
    return new CleanEvent(
        Kind.DELIVERY, delivery.key(), source, null, null, null, delivery, null, null);
  }

  public static CleanEvent deadLetter(String key, DeadLetter deadLetter) {
    return new CleanEvent(
        Kind.DEAD_LETTER,
        key,
        new Source(deadLetter.sourceTopic(), deadLetter.partition(), deadLetter.offset()),
        null,
        null,
        null,
        null,
        deadLetter,
        null);
  }

  public static CleanEvent heartbeat(Heartbeat heartbeat, Source source) {
    return new CleanEvent(
        Kind.HEARTBEAT, heartbeat.key(), source, null, null, null, null, null, heartbeat);
  }

  /** The entity this event carries. */
  public Object value() {
    return switch (kind) {
      case MATCH -> match;
      case PLAYER -> player;
      case INNINGS -> innings;
      case DELIVERY -> delivery;
      case DEAD_LETTER -> deadLetter;
      case HEARTBEAT -> heartbeat;
    };
  }

  /** The same event with another delivery (a CSV2 ball once its place in the innings is known). */
  public CleanEvent withDelivery(Delivery newDelivery) {
    return new CleanEvent(
        kind, newDelivery.key(), source, null, null, null, newDelivery, null, null);
  }
}
