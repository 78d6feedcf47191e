package org.cricketstream.cricsheet.model;

/**
 * A player who took part in a match for a team.
 *
 * @param matchId the match
 * @param team the team the player appeared for
 * @param name the player's name as Cricsheet writes it (it may carry a suffix like "(2)")
 * @param registryId Cricsheet's 8-hex people id, or null when the registry does not name the player
 * @param role how the player came to appear: in the named side, or as a replacement or supersub
 * @param replaced for a replacement or supersub, the player they replaced, if known
 */
public record PlayerAppearance(
    String matchId, String team, String name, String registryId, Role role, String replaced) {

  /** How a player came to be part of a match. */
  public enum Role {
    PLAYING,
    REPLACEMENT,
    SUPERSUB
  }

  /** Natural key, the same whichever file format the match came from. */
  public String key() {
    return Keys.player(matchId, team, name);
  }
}
