package org.cricketstream.cricsheet.read;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cricketstream.cricsheet.model.BowlOutAttempt;
import org.cricketstream.cricsheet.model.Delivery;
import org.cricketstream.cricsheet.model.Event;
import org.cricketstream.cricsheet.model.Extras;
import org.cricketstream.cricsheet.model.Fielder;
import org.cricketstream.cricsheet.model.Innings;
import org.cricketstream.cricsheet.model.Match;
import org.cricketstream.cricsheet.model.MatchFormat;
import org.cricketstream.cricsheet.model.MatchInfo;
import org.cricketstream.cricsheet.model.Officials;
import org.cricketstream.cricsheet.model.Outcome;
import org.cricketstream.cricsheet.model.PlayerAppearance;
import org.cricketstream.cricsheet.model.Powerplay;
import org.cricketstream.cricsheet.model.Replacement;
import org.cricketstream.cricsheet.model.Result;
import org.cricketstream.cricsheet.model.Review;
import org.cricketstream.cricsheet.model.SourceFormat;
import org.cricketstream.cricsheet.model.Target;
import org.cricketstream.cricsheet.model.Toss;
import org.cricketstream.cricsheet.model.Wicket;

/**
 * Turns a Cricsheet JSON or YAML document into a {@link Match}. The two formats share most of their
 * structure; where they differ (how innings and deliveries are laid out, "batter" versus "batsman",
 * a wicket list versus a wicket map) the {@link Dialect} says which form to expect. Unknown keys
 * are errors: a key this reader does not know would be data silently dropped.
 */
final class DocumentMatchParser {

  /** Where the JSON and YAML layouts differ. */
  enum Dialect {
    JSON(SourceFormat.JSON, "batter"),
    YAML(SourceFormat.YAML, "batsman");

    final SourceFormat source;
    final String batterKey;

    Dialect(SourceFormat source, String batterKey) {
      this.source = source;
      this.batterKey = batterKey;
    }
  }

  private static final Set<String> TOP_KEYS = Set.of("meta", "info", "innings");
  private static final Set<String> META_KEYS = Set.of("data_version", "created", "revision");
  private static final Set<String> INFO_KEYS =
      Set.of(
          "balls_per_over",
          "bowl_out",
          "city",
          "dates",
          "event",
          "gender",
          "match_type",
          "match_type_number",
          "missing",
          "neutral_venue",
          "officials",
          "outcome",
          "overs",
          "player_of_match",
          "players",
          "registry",
          "season",
          "supersubs",
          "team_type",
          "teams",
          "toss",
          "umpires",
          "venue");
  private static final Set<String> EVENT_KEYS =
      Set.of("name", "match_number", "group", "stage", "sub_name");
  private static final Set<String> OUTCOME_KEYS =
      Set.of("winner", "by", "result", "method", "eliminator", "bowl_out");
  private static final Set<String> BY_KEYS = Set.of("runs", "wickets", "innings");
  private static final Set<String> OFFICIALS_KEYS =
      Set.of("umpires", "tv_umpires", "reserve_umpires", "match_referees");
  private static final Set<String> JSON_INNINGS_KEYS =
      Set.of(
          "team",
          "overs",
          "powerplays",
          "target",
          "super_over",
          "absent_hurt",
          "penalty_runs",
          "miscounted_overs",
          "declared",
          "forfeited");
  private static final Set<String> YAML_INNINGS_KEYS =
      Set.of(
          "team",
          "deliveries",
          "declared",
          "forfeited",
          "absent_hurt",
          "penalty_runs",
          "super_over",
          "target");
  private static final Set<String> JSON_DELIVERY_KEYS =
      Set.of(
          "batter", "bowler", "non_striker", "runs", "extras", "wickets", "replacements", "review");
  private static final Set<String> YAML_DELIVERY_KEYS =
      Set.of("batsman", "bowler", "non_striker", "runs", "extras", "wicket", "replacements");
  private static final Set<String> EXTRAS_KEYS =
      Set.of("wides", "noballs", "byes", "legbyes", "penalty");
  private static final Set<String> WICKET_KEYS = Set.of("player_out", "kind", "fielders");
  private static final Set<String> REVIEW_KEYS =
      Set.of("by", "umpire", "batter", "decision", "type", "umpires_call");
  private static final Pattern YAML_INNINGS_LABEL =
      Pattern.compile("(\\d+)(?:st|nd|rd|th) innings");
  private static final Pattern BALL_LABEL = Pattern.compile("(\\d+)\\.(\\d+)");
  private static final String SUBSTITUTE_SUFFIX = " (sub)";

  private final Dialect dialect;
  private final String matchId;

  private DocumentMatchParser(Dialect dialect, String matchId) {
    this.dialect = dialect;
    this.matchId = matchId;
  }

  static Match parse(Dialect dialect, String matchId, DocNode document) {
    return new DocumentMatchParser(dialect, matchId).match(document.asMap().onlyKeys(TOP_KEYS));
  }

  private Match match(DocNode.MapNode document) {
    DocNode.MapNode meta = document.required("meta").asMap().onlyKeys(META_KEYS);
    DocNode.MapNode info = document.required("info").asMap().onlyKeys(INFO_KEYS);
    List<Innings> innings = new ArrayList<>();
    List<DocNode> inningsNodes = document.items("innings");
    MatchFormat format = MatchFormat.ofMatchType(info.requiredText("match_type"));
    for (int i = 0; i < inningsNodes.size(); i++) {
      Innings one =
          dialect == Dialect.JSON
              ? jsonInnings(inningsNodes.get(i).asMap(), i + 1)
              : yamlInnings(inningsNodes.get(i).asMap(), i + 1, format);
      innings.add(one);
    }
    MatchInfo matchInfo = info(meta, info, format, innings);
    return new Match(matchInfo, innings);
  }

  // ---- info ----

  private MatchInfo info(
      DocNode.MapNode meta, DocNode.MapNode info, MatchFormat format, List<Innings> innings) {
    List<String> teams = info.texts("teams");
    if (teams.size() != 2) {
      throw info.required("teams").error("expected two teams, found " + teams.size());
    }
    Map<String, String> people = new HashMap<>();
    DocNode.MapNode registry = info.map("registry");
    if (registry != null) {
      DocNode.MapNode peopleNode = registry.onlyKeys(Set.of("people")).map("people");
      if (peopleNode != null) {
        peopleNode.entries().forEach((name, id) -> people.put(name, id.text()));
      }
    }
    List<PlayerAppearance> players = new ArrayList<>();
    DocNode.MapNode playersNode = info.map("players");
    if (playersNode != null) {
      for (Map.Entry<String, DocNode> team : playersNode.entries().entrySet()) {
        requireTeam(teams, team.getKey(), team.getValue());
        for (DocNode name : team.getValue().asList().items()) {
          players.add(
              appearance(team.getKey(), name.text(), people, PlayerAppearance.Role.PLAYING, null));
        }
      }
    }
    // Cricsheet names supersubs and replacements in the players lists too: one appearance each,
    // marked with how the player came in and whom they replaced.
    DocNode.MapNode supersubs = info.map("supersubs");
    if (supersubs != null) {
      for (Map.Entry<String, DocNode> sub : supersubs.entries().entrySet()) {
        requireTeam(teams, sub.getKey(), sub.getValue());
        mark(
            players,
            sub.getKey(),
            sub.getValue().text(),
            people,
            PlayerAppearance.Role.SUPERSUB,
            null);
      }
    }
    for (Innings one : innings) {
      for (Delivery delivery : one.deliveries()) {
        for (Replacement replacement : delivery.replacements()) {
          if (replacement.kind() == Replacement.Kind.MATCH) {
            mark(
                players,
                replacement.team(),
                replacement.in(),
                people,
                PlayerAppearance.Role.REPLACEMENT,
                replacement.out());
          }
        }
      }
    }
    List<BowlOutAttempt> bowlOut = new ArrayList<>();
    for (DocNode attempt : info.items("bowl_out")) {
      DocNode.MapNode map = attempt.asMap().onlyKeys(Set.of("bowler", "outcome"));
      bowlOut.add(new BowlOutAttempt(map.requiredText("bowler"), map.requiredText("outcome")));
    }
    List<String> missing = new ArrayList<>();
    for (DocNode item : info.items("missing")) {
      missing.add(item instanceof DocNode.Scalar scalar ? scalar.value() : describe(item));
    }
    return new MatchInfo(
        matchId,
        dialect.source,
        meta.requiredText("data_version"),
        format,
        info.requiredText("match_type"),
        info.integer("match_type_number"),
        info.requiredText("gender"),
        info.text("team_type"),
        teams,
        info.text("season"),
        dates(info),
        event(info.map("event")),
        info.requiredText("venue"),
        info.text("city"),
        info.flag("neutral_venue"),
        toss(info.required("toss").asMap()),
        officials(info),
        info.requiredInt("balls_per_over"),
        info.integer("overs"),
        outcome(info.required("outcome").asMap(), teams),
        info.texts("player_of_match"),
        players,
        people,
        missing,
        bowlOut);
  }

  /** A nested "missing" entry (e.g. {powerplays: {1: [...]}}) kept as readable text. */
  private static String describe(DocNode node) {
    if (node instanceof DocNode.Scalar scalar) {
      return scalar.value();
    }
    if (node instanceof DocNode.ListNode list) {
      List<String> parts = new ArrayList<>();
      list.items().forEach(item -> parts.add(describe(item)));
      return parts.toString();
    }
    Map<String, String> parts = new LinkedHashMap<>();
    node.asMap().entries().forEach((key, value) -> parts.put(key, describe(value)));
    return parts.toString();
  }

  private static void requireTeam(List<String> teams, String team, DocNode where) {
    if (!teams.contains(team)) {
      throw where.error("team '" + team + "' is not one of the match's teams " + teams);
    }
  }

  /**
   * Records that a player came in as a supersub or replacement: updates their appearance where the
   * players list already names them (a supersub stays a supersub), or adds one.
   */
  private void mark(
      List<PlayerAppearance> players,
      String team,
      String name,
      Map<String, String> people,
      PlayerAppearance.Role role,
      String replaced) {
    for (int i = 0; i < players.size(); i++) {
      PlayerAppearance p = players.get(i);
      if (p.team().equals(team) && p.name().equals(name)) {
        PlayerAppearance.Role kept = p.role() == PlayerAppearance.Role.PLAYING ? role : p.role();
        players.set(
            i,
            appearance(team, name, people, kept, p.replaced() != null ? p.replaced() : replaced));
        return;
      }
    }
    players.add(appearance(team, name, people, role, replaced));
  }

  private PlayerAppearance appearance(
      String team,
      String name,
      Map<String, String> people,
      PlayerAppearance.Role role,
      String replaced) {
    return new PlayerAppearance(matchId, team, name, people.get(name), role, replaced);
  }

  private static List<LocalDate> dates(DocNode.MapNode info) {
    List<LocalDate> dates = new ArrayList<>();
    for (DocNode date : info.required("dates").asList().items()) {
      try {
        dates.add(LocalDate.parse(date.text()));
      } catch (DateTimeParseException e) {
        throw date.error("expected a date like 2019-07-14, found '" + date.text() + "'");
      }
    }
    if (dates.isEmpty()) {
      throw info.required("dates").error("no dates");
    }
    return dates;
  }

  private static Event event(DocNode.MapNode event) {
    if (event == null) {
      return null;
    }
    event.onlyKeys(EVENT_KEYS);
    return new Event(
        event.text("name"), event.text("match_number"), event.text("group"), event.text("stage"));
  }

  private static Toss toss(DocNode.MapNode toss) {
    toss.onlyKeys(Set.of("winner", "decision"));
    return new Toss(toss.requiredText("winner"), toss.requiredText("decision"));
  }

  private static Officials officials(DocNode.MapNode info) {
    DocNode.MapNode officials = info.map("officials");
    if (officials == null) {
      return new Officials(info.texts("umpires"), List.of(), List.of(), List.of());
    }
    officials.onlyKeys(OFFICIALS_KEYS);
    return new Officials(
        officials.texts("umpires"),
        officials.texts("tv_umpires"),
        officials.texts("reserve_umpires"),
        officials.texts("match_referees"));
  }

  private static Outcome outcome(DocNode.MapNode outcome, List<String> teams) {
    outcome.onlyKeys(OUTCOME_KEYS);
    String winner = outcome.text("winner");
    String resultText = outcome.text("result");
    Result result;
    if (winner != null && resultText != null) {
      throw outcome.error("an outcome cannot have both a winner and a result");
    } else if (winner != null) {
      requireTeam(teams, winner, outcome.required("winner"));
      result = Result.WIN;
    } else if (resultText != null) {
      try {
        result = Result.ofText(resultText);
      } catch (IllegalArgumentException e) {
        throw outcome.required("result").error(e.getMessage());
      }
    } else {
      throw outcome.error("an outcome needs a winner or a result");
    }
    Integer runs = null;
    Integer wickets = null;
    Integer innings = null;
    DocNode.MapNode by = outcome.map("by");
    if (by != null) {
      by.onlyKeys(BY_KEYS);
      runs = by.integer("runs");
      wickets = by.integer("wickets");
      innings = by.integer("innings");
    }
    String eliminator = outcome.text("eliminator");
    if (eliminator != null) {
      requireTeam(teams, eliminator, outcome.required("eliminator"));
    }
    String bowlOut = outcome.text("bowl_out");
    return new Outcome(
        result, winner, runs, wickets, innings, outcome.text("method"), eliminator, bowlOut);
  }

  // ---- innings ----

  private Innings jsonInnings(DocNode.MapNode node, int number) {
    node.onlyKeys(JSON_INNINGS_KEYS);
    List<Delivery> deliveries = new ArrayList<>();
    for (DocNode overNode : node.items("overs")) {
      DocNode.MapNode over = overNode.asMap().onlyKeys(Set.of("over", "deliveries"));
      int overNumber = over.requiredInt("over");
      List<DocNode> balls = over.required("deliveries").asList().items();
      for (int b = 0; b < balls.size(); b++) {
        deliveries.add(
            delivery(balls.get(b).asMap(), number, overNumber, b + 1, deliveries.size() + 1));
      }
    }
    List<Powerplay> powerplays = new ArrayList<>();
    for (DocNode pp : node.items("powerplays")) {
      DocNode.MapNode map = pp.asMap().onlyKeys(Set.of("from", "to", "type"));
      powerplays.add(
          new Powerplay(map.requiredText("from"), map.requiredText("to"), map.text("type")));
    }
    Map<Integer, Integer> miscounted = new HashMap<>();
    DocNode.MapNode miscountedNode = node.map("miscounted_overs");
    if (miscountedNode != null) {
      for (Map.Entry<String, DocNode> entry : miscountedNode.entries().entrySet()) {
        DocNode.MapNode detail = entry.getValue().asMap().onlyKeys(Set.of("balls", "umpire"));
        int over;
        try {
          over = Integer.parseInt(entry.getKey());
        } catch (NumberFormatException e) {
          throw detail.error("miscounted over '" + entry.getKey() + "' is not an over number");
        }
        // Keyed like the deliveries' own over numbers (0-based).
        miscounted.put(over, detail.requiredInt("balls"));
      }
    }
    return innings(node, number, node.flag("super_over"), powerplays, miscounted, deliveries);
  }

  private Innings yamlInnings(DocNode.MapNode wrapper, int number, MatchFormat format) {
    if (wrapper.entries().size() != 1) {
      throw wrapper.error("expected a single key like '1st innings'");
    }
    Map.Entry<String, DocNode> entry = wrapper.entries().entrySet().iterator().next();
    Matcher label = YAML_INNINGS_LABEL.matcher(entry.getKey());
    if (!label.matches()) {
      throw wrapper.error(
          "expected an innings label like '1st innings', found '" + entry.getKey() + "'");
    }
    DocNode.MapNode node = entry.getValue().asMap().onlyKeys(YAML_INNINGS_KEYS);
    int labelled = Integer.parseInt(label.group(1));
    if (labelled != number) {
      throw wrapper.error(
          "innings labelled '" + entry.getKey() + "' is innings " + number + " in order");
    }
    List<Delivery> deliveries = new ArrayList<>();
    for (DocNode ballNode : node.items("deliveries")) {
      DocNode.MapNode ball = ballNode.asMap();
      if (ball.entries().size() != 1) {
        throw ball.error("expected a single ball label like '0.1'");
      }
      Map.Entry<String, DocNode> only = ball.entries().entrySet().iterator().next();
      Matcher ballLabel = BALL_LABEL.matcher(only.getKey());
      if (!ballLabel.matches()) {
        throw ball.error("expected a ball label like '12.4', found '" + only.getKey() + "'");
      }
      deliveries.add(
          delivery(
              only.getValue().asMap(),
              number,
              Integer.parseInt(ballLabel.group(1)),
              Integer.parseInt(ballLabel.group(2)),
              deliveries.size() + 1));
    }
    boolean superOver = node.flag("super_over") || (format.limitedOvers() && number > 2);
    return innings(node, number, superOver, List.of(), Map.of(), deliveries);
  }

  private Innings innings(
      DocNode.MapNode node,
      int number,
      boolean superOver,
      List<Powerplay> powerplays,
      Map<Integer, Integer> miscounted,
      List<Delivery> deliveries) {
    Target target = null;
    DocNode.MapNode targetNode = node.map("target");
    if (targetNode != null) {
      targetNode.onlyKeys(Set.of("runs", "overs"));
      target = new Target(targetNode.requiredInt("runs"), targetNode.text("overs"));
    }
    int pre = 0;
    int post = 0;
    DocNode.MapNode penalty = node.map("penalty_runs");
    if (penalty != null) {
      penalty.onlyKeys(Set.of("pre", "post"));
      pre = penalty.intOr("pre", 0);
      post = penalty.intOr("post", 0);
    }
    boolean forfeited = node.flag("forfeited");
    if (!forfeited && deliveries.isEmpty()) {
      throw node.error("an innings that was not forfeited has no deliveries");
    }
    return new Innings(
        matchId,
        number,
        node.requiredText("team"),
        superOver,
        node.flag("declared"),
        forfeited,
        target,
        pre,
        post,
        node.texts("absent_hurt"),
        powerplays,
        miscounted,
        deliveries);
  }

  // ---- deliveries ----

  private Delivery delivery(DocNode.MapNode node, int innings, int over, int ball, int sequence) {
    node.onlyKeys(dialect == Dialect.JSON ? JSON_DELIVERY_KEYS : YAML_DELIVERY_KEYS);
    DocNode.MapNode runs = node.required("runs").asMap();
    runs.onlyKeys(Set.of(dialect.batterKey, "extras", "total", "non_boundary"));
    int batterRuns = runs.requiredInt(dialect.batterKey);
    int extrasRuns = runs.requiredInt("extras");
    int total = runs.requiredInt("total");
    Extras extras = Extras.NONE;
    DocNode.MapNode extrasNode = node.map("extras");
    if (extrasNode != null) {
      extrasNode.onlyKeys(EXTRAS_KEYS);
      extras =
          new Extras(
              extrasNode.intOr("wides", 0),
              extrasNode.intOr("noballs", 0),
              extrasNode.intOr("byes", 0),
              extrasNode.intOr("legbyes", 0),
              extrasNode.intOr("penalty", 0));
    }
    if (extras.total() != extrasRuns) {
      throw runs.error(
          "runs.extras is " + extrasRuns + " but the extras by kind add up to " + extras.total());
    }
    if (batterRuns + extrasRuns != total) {
      throw runs.error(
          "runs.total is "
              + total
              + " but batter runs "
              + batterRuns
              + " + extras "
              + extrasRuns
              + " = "
              + (batterRuns + extrasRuns));
    }
    return new Delivery(
        matchId,
        innings,
        over,
        ball,
        Delivery.label(over, ball),
        sequence,
        node.requiredText(dialect.batterKey),
        node.requiredText("bowler"),
        node.requiredText("non_striker"),
        batterRuns,
        extras,
        total,
        runs.flag("non_boundary"),
        wickets(node),
        replacements(node.map("replacements")),
        review(node.map("review")));
  }

  private List<Wicket> wickets(DocNode.MapNode delivery) {
    List<DocNode> nodes;
    if (dialect == Dialect.JSON) {
      nodes = delivery.items("wickets");
    } else {
      DocNode wicket = delivery.get("wicket");
      if (wicket == null) {
        nodes = List.of();
      } else if (wicket instanceof DocNode.ListNode list) {
        nodes = list.items();
      } else {
        nodes = List.of(wicket);
      }
    }
    List<Wicket> wickets = new ArrayList<>();
    for (DocNode node : nodes) {
      DocNode.MapNode map = node.asMap().onlyKeys(WICKET_KEYS);
      List<Fielder> fielders = new ArrayList<>();
      for (DocNode fielder : map.items("fielders")) {
        fielders.add(fielder(fielder));
      }
      wickets.add(new Wicket(map.requiredText("kind"), map.requiredText("player_out"), fielders));
    }
    if (wickets.size() > 2) {
      throw delivery.error("more than two dismissals on one ball");
    }
    return wickets;
  }

  private static Fielder fielder(DocNode node) {
    if (node instanceof DocNode.Scalar scalar) {
      String name = scalar.value();
      if (name.endsWith(SUBSTITUTE_SUFFIX)) {
        return new Fielder(name.substring(0, name.length() - SUBSTITUTE_SUFFIX.length()), true);
      }
      return new Fielder(name, false);
    }
    DocNode.MapNode map = node.asMap().onlyKeys(Set.of("name", "substitute"));
    return new Fielder(map.requiredText("name"), map.flag("substitute"));
  }

  private static List<Replacement> replacements(DocNode.MapNode node) {
    if (node == null) {
      return List.of();
    }
    node.onlyKeys(Set.of("match", "role"));
    List<Replacement> replacements = new ArrayList<>();
    for (DocNode item : node.items("match")) {
      DocNode.MapNode map = item.asMap().onlyKeys(Set.of("in", "out", "reason", "team"));
      replacements.add(
          new Replacement(
              Replacement.Kind.MATCH,
              map.requiredText("in"),
              map.text("out"),
              map.text("reason"),
              map.requiredText("team"),
              null));
    }
    for (DocNode item : node.items("role")) {
      DocNode.MapNode map = item.asMap().onlyKeys(Set.of("in", "out", "reason", "role"));
      replacements.add(
          new Replacement(
              Replacement.Kind.ROLE,
              map.requiredText("in"),
              map.text("out"),
              map.text("reason"),
              null,
              map.requiredText("role")));
    }
    return replacements;
  }

  private static Review review(DocNode.MapNode node) {
    if (node == null) {
      return null;
    }
    node.onlyKeys(REVIEW_KEYS);
    return new Review(
        node.requiredText("by"),
        node.text("umpire"),
        node.text("batter"),
        node.requiredText("decision"),
        node.text("type"),
        node.flag("umpires_call"));
  }
}
