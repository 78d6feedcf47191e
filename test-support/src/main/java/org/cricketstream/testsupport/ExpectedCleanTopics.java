package org.cricketstream.testsupport;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cricketstream.cricsheet.model.Delivery;
import org.cricketstream.cricsheet.model.Innings;
import org.cricketstream.cricsheet.model.Match;
import org.cricketstream.cricsheet.model.PlayerAppearance;
import org.cricketstream.topics.Topics;

/**
 * What the clean topics must hold for a set of matches read straight from their files: per topic,
 * natural key to value. An oracle for tests that run the pipeline, written here from the model
 * alone, deliberately simple, and without calling the processor's own code (its decoders and {@code
 * RawDecoder.explode}), so a mistake there cannot hide in the expectation.
 */
public final class ExpectedCleanTopics {
  private final Map<String, Map<String, Object>> byTopic = new HashMap<>();

  /** Adds every entity of the match: its information (without players), players, innings, balls. */
  public ExpectedCleanTopics add(Match match) {
    put(Topics.MATCHES.name(), match.info().key(), match.info().withPlayers(List.of()));
    for (PlayerAppearance player : match.info().players()) {
      put(Topics.PLAYERS.name(), player.key(), player);
    }
    for (Innings innings : match.innings()) {
      put(Topics.INNINGS.name(), innings.key(), innings.header());
      for (Delivery ball : innings.deliveries()) {
        put(Topics.DELIVERIES.name(), ball.key(), ball);
      }
    }
    return this;
  }

  /** Per clean topic, natural key to value. */
  public Map<String, Map<String, Object>> byTopic() {
    return byTopic;
  }

  private void put(String topic, String key, Object value) {
    byTopic.computeIfAbsent(topic, t -> new HashMap<>()).put(key, value);
  }
}
