package org.cricketstream.cricsheet.read;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.cricketstream.cricsheet.model.Delivery;
import org.cricketstream.cricsheet.model.Event;
import org.cricketstream.cricsheet.model.Extras;
import org.cricketstream.cricsheet.model.Innings;
import org.cricketstream.cricsheet.model.Match;
import org.cricketstream.cricsheet.model.MatchFormat;
import org.cricketstream.cricsheet.model.MatchInfo;
import org.cricketstream.cricsheet.model.Officials;
import org.cricketstream.cricsheet.model.Outcome;
import org.cricketstream.cricsheet.model.PlayerAppearance;
import org.cricketstream.cricsheet.model.Result;
import org.cricketstream.cricsheet.model.SourceFormat;
import org.cricketstream.cricsheet.model.Toss;
import org.cricketstream.cricsheet.model.Wicket;

/**
 * Reads Cricsheet's CSV2 format: a ball file {@code <id>.csv} with one row per delivery, and an
 * info file {@code <id>_info.csv} with the match details. CSV2 does not record the match type, so
 * the caller says which format the file holds. It cannot record fielders, reviews, replacements,
 * targets or innings-level penalty runs either; those are simply absent from matches read from it.
 */
public final class CsvMatchReader {

  /** The ball file's header, as Cricsheet writes it. */
  public static final List<String> BALL_COLUMNS =
      List.of(
          "match_id",
          "season",
          "start_date",
          "venue",
          "innings",
          "ball",
          "batting_team",
          "bowling_team",
          "striker",
          "non_striker",
          "bowler",
          "runs_off_bat",
          "extras",
          "wides",
          "noballs",
          "byes",
          "legbyes",
          "penalty",
          "wicket_type",
          "player_dismissed",
          "other_wicket_type",
          "other_player_dismissed");

  private static final Set<String> SINGLE_INFO_KEYS =
      Set.of(
          "balls_per_over",
          "gender",
          "season",
          "event",
          "match_number",
          "venue",
          "city",
          "toss_winner",
          "toss_decision",
          "winner",
          "winner_runs",
          "winner_wickets",
          "winner_innings",
          "outcome",
          "method",
          "eliminator",
          "bowl_out",
          "neutralvenue",
          "neutral_venue",
          "match_type",
          "match_type_number",
          "group",
          "stage",
          "team_type",
          "competition");
  private static final Set<String> MULTI_INFO_KEYS =
      Set.of(
          "team",
          "date",
          "umpire",
          "tv_umpire",
          "reserve_umpire",
          "match_referee",
          "player_of_match");
  private static final Pattern BALL = Pattern.compile("(\\d{1,5})\\.(\\d{1,3})");
  private static final DateTimeFormatter INFO_DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd");

  private CsvMatchReader() {}

  /** One parsed ball row, with the columns that belong to the innings rather than the delivery. */
  public record BallRow(
      String matchId,
      String season,
      String startDate,
      String venue,
      String battingTeam,
      String bowlingTeam,
      Delivery delivery,
      String origin,
      String location) {}

  /** Reads a whole match from its ball file and info file. */
  public static Match read(
      String matchId,
      MatchFormat format,
      String ballOrigin,
      Reader balls,
      String infoOrigin,
      Reader info,
      UnknownKeys unknown) {
    MatchInfo matchInfo = readInfo(matchId, format, infoOrigin, info, unknown);
    List<BallRow> rows = readBalls(matchId, ballOrigin, balls);
    return new Match(matchInfo, assemble(matchInfo, rows));
  }

  /** Reads an info file into match information (players from its player rows). */
  public static MatchInfo readInfo(String matchId, MatchFormat format, String origin, Reader in) {
    return readInfo(matchId, format, origin, in, new UnknownKeys());
  }

  /**
   * Reads an info file, recording in {@code unknown} the info keys (and registries other than
   * people) this reader does not know: they never reject a match.
   */
  public static MatchInfo readInfo(
      String matchId, MatchFormat format, String origin, Reader in, UnknownKeys unknown) {
    Map<String, String> single = new HashMap<>();
    Map<String, List<String>> multi = new HashMap<>();
    Map<String, List<String>> playersByTeam = new LinkedHashMap<>();
    Map<String, String> people = new HashMap<>();
    String[] versionHolder = {null};
    forEachRecord(
        origin,
        in,
        record -> {
          String at = "line " + record.getRecordNumber();
          String kind = record.get(0);
          if (record.getRecordNumber() == 1) {
            if (!"version".equals(kind) || record.size() != 2) {
              throw new CricsheetFormatException(origin, at, "expected 'version,2.x.x' first");
            }
            versionHolder[0] = record.get(1);
            return;
          }
          if (!"info".equals(kind) || record.size() < 3) {
            throw new CricsheetFormatException(
                origin,
                at,
                "expected an 'info,key,value' row, found '" + String.join(",", record) + "'");
          }
          String key = record.get(1);
          if (key.equals("player") || key.equals("players")) {
            requireSize(record, 4, origin);
            playersByTeam.computeIfAbsent(record.get(2), t -> new ArrayList<>()).add(record.get(3));
          } else if (key.equals("registry")) {
            requireSize(record, 5, origin);
            if ("people".equals(record.get(2))) {
              people.put(record.get(3), record.get(4));
            } else {
              unknown.add("info,registry", record.get(2));
            }
          } else if (MULTI_INFO_KEYS.contains(key)) {
            requireSize(record, 3, origin);
            multi.computeIfAbsent(key, k -> new ArrayList<>()).add(record.get(2));
          } else if (SINGLE_INFO_KEYS.contains(key)) {
            requireSize(record, 3, origin);
            if (single.put(key, record.get(2)) != null) {
              throw new CricsheetFormatException(origin, at, "'" + key + "' is given twice");
            }
          } else {
            unknown.add("info", key);
          }
        });
    String version = versionHolder[0];
    if (version == null) {
      throw new CricsheetFormatException(origin, "line 1", "empty info file");
    }
    List<String> teams = multi.getOrDefault("team", List.of());
    if (teams.size() != 2) {
      throw new CricsheetFormatException(origin, "info,team", "expected two teams, found " + teams);
    }
    List<PlayerAppearance> players = new ArrayList<>();
    for (Map.Entry<String, List<String>> team : playersByTeam.entrySet()) {
      if (!teams.contains(team.getKey())) {
        throw new CricsheetFormatException(
            origin, "info,player", "team '" + team.getKey() + "' is not one of " + teams);
      }
      for (String name : team.getValue()) {
        players.add(
            new PlayerAppearance(
                matchId,
                team.getKey(),
                name,
                people.get(name),
                PlayerAppearance.Role.PLAYING,
                null));
      }
    }
    List<LocalDate> dates = new ArrayList<>();
    for (String date : multi.getOrDefault("date", List.of())) {
      try {
        dates.add(LocalDate.parse(date, INFO_DATE));
      } catch (DateTimeParseException e) {
        throw new CricsheetFormatException(
            origin, "info,date", "expected a date like 2019/07/14, found '" + date + "'");
      }
    }
    if (dates.isEmpty()) {
      throw new CricsheetFormatException(origin, "info,date", "no dates");
    }
    Event event =
        single.containsKey("event") || single.containsKey("match_number")
            ? new Event(
                single.get("event"),
                single.get("match_number"),
                single.get("group"),
                single.get("stage"))
            : null;
    String matchType = single.getOrDefault("match_type", matchTypeOf(format));
    return new MatchInfo(
        matchId,
        SourceFormat.CSV2,
        version,
        format,
        matchType,
        integer(single, "match_type_number", origin),
        required(single, "gender", origin),
        MatchInfo.teamTypeOr(single.get("team_type"), single.get("competition")),
        single.get("competition"),
        teams,
        single.get("season"),
        dates,
        event,
        required(single, "venue", origin),
        single.get("city"),
        "1".equals(single.getOrDefault("neutral_venue", single.get("neutralvenue"))),
        new Toss(
            required(single, "toss_winner", origin), required(single, "toss_decision", origin)),
        new Officials(
            multi.getOrDefault("umpire", List.of()),
            multi.getOrDefault("tv_umpire", List.of()),
            multi.getOrDefault("reserve_umpire", List.of()),
            multi.getOrDefault("match_referee", List.of())),
        ballsPerOver(single, origin),
        null,
        outcome(single, teams, origin),
        multi.getOrDefault("player_of_match", List.of()),
        players,
        people,
        List.of(),
        List.of());
  }

  private static int ballsPerOver(Map<String, String> single, String origin) {
    Integer balls = integer(single, "balls_per_over", origin);
    if (balls == null) {
      return failMissing(origin, "balls_per_over");
    }
    if (balls <= 0) {
      throw new CricsheetFormatException(
          origin, "info,balls_per_over", "balls_per_over must be at least 1, found " + balls);
    }
    return balls;
  }

  private static String matchTypeOf(MatchFormat format) {
    return switch (format) {
      case T20 -> "T20";
      case TEST -> "Test";
      case ODI -> "ODI";
      case OTHER -> "other";
    };
  }

  private static int failMissing(String origin, String key) {
    throw new CricsheetFormatException(origin, "info," + key, "missing info row '" + key + "'");
  }

  private static void requireSize(CSVRecord record, int size, String origin) {
    if (record.size() != size) {
      throw new CricsheetFormatException(
          origin,
          "line " + record.getRecordNumber(),
          "expected "
              + size
              + " fields, found "
              + record.size()
              + ": '"
              + String.join(",", record)
              + "'");
    }
  }

  private static String required(Map<String, String> single, String key, String origin) {
    String value = single.get(key);
    if (value == null) {
      failMissing(origin, key);
    }
    return value;
  }

  private static Integer integer(Map<String, String> single, String key, String origin) {
    String value = single.get(key);
    if (value == null) {
      return null;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new CricsheetFormatException(
          origin, "info," + key, "expected a whole number, found '" + value + "'");
    }
  }

  private static Outcome outcome(Map<String, String> single, List<String> teams, String origin) {
    String winner = single.get("winner");
    String result = single.get("outcome");
    Result parsed;
    if (winner != null && result != null) {
      throw new CricsheetFormatException(origin, "info,outcome", "both a winner and an outcome");
    } else if (winner != null) {
      if (!teams.contains(winner)) {
        throw new CricsheetFormatException(
            origin, "info,winner", "winner '" + winner + "' is not one of " + teams);
      }
      parsed = Result.WIN;
    } else if (result != null) {
      try {
        parsed = Result.ofText(result);
      } catch (IllegalArgumentException e) {
        throw new CricsheetFormatException(origin, "info,outcome", e.getMessage());
      }
    } else {
      throw new CricsheetFormatException(origin, "info,winner", "neither a winner nor an outcome");
    }
    return new Outcome(
        parsed,
        winner,
        integer(single, "winner_runs", origin),
        integer(single, "winner_wickets", origin),
        integer(single, "winner_innings", origin),
        single.get("method"),
        single.get("eliminator"),
        single.get("bowl_out"));
  }

  private static final Pattern CSV_ERROR_LINE = Pattern.compile("\\((?:start)?line (\\d+)\\)");

  /**
   * Hands each record of a CSV text to {@code action}; a text that is not valid CSV (an unclosed
   * quote, say) fails with the line the problem starts on.
   */
  private static void forEachRecord(String origin, Reader in, Consumer<CSVRecord> action) {
    try (CSVParser parser = CSVFormat.DEFAULT.parse(in)) {
      Iterator<CSVRecord> records = parser.iterator();
      while (true) {
        CSVRecord record;
        try {
          if (!records.hasNext()) {
            return;
          }
          record = records.next();
        } catch (UncheckedIOException | IllegalStateException e) {
          String message = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
          Matcher line = CSV_ERROR_LINE.matcher(String.valueOf(message));
          String at =
              line.find() ? "line " + line.group(1) : "line " + parser.getCurrentLineNumber();
          throw new CricsheetFormatException(origin, at, "not valid CSV: " + message, e);
        }
        action.accept(record);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + origin, e);
    }
  }

  /** Reads every row of a ball file; each row is checked as it is read. */
  public static List<BallRow> readBalls(String matchId, String origin, Reader in) {
    List<BallRow> rows = new ArrayList<>();
    boolean[] header = {true};
    forEachRecord(
        origin,
        in,
        record -> {
          List<String> fields = record.toList();
          if (header[0]) {
            if (!fields.equals(BALL_COLUMNS)) {
              throw new CricsheetFormatException(
                  origin, "line 1", "expected the CSV2 header " + String.join(",", BALL_COLUMNS));
            }
            header[0] = false;
            return;
          }
          BallRow row = ballRow(origin, "line " + record.getRecordNumber(), fields, 0);
          if (matchId != null && !matchId.equals(row.matchId())) {
            throw new CricsheetFormatException(
                origin,
                "line " + record.getRecordNumber(),
                "match_id " + row.matchId() + " does not match the file's match " + matchId);
          }
          rows.add(row);
        });
    if (rows.isEmpty()) {
      throw new CricsheetFormatException(origin, "line 2", "no ball rows");
    }
    return rows;
  }

  /**
   * Parses one ball row given as its 22 fields. The sequence number is the caller's to give: a row
   * alone does not know its place in the innings (0 when not yet known).
   */
  public static BallRow ballRow(String origin, String at, List<String> fields, int sequence) {
    if (fields.size() != BALL_COLUMNS.size()) {
      throw new CricsheetFormatException(
          origin, at, "expected " + BALL_COLUMNS.size() + " fields, found " + fields.size());
    }
    String matchId = fields.get(0);
    int innings = number(fields, 4, origin, at);
    if (innings < 1) {
      throw new CricsheetFormatException(origin, at, "innings " + innings + " is not 1 or more");
    }
    Matcher ball = BALL.matcher(fields.get(5));
    if (!ball.matches()) {
      throw new CricsheetFormatException(
          origin, at, "ball '" + fields.get(5) + "' is not over.ball like 12.4");
    }
    int over = Integer.parseInt(ball.group(1));
    int ballInOver = Integer.parseInt(ball.group(2));
    int batterRuns = number(fields, 11, origin, at);
    int extrasTotal = number(fields, 12, origin, at);
    Extras extras =
        new Extras(
            optional(fields, 13, origin, at),
            optional(fields, 14, origin, at),
            optional(fields, 15, origin, at),
            optional(fields, 16, origin, at),
            optional(fields, 17, origin, at));
    if (extras.total() != extrasTotal) {
      throw new CricsheetFormatException(
          origin,
          at,
          "extras is " + extrasTotal + " but the extras by kind add up to " + extras.total());
    }
    List<Wicket> wickets = new ArrayList<>();
    addWicket(wickets, fields.get(18), fields.get(19), origin, at);
    addWicket(wickets, fields.get(20), fields.get(21), origin, at);
    Delivery delivery =
        new Delivery(
            matchId,
            innings,
            over,
            ballInOver,
            Delivery.label(over, ballInOver),
            sequence,
            nonEmpty(fields, 8, origin, at),
            nonEmpty(fields, 10, origin, at),
            nonEmpty(fields, 9, origin, at),
            batterRuns,
            extras,
            batterRuns + extrasTotal,
            false,
            wickets,
            List.of(),
            null);
    return new BallRow(
        matchId,
        fields.get(1),
        fields.get(2),
        fields.get(3),
        nonEmpty(fields, 6, origin, at),
        nonEmpty(fields, 7, origin, at),
        delivery,
        origin,
        at);
  }

  private static void addWicket(
      List<Wicket> wickets, String kind, String playerOut, String origin, String at) {
    if (kind.isEmpty() != playerOut.isEmpty()) {
      throw new CricsheetFormatException(
          origin,
          at,
          "a wicket needs both its kind and the player dismissed ('"
              + kind
              + "', '"
              + playerOut
              + "')");
    }
    if (!kind.isEmpty()) {
      wickets.add(new Wicket(kind, playerOut, List.of()));
    }
  }

  private static String nonEmpty(List<String> fields, int index, String origin, String at) {
    String value = fields.get(index);
    if (value.isEmpty()) {
      throw new CricsheetFormatException(origin, at, BALL_COLUMNS.get(index) + " is empty");
    }
    return value;
  }

  /** A count (innings, runs, extras): a whole number, never negative. */
  private static int number(List<String> fields, int index, String origin, String at) {
    String value = fields.get(index);
    int n;
    try {
      n = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new CricsheetFormatException(
          origin, at, BALL_COLUMNS.get(index) + " '" + value + "' is not a whole number");
    }
    if (n < 0) {
      throw new CricsheetFormatException(
          origin, at, BALL_COLUMNS.get(index) + " is " + n + ", a count cannot be negative");
    }
    return n;
  }

  /** CSV2 leaves the per-kind extras columns blank rather than writing 0. */
  private static int optional(List<String> fields, int index, String origin, String at) {
    return fields.get(index).isEmpty() ? 0 : number(fields, index, origin, at);
  }

  /**
   * The ball's place in its over. CSV2 labels it, but some files print the tenth delivery of an
   * over as {@code N.1} rather than {@code N.10} (a number formatting slip: 1185312.csv and eleven
   * more in the sample); the place, which the other formats give, is what the key is made of.
   */
  public static int ballInOver(int labelled, int position, BallRow row) {
    if (labelled == position || (position == 10 && labelled == 1)) {
      return position;
    }
    throw new CricsheetFormatException(
        row.origin(),
        row.location(),
        "ball " + row.delivery().label() + " is delivery " + position + " of its over");
  }

  /**
   * Groups ball rows into innings in the order they were bowled, numbering each delivery within its
   * innings. Innings after the second of a limited-overs match are super overs.
   */
  public static List<Innings> assemble(MatchInfo info, List<BallRow> rows) {
    Map<Integer, List<BallRow>> byInnings = new LinkedHashMap<>();
    for (BallRow row : rows) {
      byInnings.computeIfAbsent(row.delivery().innings(), n -> new ArrayList<>()).add(row);
    }
    List<Innings> innings = new ArrayList<>();
    int expected = 1;
    for (Map.Entry<Integer, List<BallRow>> entry : byInnings.entrySet()) {
      BallRow first = entry.getValue().get(0);
      if (entry.getKey() != expected) {
        throw new CricsheetFormatException(
            first.origin(),
            first.location(),
            "innings " + entry.getKey() + " where innings " + expected + " was expected");
      }
      expected++;
      List<Delivery> deliveries = new ArrayList<>();
      int over = -1;
      int position = 0;
      for (BallRow row : entry.getValue()) {
        Delivery delivery = row.delivery();
        position = delivery.over() == over ? position + 1 : 1;
        over = delivery.over();
        int ball = ballInOver(delivery.ball(), position, row);
        if (!row.battingTeam().equals(first.battingTeam())) {
          throw new CricsheetFormatException(
              row.origin(),
              row.location(),
              "batting team " + row.battingTeam() + " changes within innings " + entry.getKey());
        }
        if (!info.teams().contains(row.battingTeam())
            || !info.teams().contains(row.bowlingTeam())) {
          throw new CricsheetFormatException(
              row.origin(), row.location(), "teams are not the match's teams " + info.teams());
        }
        deliveries.add(delivery.withBall(ball).withSequence(deliveries.size() + 1));
      }
      int number = entry.getKey();
      innings.add(
          new Innings(
              info.matchId(),
              number,
              first.battingTeam(),
              info.format().limitedOvers() && number > 2,
              false,
              false,
              null,
              0,
              0,
              List.of(),
              List.of(),
              Map.of(),
              deliveries));
    }
    return innings;
  }
}
