package org.cricketstream.cricsheet.write;

import java.io.IOException;
import java.io.Writer;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.cricketstream.cricsheet.model.Delivery;
import org.cricketstream.cricsheet.model.Event;
import org.cricketstream.cricsheet.model.Extras;
import org.cricketstream.cricsheet.model.Innings;
import org.cricketstream.cricsheet.model.Match;
import org.cricketstream.cricsheet.model.MatchInfo;
import org.cricketstream.cricsheet.model.Officials;
import org.cricketstream.cricsheet.model.Outcome;
import org.cricketstream.cricsheet.model.PlayerAppearance;
import org.cricketstream.cricsheet.model.Result;
import org.cricketstream.cricsheet.model.Wicket;
import org.cricketstream.cricsheet.read.CsvMatchReader;

/**
 * Writes a match as Cricsheet CSV2: the ball file, one row per delivery under the 22-column header,
 * with the per-kind extras columns left blank rather than 0; and the info file, {@code version}
 * then {@code info,key,value} rows in Cricsheet's order. A field is quoted only when it holds a
 * comma, a quote or a line break, as Cricsheet's files do.
 */
final class CsvMatchWriter {
  private static final DateTimeFormatter INFO_DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd");
  private static final int MAX_WICKETS_PER_BALL = 2;

  private CsvMatchWriter() {}

  static void writeBalls(Match match, Writer out) throws IOException {
    MatchInfo info = match.info();
    row(out, CsvMatchReader.BALL_COLUMNS);
    String season = info.season() == null ? "" : info.season();
    String startDate = info.dates().get(0).toString();
    for (Innings innings : match.innings()) {
      if (innings.deliveries().isEmpty()) {
        throw new IllegalArgumentException(
            "match "
                + match.id()
                + " innings "
                + innings.number()
                + " has no deliveries: CSV2 cannot record a forfeited innings");
      }
      String bowlingTeam = info.opponentOf(innings.team());
      for (Delivery d : innings.deliveries()) {
        if (d.wickets().size() > MAX_WICKETS_PER_BALL) {
          throw new IllegalArgumentException(
              "CSV2 records at most two dismissals on a ball: " + d.key());
        }
        List<String> fields = new ArrayList<>(CsvMatchReader.BALL_COLUMNS.size());
        fields.add(match.id());
        fields.add(season);
        fields.add(startDate);
        fields.add(info.venue());
        fields.add(Integer.toString(innings.number()));
        fields.add(d.label());
        fields.add(innings.team());
        fields.add(bowlingTeam);
        fields.add(d.batter());
        fields.add(d.nonStriker());
        fields.add(d.bowler());
        fields.add(Integer.toString(d.batterRuns()));
        Extras extras = d.extras();
        fields.add(Integer.toString(extras.total()));
        fields.add(blankIfZero(extras.wides()));
        fields.add(blankIfZero(extras.noballs()));
        fields.add(blankIfZero(extras.byes()));
        fields.add(blankIfZero(extras.legbyes()));
        fields.add(blankIfZero(extras.penalty()));
        for (int i = 0; i < MAX_WICKETS_PER_BALL; i++) {
          Wicket w = i < d.wickets().size() ? d.wickets().get(i) : null;
          fields.add(w == null ? "" : w.kind());
          fields.add(w == null ? "" : w.playerOut());
        }
        row(out, fields);
      }
    }
  }

  static void writeInfo(Match match, Writer out) throws IOException {
    MatchInfo info = match.info();
    row(out, List.of("version", info.dataVersion()));
    info(out, "balls_per_over", Integer.toString(info.ballsPerOver()));
    for (String team : info.teams()) {
      info(out, "team", team);
    }
    info(out, "gender", info.gender());
    optional(out, "season", info.season());
    for (var date : info.dates()) {
      info(out, "date", INFO_DATE.format(date));
    }
    Event event = info.event();
    if (event != null) {
      optional(out, "event", event.name());
      optional(out, "match_number", event.matchNumber());
      optional(out, "group", event.group());
      optional(out, "stage", event.stage());
    }
    optional(out, "competition", info.competition());
    optional(out, "team_type", info.writtenTeamType());
    info(out, "venue", info.venue());
    optional(out, "city", info.city());
    if (info.neutralVenue()) {
      info(out, "neutral_venue", "1");
    }
    info(out, "toss_winner", info.toss().winner());
    info(out, "toss_decision", info.toss().decision());
    for (String player : info.playersOfMatch()) {
      info(out, "player_of_match", player);
    }
    Officials officials = info.officials();
    for (String umpire : officials.umpires()) {
      info(out, "umpire", umpire);
    }
    for (String umpire : officials.reserveUmpires()) {
      info(out, "reserve_umpire", umpire);
    }
    for (String umpire : officials.tvUmpires()) {
      info(out, "tv_umpire", umpire);
    }
    for (String referee : officials.matchReferees()) {
      info(out, "match_referee", referee);
    }
    Outcome outcome = info.outcome();
    if (outcome.result() == Result.WIN) {
      info(out, "winner", outcome.winner());
    } else {
      info(out, "outcome", JsonMatchWriter.resultText(outcome.result()));
    }
    if (outcome.byRuns() != null) {
      info(out, "winner_runs", Integer.toString(outcome.byRuns()));
    }
    if (outcome.byWickets() != null) {
      info(out, "winner_wickets", Integer.toString(outcome.byWickets()));
    }
    if (outcome.byInnings() != null) {
      info(out, "winner_innings", Integer.toString(outcome.byInnings()));
    }
    optional(out, "method", outcome.method());
    optional(out, "eliminator", outcome.eliminator());
    optional(out, "bowl_out", outcome.bowlOutWinner());
    for (PlayerAppearance player : info.players()) {
      row(out, List.of("info", "player", player.team(), player.name()));
    }
    for (var person : info.people().entrySet()) {
      row(out, List.of("info", "registry", "people", person.getKey(), person.getValue()));
    }
  }

  private static String blankIfZero(int n) {
    return n == 0 ? "" : Integer.toString(n);
  }

  private static void info(Writer out, String key, String value) throws IOException {
    row(out, List.of("info", key, value));
  }

  private static void optional(Writer out, String key, String value) throws IOException {
    if (value != null) {
      info(out, key, value);
    }
  }

  private static void row(Writer out, List<String> fields) throws IOException {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.write(field(fields.get(i)));
    }
    out.write('\n');
  }

  /** Quoted only when it must be: a comma, a quote or a line break (the quotes doubled). */
  static String field(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ',' || c == '"' || c == '\n' || c == '\r') {
        return '"' + value.replace("\"", "\"\"") + '"';
      }
    }
    return value;
  }
}
