package org.cricketstream.cricsheet.model;

import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything about a match except its innings: who, where, when, and the recorded result.
 *
 * @param matchId Cricsheet's match id (the file name without its extension)
 * @param source the file format the match was read from
 * @param dataVersion Cricsheet's format version of that file (data_version, or the CSV2 info
 *     version)
 * @param matchType Cricsheet's match_type text; CSV2 does not record it, so it is derived from the
 *     format
 * @param matchTypeNumber e.g. ODI no. 4157, when recorded
 * @param teamType "international" or "club": as the file says, or derived by {@link #teamTypeOr}
 *     where it says nothing (Cricsheet's YAML never does)
 * @param competition the domestic or franchise competition (YAML's {@code info.competition}, e.g.
 *     "Sheffield Shield"), when recorded; international matches name their series in {@code event}
 * @param season as written: "2019", "2019/20"
 * @param scheduledOvers overs per side for limited-overs matches, when recorded
 * @param players the named sides plus replacements and supersubs
 * @param people Cricsheet registry: name to 8-hex id (includes officials and substitutes)
 * @param missing what Cricsheet says it does not know about the match, as written
 * @param bowlOut the attempts of a bowl-out that decided a tie
 */
public record MatchInfo(
    String matchId,
    SourceFormat source,
    String dataVersion,
    MatchFormat format,
    String matchType,
    Integer matchTypeNumber,
    String gender,
    String teamType,
    String competition,
    List<String> teams,
    String season,
    List<LocalDate> dates,
    Event event,
    String venue,
    String city,
    boolean neutralVenue,
    Toss toss,
    Officials officials,
    int ballsPerOver,
    Integer scheduledOvers,
    Outcome outcome,
    List<String> playersOfMatch,
    List<PlayerAppearance> players,
    Map<String, String> people,
    List<String> missing,
    List<BowlOutAttempt> bowlOut) {

  public MatchInfo {
    teams = List.copyOf(teams);
    dates = List.copyOf(dates);
    playersOfMatch = List.copyOf(playersOfMatch);
    players = List.copyOf(players);
    // Sorted, so the match serializes (and digests) the same in every JVM.
    people = Collections.unmodifiableMap(new TreeMap<>(people));
    missing = List.copyOf(missing);
    bowlOut = List.copyOf(bowlOut);
  }

  /** Natural key, the same whichever file format the match came from. */
  public String key() {
    return Keys.match(matchId);
  }

  /** The same match information with another list of players. */
  public MatchInfo withPlayers(List<PlayerAppearance> newPlayers) {
    return new MatchInfo(
        matchId,
        source,
        dataVersion,
        format,
        matchType,
        matchTypeNumber,
        gender,
        teamType,
        competition,
        teams,
        season,
        dates,
        event,
        venue,
        city,
        neutralVenue,
        toss,
        officials,
        ballsPerOver,
        scheduledOvers,
        outcome,
        playersOfMatch,
        newPlayers,
        people,
        missing,
        bowlOut);
  }

  /**
   * The team type a file gives, or else the one its other keys imply: Cricsheet names a competition
   * only for club cricket (domestic leagues, franchises, counties), so a match without one is
   * international. Every file of {@code yaml_wide/} agrees with the team type Cricsheet's own index
   * gives it.
   */
  public static String teamTypeOr(String written, String competition) {
    if (written != null) {
      return written;
    }
    return competition != null ? "club" : "international";
  }

  /**
   * The team type as a Cricsheet file that can leave it out writes it: null when {@link
   * #teamTypeOr} would derive the same value from the file's other keys.
   */
  public String writtenTeamType() {
    return teamType != null && teamType.equals(teamTypeOr(null, competition)) ? null : teamType;
  }

  /** The name of what the match was played in: its competition, else its event, else null. */
  public String competitionOrEvent() {
    if (competition != null) {
      return competition;
    }
    return event == null ? null : event.name();
  }

  /** The other team of the two. */
  public String opponentOf(String team) {
    return teams.get(0).equals(team) ? teams.get(1) : teams.get(0);
  }
}
