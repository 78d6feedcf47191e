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
 * a wicket list versus a wicket map) the {@link Dialect} says which form to expect.
 *
 * <p>What decides a scorecard is strict: runs that do not add up, a ball label that is not one, a
 * negative count or an over of no balls are errors. What does not is tolerated: Cricsheet adds keys
 * over the years, so a key this reader does not know never rejects a match; it is recorded in
 * {@link UnknownKeys}, where {@code validate} reports it.
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
          "competition",
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
      Set.of(
          "batsman", "bowler", "non_striker", "runs", "extras", "wicket", "replacements", "review");
  private static final Set<String> EXTRAS_KEYS =
      Set.of("wides", "noballs", "byes", "legbyes", "penalty");
  private static final Set<String> WICKET_KEYS = Set.of("player_out", "kind", "fielders");
  private static final Set<String> REVIEW_KEYS =
      Set.of("by", "umpire", "batter", "decision", "type", "umpires_call");
  private static final Pattern YAML_INNINGS_LABEL =
      Pattern.compile("(\\d{1,3})(?:st|nd|rd|th) innings");
  private static final Pattern YAML_SUPER_OVER_LABEL = Pattern.compile("(.+) [Ss]uper [Oo]ver");
  private static final Pattern BALL_LABEL = Pattern.compile("(\\d{1,5})\\.(\\d{1,3})");
  private static final String SUBSTITUTE_SUFFIX = " (sub)";

  private final Dialect dialect;
  private final String matchId;
  private final UnknownKeys unknown;

  private DocumentMatchParser(Dialect dialect, String matchId, UnknownKeys unknown) {
    this.dialect = dialect;
    this.matchId = matchId;
    this.unknown = unknown;
  }

  static Match parse(Dialect dialect, String matchId, DocNode document, UnknownKeys unknown) {
    DocumentMatchParser parser = new DocumentMatchParser(dialect, matchId, unknown);
    return parser.match(parser.known(document.asMap(), TOP_KEYS, ""));
  }

  /** Records the keys of {@code node} that are not in {@code keys}; the node is returned. */
  private DocNode.MapNode known(DocNode.MapNode node, Set<String> keys, String where) {
    for (String key : node.entries().keySet()) {
      if (!keys.contains(key)) {
        unknown.add(where, key);
      }
    }
    return node;
  }

  private Match match(DocNode.MapNode document) {
    DocNode.MapNode meta = known(document.required("meta").asMap(), META_KEYS, "meta");
    DocNode.MapNode info = known(document.required("info").asMap(), INFO_KEYS, "info");
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
      DocNode.MapNode peopleNode = known(registry, Set.of("people"), "info.registry").map("people");
      if (peopleNode != null) {
        peopleNode
            .entries()
            .keySet()
            .forEach(name -> people.put(name, peopleNode.requiredText(name)));
      }
    }
    List<PlayerAppearance> players = new ArrayList<>();
    DocNode.MapNode playersNode = info.map("players");
    if (playersNode != null) {
      for (Map.Entry<String, DocNode> team : playersNode.entries().entrySet()) {
        DocNode names = playersNode.required(team.getKey());
        requireTeam(teams, team.getKey(), names);
        for (DocNode name : names.asList().items()) {
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
        requireTeam(teams, sub.getKey(), supersubs.required(sub.getKey()));
        mark(
            players,
            sub.getKey(),
            supersubs.requiredText(sub.getKey()),
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
      DocNode.MapNode map = known(attempt.asMap(), Set.of("bowler", "outcome"), "info.bowl_out");
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
        MatchInfo.teamTypeOr(info.text("team_type"), info.text("competition")),
        info.text("competition"),
        teams,
        info.text("season"),
        dates(info),
        event(info.map("event")),
        info.requiredText("venue"),
        info.text("city"),
        info.flag("neutral_venue"),
        toss(info.required("toss").asMap()),
        officials(info),
        ballsPerOver(info),
        info.integer("overs"),
        outcome(info.required("outcome").asMap(), teams),
        info.texts("player_of_match"),
        players,
        people,
        missing,
        bowlOut);
  }

  private static int ballsPerOver(DocNode.MapNode info) {
    int balls = info.requiredInt("balls_per_over");
    if (balls <= 0) {
      throw info.required("balls_per_over")
          .error("balls_per_over must be at least 1, found " + balls);
    }
    return balls;
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
    node.asMap()
        .entries()
        .forEach((key, value) -> parts.put(key, value == null ? "null" : describe(value)));
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

  private Event event(DocNode.MapNode event) {
    if (event == null) {
      return null;
    }
    known(event, EVENT_KEYS, "info.event");
    return new Event(
        event.text("name"), event.text("match_number"), event.text("group"), event.text("stage"));
  }

  private Toss toss(DocNode.MapNode toss) {
    known(toss, Set.of("winner", "decision"), "info.toss");
    return new Toss(toss.requiredText("winner"), toss.requiredText("decision"));
  }

  private Officials officials(DocNode.MapNode info) {
    DocNode.MapNode officials = info.map("officials");
    if (officials == null) {
      return new Officials(info.texts("umpires"), List.of(), List.of(), List.of());
    }
    known(officials, OFFICIALS_KEYS, "info.officials");
    return new Officials(
        officials.texts("umpires"),
        officials.texts("tv_umpires"),
        officials.texts("reserve_umpires"),
        officials.texts("match_referees"));
  }

  private Outcome outcome(DocNode.MapNode outcome, List<String> teams) {
    known(outcome, OUTCOME_KEYS, "info.outcome");
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
      known(by, BY_KEYS, "info.outcome.by");
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
    known(node, JSON_INNINGS_KEYS, "innings");
    List<Delivery> deliveries = new ArrayList<>();
    for (DocNode overNode : node.items("overs")) {
      DocNode.MapNode over = known(overNode.asMap(), Set.of("over", "deliveries"), "innings.overs");
      int overNumber = count(over, "over");
      List<DocNode> balls = over.required("deliveries").asList().items();
      for (int b = 0; b < balls.size(); b++) {
        deliveries.add(
            delivery(balls.get(b).asMap(), number, overNumber, b + 1, deliveries.size() + 1));
      }
    }
    List<Powerplay> powerplays = new ArrayList<>();
    for (DocNode pp : node.items("powerplays")) {
      DocNode.MapNode map = known(pp.asMap(), Set.of("from", "to", "type"), "innings.powerplays");
      powerplays.add(
          new Powerplay(map.requiredText("from"), map.requiredText("to"), map.text("type")));
    }
    Map<Integer, Integer> miscounted = new HashMap<>();
    DocNode.MapNode miscountedNode = node.map("miscounted_overs");
    if (miscountedNode != null) {
      for (Map.Entry<String, DocNode> entry : miscountedNode.entries().entrySet()) {
        DocNode.MapNode detail =
            known(
                miscountedNode.required(entry.getKey()).asMap(),
                Set.of("balls", "umpire"),
                "innings.miscounted_overs");
        int over;
        try {
          over = Integer.parseInt(entry.getKey());
        } catch (NumberFormatException e) {
          throw detail.error("miscounted over '" + entry.getKey() + "' is not an over number");
        }
        // Keyed like the deliveries' own over numbers (0-based).
        miscounted.put(over, count(detail, "balls"));
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
    Matcher superOverLabel = YAML_SUPER_OVER_LABEL.matcher(entry.getKey());
    boolean labelledSuperOver = superOverLabel.matches();
    if (!label.matches() && !labelledSuperOver) {
      throw wrapper.error(
          "expected an innings label like '1st innings' or '<Team> Super Over', found '"
              + entry.getKey()
              + "'");
    }
    DocNode.MapNode node =
        known(wrapper.required(entry.getKey()).asMap(), YAML_INNINGS_KEYS, "innings");
    if (labelledSuperOver) {
      String team = superOverLabel.group(1);
      if (node.has("team") && !node.requiredText("team").equals(team)) {
        throw wrapper.error(
            "innings labelled '"
                + entry.getKey()
                + "' is batted by '"
                + node.requiredText("team")
                + "'");
      }
    } else if (Integer.parseInt(label.group(1)) != number) {
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
              ball.required(only.getKey()).asMap(),
              number,
              Integer.parseInt(ballLabel.group(1)),
              Integer.parseInt(ballLabel.group(2)),
              deliveries.size() + 1));
    }
    boolean superOver =
        labelledSuperOver || node.flag("super_over") || (format.limitedOvers() && number > 2);
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
      known(targetNode, Set.of("runs", "overs"), "innings.target");
      target = new Target(count(targetNode, "runs"), targetNode.text("overs"));
    }
    int pre = 0;
    int post = 0;
    DocNode.MapNode penalty = node.map("penalty_runs");
    if (penalty != null) {
      known(penalty, Set.of("pre", "post"), "innings.penalty_runs");
      pre = countOr(penalty, "pre");
      post = countOr(penalty, "post");
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
    known(node, dialect == Dialect.JSON ? JSON_DELIVERY_KEYS : YAML_DELIVERY_KEYS, "delivery");
    DocNode.MapNode runs = node.required("runs").asMap();
    known(runs, Set.of(dialect.batterKey, "extras", "total", "non_boundary"), "delivery.runs");
    int batterRuns = count(runs, dialect.batterKey);
    int extrasRuns = count(runs, "extras");
    int total = count(runs, "total");
    Extras extras = Extras.NONE;
    DocNode.MapNode extrasNode = node.map("extras");
    if (extrasNode != null) {
      known(extrasNode, EXTRAS_KEYS, "delivery.extras");
      extras =
          new Extras(
              countOr(extrasNode, "wides"),
              countOr(extrasNode, "noballs"),
              countOr(extrasNode, "byes"),
              countOr(extrasNode, "legbyes"),
              countOr(extrasNode, "penalty"));
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

  /** A required count of runs or balls: a whole number, never negative. */
  private static int count(DocNode.MapNode node, String key) {
    return nonNegative(node.required(key));
  }

  /** An optional count, 0 when absent. */
  private static int countOr(DocNode.MapNode node, String key) {
    DocNode value = node.get(key);
    return value == null ? 0 : nonNegative(value);
  }

  private static int nonNegative(DocNode value) {
    int n = value.asInt();
    if (n < 0) {
      throw value.error("expected a count of 0 or more, found " + n);
    }
    return n;
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
      DocNode.MapNode map = known(node.asMap(), WICKET_KEYS, "delivery.wickets");
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

  private Fielder fielder(DocNode node) {
    if (node instanceof DocNode.Scalar scalar) {
      String name = scalar.value();
      if (name.endsWith(SUBSTITUTE_SUFFIX)) {
        return new Fielder(name.substring(0, name.length() - SUBSTITUTE_SUFFIX.length()), true);
      }
      return new Fielder(name, false);
    }
    DocNode.MapNode map =
        known(node.asMap(), Set.of("name", "substitute"), "delivery.wickets.fielders");
    return new Fielder(map.requiredText("name"), map.flag("substitute"));
  }

  private List<Replacement> replacements(DocNode.MapNode node) {
    if (node == null) {
      return List.of();
    }
    known(node, Set.of("match", "role"), "delivery.replacements");
    List<Replacement> replacements = new ArrayList<>();
    for (DocNode item : node.items("match")) {
      DocNode.MapNode map =
          known(item.asMap(), Set.of("in", "out", "reason", "team"), "delivery.replacements.match");
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
      DocNode.MapNode map =
          known(item.asMap(), Set.of("in", "out", "reason", "role"), "delivery.replacements.role");
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

  private Review review(DocNode.MapNode node) {
    if (node == null) {
      return null;
    }
    known(node, REVIEW_KEYS, "delivery.review");
    return new Review(
        node.requiredText("by"),
        node.text("umpire"),
        node.text("batter"),
        node.requiredText("decision"),
        node.text("type"),
        node.flag("umpires_call"));
  }
}
