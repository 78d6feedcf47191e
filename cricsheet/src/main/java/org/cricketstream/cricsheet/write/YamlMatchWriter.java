package org.cricketstream.cricsheet.write;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cricketstream.cricsheet.model.BowlOutAttempt;
import org.cricketstream.cricsheet.model.Delivery;
import org.cricketstream.cricsheet.model.Event;
import org.cricketstream.cricsheet.model.Extras;
import org.cricketstream.cricsheet.model.Fielder;
import org.cricketstream.cricsheet.model.Innings;
import org.cricketstream.cricsheet.model.Match;
import org.cricketstream.cricsheet.model.MatchInfo;
import org.cricketstream.cricsheet.model.Outcome;
import org.cricketstream.cricsheet.model.Replacement;
import org.cricketstream.cricsheet.model.Result;
import org.cricketstream.cricsheet.model.Wicket;
import org.cricketstream.cricsheet.write.YamlText.Plain;

/**
 * Writes a match as a Cricsheet YAML document (the 0.92 layout): innings as single-key maps ({@code
 * 1st innings}), each delivery a single-key map from its ball label ({@code 0.1}) to the ball,
 * {@code batsman} where JSON says batter, a wicket as a map (a list when two fall on one ball) and
 * substitute fielders as {@code "Name (sub)"}. YAML has no place for reviews, powerplays,
 * miscounted overs or officials other than the umpires; they are not written.
 */
final class YamlMatchWriter {
  private static final String SUBSTITUTE_SUFFIX = " (sub)";

  private YamlMatchWriter() {}

  static void write(Match match, Writer out) throws IOException {
    Map<Object, Object> root = new LinkedHashMap<>();
    MatchInfo info = match.info();
    Map<Object, Object> meta = new LinkedHashMap<>();
    meta.put("data_version", plainIfNumber(info.dataVersion()));
    meta.put("created", Layout.created(info).toString());
    meta.put("revision", new Plain("1"));
    root.put("meta", meta);
    root.put("info", info(info));
    List<Object> innings = new ArrayList<>();
    for (Innings one : match.innings()) {
      Map<Object, Object> wrapper = new LinkedHashMap<>();
      wrapper.put(Layout.ordinal(one.number()) + " innings", innings(one, info));
      innings.add(wrapper);
    }
    root.put("innings", innings);
    new YamlText(out).document(root);
  }

  private static Object plainIfNumber(String text) {
    return Layout.decimal(text) ? new Plain(text) : text;
  }

  private static Plain number(int n) {
    return new Plain(Integer.toString(n));
  }

  private static Map<Object, Object> info(MatchInfo info) {
    Map<Object, Object> map = new LinkedHashMap<>();
    map.put("balls_per_over", number(info.ballsPerOver()));
    if (!info.bowlOut().isEmpty()) {
      List<Object> attempts = new ArrayList<>();
      for (BowlOutAttempt attempt : info.bowlOut()) {
        Map<Object, Object> one = new LinkedHashMap<>();
        one.put("bowler", attempt.bowler());
        one.put("outcome", attempt.outcome());
        attempts.add(one);
      }
      map.put("bowl_out", attempts);
    }
    putIfPresent(map, "city", info.city());
    putIfPresent(map, "competition", info.competition());
    map.put("dates", info.dates().stream().map(d -> (Object) d.toString()).toList());
    Event event = info.event();
    if (event != null) {
      Map<Object, Object> e = new LinkedHashMap<>();
      if (event.matchNumber() != null) {
        e.put(
            "match_number",
            Layout.wholeNumber(event.matchNumber())
                ? new Plain(event.matchNumber())
                : event.matchNumber());
      }
      putIfPresent(e, "name", event.name());
      putIfPresent(e, "group", event.group());
      putIfPresent(e, "stage", event.stage());
      map.put("event", e);
    }
    map.put("gender", info.gender());
    map.put("match_type", info.matchType());
    if (info.matchTypeNumber() != null) {
      map.put("match_type_number", number(info.matchTypeNumber()));
    }
    putIfPresent(map, "missing", info.missing());
    if (info.neutralVenue()) {
      map.put("neutral_venue", number(1));
    }
    map.put("outcome", outcome(info.outcome()));
    if (info.scheduledOvers() != null) {
      map.put("overs", number(info.scheduledOvers()));
    }
    putIfPresent(map, "player_of_match", info.playersOfMatch());
    Map<String, List<String>> players = Layout.listedPlayers(info);
    if (!players.isEmpty()) {
      map.put("players", new LinkedHashMap<Object, Object>(players));
    }
    if (!info.people().isEmpty()) {
      map.put("registry", Map.of("people", new LinkedHashMap<Object, Object>(info.people())));
    }
    putIfPresent(map, "season", info.season());
    Map<String, String> supersubs = Layout.supersubs(info);
    if (!supersubs.isEmpty()) {
      map.put("supersubs", new LinkedHashMap<Object, Object>(supersubs));
    }
    putIfPresent(map, "team_type", info.writtenTeamType());
    map.put("teams", info.teams());
    Map<Object, Object> toss = new LinkedHashMap<>();
    toss.put("decision", info.toss().decision());
    toss.put("winner", info.toss().winner());
    map.put("toss", toss);
    putIfPresent(map, "umpires", info.officials().umpires());
    map.put("venue", info.venue());
    return map;
  }

  private static Map<Object, Object> outcome(Outcome outcome) {
    Map<Object, Object> map = new LinkedHashMap<>();
    if (outcome.byRuns() != null || outcome.byWickets() != null || outcome.byInnings() != null) {
      Map<Object, Object> by = new LinkedHashMap<>();
      if (outcome.byInnings() != null) {
        by.put("innings", number(outcome.byInnings()));
      }
      if (outcome.byRuns() != null) {
        by.put("runs", number(outcome.byRuns()));
      }
      if (outcome.byWickets() != null) {
        by.put("wickets", number(outcome.byWickets()));
      }
      map.put("by", by);
    }
    putIfPresent(map, "bowl_out", outcome.bowlOutWinner());
    putIfPresent(map, "eliminator", outcome.eliminator());
    putIfPresent(map, "method", outcome.method());
    if (outcome.result() == Result.WIN) {
      map.put("winner", outcome.winner());
    } else {
      map.put("result", JsonMatchWriter.resultText(outcome.result()));
    }
    return map;
  }

  private static Map<Object, Object> innings(Innings innings, MatchInfo info) {
    Map<Object, Object> map = new LinkedHashMap<>();
    map.put("team", innings.team());
    putIfPresent(map, "absent_hurt", innings.absentHurt());
    if (innings.penaltyRunsPre() != 0 || innings.penaltyRunsPost() != 0) {
      Map<Object, Object> penalty = new LinkedHashMap<>();
      if (innings.penaltyRunsPre() != 0) {
        penalty.put("pre", number(innings.penaltyRunsPre()));
      }
      if (innings.penaltyRunsPost() != 0) {
        penalty.put("post", number(innings.penaltyRunsPost()));
      }
      map.put("penalty_runs", penalty);
    }
    if (innings.target() != null) {
      Map<Object, Object> target = new LinkedHashMap<>();
      if (innings.target().overs() != null) {
        target.put("overs", plainIfNumber(innings.target().overs()));
      }
      target.put("runs", number(innings.target().runs()));
      map.put("target", target);
    }
    // Readers take innings after the second of a limited-overs match as super overs; any other
    // super over says so.
    boolean impliedSuperOver = info.format().limitedOvers() && innings.number() > 2;
    if (innings.superOver() && !impliedSuperOver) {
      map.put("super_over", "yes");
    }
    if (!innings.deliveries().isEmpty()) {
      List<Object> deliveries = new ArrayList<>(innings.deliveries().size());
      for (Delivery d : innings.deliveries()) {
        Map<Object, Object> ball = new LinkedHashMap<>();
        ball.put(new Plain(d.label()), delivery(d));
        deliveries.add(ball);
      }
      map.put("deliveries", deliveries);
    }
    if (innings.declared()) {
      map.put("declared", "yes");
    }
    if (innings.forfeited()) {
      map.put("forfeited", "yes");
    }
    return map;
  }

  private static Map<Object, Object> delivery(Delivery d) {
    Map<Object, Object> map = new LinkedHashMap<>();
    map.put("batsman", d.batter());
    map.put("bowler", d.bowler());
    Extras extras = d.extras();
    if (!extras.equals(Extras.NONE)) {
      Map<Object, Object> e = new LinkedHashMap<>();
      putNonZero(e, "byes", extras.byes());
      putNonZero(e, "legbyes", extras.legbyes());
      putNonZero(e, "noballs", extras.noballs());
      putNonZero(e, "penalty", extras.penalty());
      putNonZero(e, "wides", extras.wides());
      map.put("extras", e);
    }
    map.put("non_striker", d.nonStriker());
    if (!d.replacements().isEmpty()) {
      map.put("replacements", replacements(d.replacements()));
    }
    Map<Object, Object> runs = new LinkedHashMap<>();
    runs.put("batsman", number(d.batterRuns()));
    runs.put("extras", number(extras.total()));
    if (d.nonBoundary()) {
      runs.put("non_boundary", "yes");
    }
    runs.put("total", number(d.totalRuns()));
    map.put("runs", runs);
    if (d.wickets().size() == 1) {
      map.put("wicket", wicket(d.wickets().get(0)));
    } else if (!d.wickets().isEmpty()) {
      map.put("wicket", d.wickets().stream().map(w -> (Object) wicket(w)).toList());
    }
    return map;
  }

  private static Map<Object, Object> wicket(Wicket w) {
    Map<Object, Object> map = new LinkedHashMap<>();
    if (!w.fielders().isEmpty()) {
      List<Object> fielders = new ArrayList<>();
      for (Fielder f : w.fielders()) {
        fielders.add(f.substitute() ? f.name() + SUBSTITUTE_SUFFIX : f.name());
      }
      map.put("fielders", fielders);
    }
    map.put("kind", w.kind());
    map.put("player_out", w.playerOut());
    return map;
  }

  private static Map<Object, Object> replacements(List<Replacement> replacements) {
    Map<Object, Object> map = new LinkedHashMap<>();
    List<Object> match = new ArrayList<>();
    List<Object> role = new ArrayList<>();
    for (Replacement r : replacements) {
      Map<Object, Object> one = new LinkedHashMap<>();
      one.put("in", r.in());
      putIfPresent(one, "out", r.out());
      putIfPresent(one, "reason", r.reason());
      if (r.kind() == Replacement.Kind.MATCH) {
        one.put("team", r.team());
        match.add(one);
      } else {
        one.put("role", r.role());
        role.add(one);
      }
    }
    if (!match.isEmpty()) {
      map.put("match", match);
    }
    if (!role.isEmpty()) {
      map.put("role", role);
    }
    return map;
  }

  private static void putNonZero(Map<Object, Object> map, String key, int value) {
    if (value != 0) {
      map.put(key, number(value));
    }
  }

  private static void putIfPresent(Map<Object, Object> map, String key, String value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  private static void putIfPresent(Map<Object, Object> map, String key, List<String> values) {
    if (!values.isEmpty()) {
      map.put(key, values);
    }
  }
}
