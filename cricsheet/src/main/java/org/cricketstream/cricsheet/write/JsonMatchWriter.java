package org.cricketstream.cricsheet.write;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.IOException;
import java.io.OutputStream;
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
import org.cricketstream.cricsheet.model.Officials;
import org.cricketstream.cricsheet.model.Outcome;
import org.cricketstream.cricsheet.model.Powerplay;
import org.cricketstream.cricsheet.model.Replacement;
import org.cricketstream.cricsheet.model.Result;
import org.cricketstream.cricsheet.model.Review;
import org.cricketstream.cricsheet.model.Wicket;

/**
 * Writes a match as a Cricsheet JSON document (the data_version 1.1.0 layout): {@code meta}, {@code
 * info} with its keys in Cricsheet's alphabetical order, and {@code innings} with their deliveries
 * grouped into {@code overs}. Indented by two spaces, as Cricsheet's files are.
 */
final class JsonMatchWriter {
  private static final JsonFactory FACTORY = new JsonFactory();

  private JsonMatchWriter() {}

  static void write(Match match, OutputStream out) throws IOException {
    try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.setPrettyPrinter(prettyPrinter());
      g.writeStartObject();
      meta(g, match.info());
      info(g, match.info());
      g.writeArrayFieldStart("innings");
      for (Innings innings : match.innings()) {
        innings(g, innings);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  private static DefaultPrettyPrinter prettyPrinter() {
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter()
            .withSeparators(
                Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""));
    printer.indentArraysWith(indenter);
    printer.indentObjectsWith(indenter);
    return printer;
  }

  private static void meta(JsonGenerator g, MatchInfo info) throws IOException {
    g.writeObjectFieldStart("meta");
    g.writeStringField("data_version", info.dataVersion());
    g.writeStringField("created", Layout.created(info).toString());
    g.writeNumberField("revision", 1);
    g.writeEndObject();
  }

  private static void info(JsonGenerator g, MatchInfo info) throws IOException {
    g.writeObjectFieldStart("info");
    g.writeNumberField("balls_per_over", info.ballsPerOver());
    if (!info.bowlOut().isEmpty()) {
      g.writeArrayFieldStart("bowl_out");
      for (BowlOutAttempt attempt : info.bowlOut()) {
        g.writeStartObject();
        g.writeStringField("bowler", attempt.bowler());
        g.writeStringField("outcome", attempt.outcome());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    optional(g, "city", info.city());
    optional(g, "competition", info.competition());
    g.writeArrayFieldStart("dates");
    for (var date : info.dates()) {
      g.writeString(date.toString());
    }
    g.writeEndArray();
    event(g, info.event());
    g.writeStringField("gender", info.gender());
    g.writeStringField("match_type", info.matchType());
    if (info.matchTypeNumber() != null) {
      g.writeNumberField("match_type_number", info.matchTypeNumber());
    }
    strings(g, "missing", info.missing());
    if (info.neutralVenue()) {
      g.writeNumberField("neutral_venue", 1);
    }
    officials(g, info.officials());
    outcome(g, info.outcome());
    if (info.scheduledOvers() != null) {
      g.writeNumberField("overs", info.scheduledOvers());
    }
    strings(g, "player_of_match", info.playersOfMatch());
    Map<String, List<String>> players = Layout.listedPlayers(info);
    if (!players.isEmpty()) {
      g.writeObjectFieldStart("players");
      for (Map.Entry<String, List<String>> team : players.entrySet()) {
        strings(g, team.getKey(), team.getValue());
      }
      g.writeEndObject();
    }
    if (!info.people().isEmpty()) {
      g.writeObjectFieldStart("registry");
      g.writeObjectFieldStart("people");
      for (Map.Entry<String, String> person : info.people().entrySet()) {
        g.writeStringField(person.getKey(), person.getValue());
      }
      g.writeEndObject();
      g.writeEndObject();
    }
    optional(g, "season", info.season());
    Map<String, String> supersubs = Layout.supersubs(info);
    if (!supersubs.isEmpty()) {
      g.writeObjectFieldStart("supersubs");
      for (Map.Entry<String, String> sub : supersubs.entrySet()) {
        g.writeStringField(sub.getKey(), sub.getValue());
      }
      g.writeEndObject();
    }
    optional(g, "team_type", info.teamType());
    strings(g, "teams", info.teams());
    g.writeObjectFieldStart("toss");
    g.writeStringField("decision", info.toss().decision());
    g.writeStringField("winner", info.toss().winner());
    g.writeEndObject();
    g.writeStringField("venue", info.venue());
    g.writeEndObject();
  }

  private static void event(JsonGenerator g, Event event) throws IOException {
    if (event == null) {
      return;
    }
    g.writeObjectFieldStart("event");
    if (event.matchNumber() != null) {
      g.writeFieldName("match_number");
      textOrNumber(g, event.matchNumber());
    }
    optional(g, "name", event.name());
    optional(g, "group", event.group());
    optional(g, "stage", event.stage());
    g.writeEndObject();
  }

  private static void officials(JsonGenerator g, Officials officials) throws IOException {
    if (officials.equals(Officials.NONE)) {
      return;
    }
    g.writeObjectFieldStart("officials");
    strings(g, "match_referees", officials.matchReferees());
    strings(g, "reserve_umpires", officials.reserveUmpires());
    strings(g, "tv_umpires", officials.tvUmpires());
    strings(g, "umpires", officials.umpires());
    g.writeEndObject();
  }

  private static void outcome(JsonGenerator g, Outcome outcome) throws IOException {
    g.writeObjectFieldStart("outcome");
    if (outcome.result() == Result.WIN) {
      g.writeStringField("winner", outcome.winner());
    } else {
      g.writeStringField("result", resultText(outcome.result()));
    }
    if (outcome.byRuns() != null || outcome.byWickets() != null || outcome.byInnings() != null) {
      g.writeObjectFieldStart("by");
      if (outcome.byInnings() != null) {
        g.writeNumberField("innings", outcome.byInnings());
      }
      if (outcome.byRuns() != null) {
        g.writeNumberField("runs", outcome.byRuns());
      }
      if (outcome.byWickets() != null) {
        g.writeNumberField("wickets", outcome.byWickets());
      }
      g.writeEndObject();
    }
    optional(g, "method", outcome.method());
    optional(g, "eliminator", outcome.eliminator());
    optional(g, "bowl_out", outcome.bowlOutWinner());
    g.writeEndObject();
  }

  /** Cricsheet's text for a result other than a win. */
  static String resultText(Result result) {
    return switch (result) {
      case TIE -> "tie";
      case DRAW -> "draw";
      case NO_RESULT -> "no result";
      case WIN -> throw new IllegalArgumentException("a win is written as its winner");
    };
  }

  private static void innings(JsonGenerator g, Innings innings) throws IOException {
    g.writeStartObject();
    g.writeStringField("team", innings.team());
    if (!innings.deliveries().isEmpty()) {
      g.writeArrayFieldStart("overs");
      for (Map.Entry<Integer, List<Delivery>> over : Layout.overs(innings).entrySet()) {
        g.writeStartObject();
        g.writeNumberField("over", over.getKey());
        g.writeArrayFieldStart("deliveries");
        for (Delivery d : over.getValue()) {
          delivery(g, d);
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    if (innings.declared()) {
      g.writeBooleanField("declared", true);
    }
    if (innings.forfeited()) {
      g.writeBooleanField("forfeited", true);
    }
    strings(g, "absent_hurt", innings.absentHurt());
    if (innings.penaltyRunsPre() != 0 || innings.penaltyRunsPost() != 0) {
      g.writeObjectFieldStart("penalty_runs");
      if (innings.penaltyRunsPre() != 0) {
        g.writeNumberField("pre", innings.penaltyRunsPre());
      }
      if (innings.penaltyRunsPost() != 0) {
        g.writeNumberField("post", innings.penaltyRunsPost());
      }
      g.writeEndObject();
    }
    if (!innings.powerplays().isEmpty()) {
      g.writeArrayFieldStart("powerplays");
      for (Powerplay pp : innings.powerplays()) {
        g.writeStartObject();
        g.writeFieldName("from");
        decimalOrText(g, pp.from());
        g.writeFieldName("to");
        decimalOrText(g, pp.to());
        optional(g, "type", pp.type());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    if (!innings.miscountedOvers().isEmpty()) {
      g.writeObjectFieldStart("miscounted_overs");
      for (Map.Entry<Integer, Integer> over : innings.miscountedOvers().entrySet()) {
        g.writeObjectFieldStart(String.valueOf(over.getKey()));
        g.writeNumberField("balls", over.getValue());
        g.writeEndObject();
      }
      g.writeEndObject();
    }
    if (innings.target() != null) {
      g.writeObjectFieldStart("target");
      if (innings.target().overs() != null) {
        g.writeFieldName("overs");
        decimalOrText(g, innings.target().overs());
      }
      g.writeNumberField("runs", innings.target().runs());
      g.writeEndObject();
    }
    if (innings.superOver()) {
      g.writeBooleanField("super_over", true);
    }
    g.writeEndObject();
  }

  private static void delivery(JsonGenerator g, Delivery d) throws IOException {
    g.writeStartObject();
    g.writeStringField("batter", d.batter());
    g.writeStringField("bowler", d.bowler());
    extras(g, d.extras());
    g.writeStringField("non_striker", d.nonStriker());
    replacements(g, d.replacements());
    review(g, d.review());
    g.writeObjectFieldStart("runs");
    g.writeNumberField("batter", d.batterRuns());
    g.writeNumberField("extras", d.extras().total());
    if (d.nonBoundary()) {
      g.writeBooleanField("non_boundary", true);
    }
    g.writeNumberField("total", d.totalRuns());
    g.writeEndObject();
    if (!d.wickets().isEmpty()) {
      g.writeArrayFieldStart("wickets");
      for (Wicket w : d.wickets()) {
        g.writeStartObject();
        g.writeStringField("player_out", w.playerOut());
        if (!w.fielders().isEmpty()) {
          g.writeArrayFieldStart("fielders");
          for (Fielder f : w.fielders()) {
            g.writeStartObject();
            g.writeStringField("name", f.name());
            if (f.substitute()) {
              g.writeBooleanField("substitute", true);
            }
            g.writeEndObject();
          }
          g.writeEndArray();
        }
        g.writeStringField("kind", w.kind());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  private static void extras(JsonGenerator g, Extras extras) throws IOException {
    if (extras.equals(Extras.NONE)) {
      return;
    }
    g.writeObjectFieldStart("extras");
    nonZero(g, "byes", extras.byes());
    nonZero(g, "legbyes", extras.legbyes());
    nonZero(g, "noballs", extras.noballs());
    nonZero(g, "penalty", extras.penalty());
    nonZero(g, "wides", extras.wides());
    g.writeEndObject();
  }

  private static void replacements(JsonGenerator g, List<Replacement> replacements)
      throws IOException {
    if (replacements.isEmpty()) {
      return;
    }
    g.writeObjectFieldStart("replacements");
    List<Replacement> match =
        replacements.stream().filter(r -> r.kind() == Replacement.Kind.MATCH).toList();
    List<Replacement> role =
        replacements.stream().filter(r -> r.kind() == Replacement.Kind.ROLE).toList();
    if (!match.isEmpty()) {
      g.writeArrayFieldStart("match");
      for (Replacement r : match) {
        g.writeStartObject();
        g.writeStringField("in", r.in());
        optional(g, "out", r.out());
        optional(g, "reason", r.reason());
        g.writeStringField("team", r.team());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    if (!role.isEmpty()) {
      g.writeArrayFieldStart("role");
      for (Replacement r : role) {
        g.writeStartObject();
        g.writeStringField("in", r.in());
        optional(g, "out", r.out());
        optional(g, "reason", r.reason());
        g.writeStringField("role", r.role());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  private static void review(JsonGenerator g, Review review) throws IOException {
    if (review == null) {
      return;
    }
    g.writeObjectFieldStart("review");
    g.writeStringField("by", review.by());
    optional(g, "umpire", review.umpire());
    optional(g, "batter", review.batter());
    g.writeStringField("decision", review.decision());
    optional(g, "type", review.type());
    if (review.umpiresCall()) {
      g.writeBooleanField("umpires_call", true);
    }
    g.writeEndObject();
  }

  private static void nonZero(JsonGenerator g, String field, int value) throws IOException {
    if (value != 0) {
      g.writeNumberField(field, value);
    }
  }

  private static void optional(JsonGenerator g, String field, String value) throws IOException {
    if (value != null) {
      g.writeStringField(field, value);
    }
  }

  private static void strings(JsonGenerator g, String field, List<String> values)
      throws IOException {
    if (values.isEmpty()) {
      return;
    }
    g.writeArrayFieldStart(field);
    for (String value : values) {
      g.writeString(value);
    }
    g.writeEndArray();
  }

  private static void textOrNumber(JsonGenerator g, String value) throws IOException {
    if (Layout.wholeNumber(value)) {
      g.writeNumber(value);
    } else {
      g.writeString(value);
    }
  }

  private static void decimalOrText(JsonGenerator g, String value) throws IOException {
    if (Layout.decimal(value)) {
      g.writeNumber(value);
    } else {
      g.writeString(value);
    }
  }
}
