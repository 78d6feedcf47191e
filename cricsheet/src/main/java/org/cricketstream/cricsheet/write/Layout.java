package org.cricketstream.cricsheet.write;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.cricketstream.cricsheet.model.Delivery;
import org.cricketstream.cricsheet.model.Innings;
import org.cricketstream.cricsheet.model.MatchInfo;
import org.cricketstream.cricsheet.model.PlayerAppearance;

/** What the JSON and YAML writers lay out the same way. */
final class Layout {
  private static final Pattern WHOLE_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)");
  private static final Pattern DECIMAL = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?");

  private Layout() {}

  /**
   * The players lists as Cricsheet writes them: one list per team. The readers list the players
   * named in the lists first, team by team, then append supersubs and replacements that no list
   * names; so the lists are the leading appearances while each team's block is met once, and
   * whatever follows came from the supersubs or replacements and is written there, not here.
   */
  static Map<String, List<String>> listedPlayers(MatchInfo info) {
    Map<String, List<String>> lists = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    String current = null;
    for (PlayerAppearance player : info.players()) {
      if (!player.team().equals(current)) {
        if (!seen.add(player.team())) {
          break;
        }
        current = player.team();
      }
      lists.computeIfAbsent(player.team(), t -> new ArrayList<>()).add(player.name());
    }
    return lists;
  }

  /** Supersubs by team, as Cricsheet's {@code supersubs} map holds them (one per team). */
  static Map<String, String> supersubs(MatchInfo info) {
    Map<String, String> subs = new LinkedHashMap<>();
    for (PlayerAppearance player : info.players()) {
      if (player.role() == PlayerAppearance.Role.SUPERSUB) {
        subs.putIfAbsent(player.team(), player.name());
      }
    }
    return subs;
  }

  /**
   * The file's creation date for {@code meta.created}: the model does not keep it, so it is made
   * from the match, two days after its last day, the same every time the match is written.
   */
  static LocalDate created(MatchInfo info) {
    return info.dates().get(info.dates().size() - 1).plusDays(2);
  }

  /** An innings' deliveries grouped by over, in the order bowled. */
  static Map<Integer, List<Delivery>> overs(Innings innings) {
    Map<Integer, List<Delivery>> overs = new LinkedHashMap<>();
    for (Delivery d : innings.deliveries()) {
      overs.computeIfAbsent(d.over(), o -> new ArrayList<>()).add(d);
    }
    return overs;
  }

  /** "1st", "2nd", "3rd", "4th", ..., "11th", "21st". */
  static String ordinal(int n) {
    int lastTwo = n % 100;
    String suffix;
    if (lastTwo >= 11 && lastTwo <= 13) {
      suffix = "th";
    } else {
      suffix =
          switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
          };
    }
    return n + suffix;
  }

  /** True for text that Cricsheet writes as a JSON number (match numbers, over counts). */
  static boolean wholeNumber(String text) {
    return text != null && WHOLE_NUMBER.matcher(text).matches() && text.length() < 10;
  }

  /** True for text such as 5.6 or 20 that Cricsheet writes as a JSON number (overs, balls). */
  static boolean decimal(String text) {
    return text != null && DECIMAL.matcher(text).matches() && text.length() < 16;
  }
}
