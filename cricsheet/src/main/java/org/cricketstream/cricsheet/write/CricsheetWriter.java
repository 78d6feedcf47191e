package org.cricketstream.cricsheet.write;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cricketstream.cricsheet.model.Delivery;
import org.cricketstream.cricsheet.model.Event;
import org.cricketstream.cricsheet.model.Innings;
import org.cricketstream.cricsheet.model.Match;
import org.cricketstream.cricsheet.model.MatchFormat;
import org.cricketstream.cricsheet.model.MatchInfo;
import org.cricketstream.cricsheet.model.Officials;
import org.cricketstream.cricsheet.model.PlayerAppearance;
import org.cricketstream.cricsheet.model.Replacement;
import org.cricketstream.cricsheet.model.SourceFormat;
import org.cricketstream.cricsheet.model.Wicket;

/**
 * Writes matches as Cricsheet files: JSON (data_version 1.1.0 layout), YAML (0.92 layout) and CSV2
 * (a ball file and an info file), each as Cricsheet lays it out, so the project's readers and
 * anyone else's read them. Writing is deterministic: the same match gives the same bytes.
 *
 * <p>A format can only carry what it has a place for. {@link #carried} says exactly what a match
 * becomes when written in a format and read back, so that {@code read(write(m))} equals {@code
 * carried(m, format)} for every match {@code m}.
 */
public final class CricsheetWriter {
  /** The data versions written: the layouts these writers follow. */
  public static final String JSON_VERSION = "1.1.0";

  public static final String YAML_VERSION = "0.92";
  public static final String CSV_VERSION = "2.2.0";

  private CricsheetWriter() {}

  /** Writes the match as a Cricsheet JSON document. */
  public static void json(Match match, OutputStream out) throws IOException {
    JsonMatchWriter.write(match, out);
  }

  /** Writes the match as a Cricsheet YAML document (UTF-8). */
  public static void yaml(Match match, OutputStream out) throws IOException {
    Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    YamlMatchWriter.write(match, writer);
    writer.flush();
  }

  /** Writes the match as CSV2: its ball file and its info file. */
  public static void csv(Match match, Writer balls, Writer info) throws IOException {
    CsvMatchWriter.writeBalls(match, balls);
    CsvMatchWriter.writeInfo(match, info);
  }

  /** The JSON document as bytes. */
  public static byte[] jsonBytes(Match match) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    inMemory(() -> json(match, out));
    return out.toByteArray();
  }

  /** The YAML document as bytes. */
  public static byte[] yamlBytes(Match match) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    inMemory(() -> yaml(match, out));
    return out.toByteArray();
  }

  /** The CSV2 ball file as text. */
  public static String csvBalls(Match match) {
    StringWriter out = new StringWriter();
    inMemory(() -> CsvMatchWriter.writeBalls(match, out));
    return out.toString();
  }

  /** The CSV2 info file as text. */
  public static String csvInfo(Match match) {
    StringWriter out = new StringWriter();
    inMemory(() -> CsvMatchWriter.writeInfo(match, out));
    return out.toString();
  }

  private interface Write {
    void run() throws IOException;
  }

  /** Runs a write into memory, which cannot fail with an I/O error but says it may. */
  private static void inMemory(Write write) {
    try {
      write.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes the match into {@code folder} in the given format, named by its id as Cricsheet names
   * its files: {@code <id>.json}, {@code <id>.yaml}, or {@code <id>.csv} with {@code
   * <id>_info.csv}. Returns the files written.
   */
  public static List<Path> write(Match match, SourceFormat format, Path folder) throws IOException {
    Files.createDirectories(folder);
    String id = match.id();
    return switch (format) {
      case JSON -> {
        Path file = folder.resolve(id + ".json");
        Files.write(file, jsonBytes(match));
        yield List.of(file);
      }
      case YAML -> {
        Path file = folder.resolve(id + ".yaml");
        Files.write(file, yamlBytes(match));
        yield List.of(file);
      }
      case CSV2 -> {
        Path balls = folder.resolve(id + ".csv");
        Path info = folder.resolve(id + "_info.csv");
        Files.writeString(balls, csvBalls(match), StandardCharsets.UTF_8);
        Files.writeString(info, csvInfo(match), StandardCharsets.UTF_8);
        yield List.of(balls, info);
      }
    };
  }

  /**
   * The match as it reads back after being written in {@code format} (a CSV2 file read from a
   * folder whose name says {@code csvFormat}, as {@code MatchFiles} decides). JSON carries
   * everything the model holds. YAML has no reviews, powerplays, miscounted overs or officials
   * other than umpires. CSV2 has no fielders, reviews, replacements, targets, innings penalty runs,
   * non-boundary flags, declarations, absent-hurt lists, match type or number, scheduled overs,
   * missing-data notes, bowl-out attempts or supersubs (every player is simply in the side).
   */
  public static Match carried(Match match, SourceFormat format, MatchFormat csvFormat) {
    MatchInfo info = match.info();
    return switch (format) {
      case JSON ->
          new Match(withSource(info, SourceFormat.JSON, info.officials()), match.innings());
      case YAML -> {
        Officials umpiresOnly =
            new Officials(info.officials().umpires(), List.of(), List.of(), List.of());
        List<Innings> innings = new ArrayList<>();
        for (Innings one : match.innings()) {
          List<Delivery> deliveries = new ArrayList<>();
          for (Delivery d : one.deliveries()) {
            deliveries.add(delivery(d, d.nonBoundary(), d.wickets(), d.replacements()));
          }
          innings.add(
              new Innings(
                  one.matchId(),
                  one.number(),
                  one.team(),
                  one.superOver() || (info.format().limitedOvers() && one.number() > 2),
                  one.declared(),
                  one.forfeited(),
                  one.target(),
                  one.penaltyRunsPre(),
                  one.penaltyRunsPost(),
                  one.absentHurt(),
                  List.of(),
                  Map.of(),
                  deliveries));
        }
        yield new Match(withSource(info, SourceFormat.YAML, umpiresOnly), innings);
      }
      case CSV2 -> csvCarried(match, csvFormat);
    };
  }

  private static Match csvCarried(Match match, MatchFormat format) {
    MatchInfo info = match.info();
    // Player rows are read back grouped by team, in the order the teams first appear.
    Map<String, List<PlayerAppearance>> byTeam = new LinkedHashMap<>();
    for (PlayerAppearance p : info.players()) {
      byTeam
          .computeIfAbsent(p.team(), t -> new ArrayList<>())
          .add(
              new PlayerAppearance(
                  p.matchId(),
                  p.team(),
                  p.name(),
                  p.registryId(),
                  PlayerAppearance.Role.PLAYING,
                  null));
    }
    List<PlayerAppearance> players = byTeam.values().stream().flatMap(List::stream).toList();
    Event event = info.event();
    if (event != null && event.name() == null && event.matchNumber() == null) {
      event = null;
    }
    var outcome = info.outcome();
    MatchInfo carried =
        new MatchInfo(
            info.matchId(),
            SourceFormat.CSV2,
            info.dataVersion(),
            format,
            csvMatchType(format),
            null,
            info.gender(),
            info.teamType(),
            info.competition(),
            info.teams(),
            info.season(),
            info.dates(),
            event,
            info.venue(),
            info.city(),
            info.neutralVenue(),
            info.toss(),
            info.officials(),
            info.ballsPerOver(),
            null,
            outcome,
            info.playersOfMatch(),
            players,
            info.people(),
            List.of(),
            List.of());
    List<Innings> innings = new ArrayList<>();
    for (Innings one : match.innings()) {
      List<Delivery> deliveries = new ArrayList<>();
      for (Delivery d : one.deliveries()) {
        List<Wicket> wickets = new ArrayList<>();
        for (Wicket w : d.wickets()) {
          wickets.add(new Wicket(w.kind(), w.playerOut(), List.of()));
        }
        deliveries.add(delivery(d, false, wickets, List.of()));
      }
      innings.add(
          new Innings(
              one.matchId(),
              one.number(),
              one.team(),
              format.limitedOvers() && one.number() > 2,
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
    return new Match(carried, innings);
  }

  /** The match type a CSV2 match is given: CSV2 does not record it. */
  private static String csvMatchType(MatchFormat format) {
    return switch (format) {
      case T20 -> "T20";
      case TEST -> "Test";
      case ODI -> "ODI";
      case OTHER -> "other";
    };
  }

  /** The delivery with only what a format carries; reviews are JSON's alone. */
  private static Delivery delivery(
      Delivery d, boolean nonBoundary, List<Wicket> wickets, List<Replacement> replacements) {
    return new Delivery(
        d.matchId(),
        d.innings(),
        d.over(),
        d.ball(),
        d.label(),
        d.sequence(),
        d.batter(),
        d.bowler(),
        d.nonStriker(),
        d.batterRuns(),
        d.extras(),
        d.totalRuns(),
        nonBoundary,
        wickets,
        replacements,
        null);
  }

  private static MatchInfo withSource(MatchInfo info, SourceFormat source, Officials officials) {
    return new MatchInfo(
        info.matchId(),
        source,
        info.dataVersion(),
        info.format(),
        info.matchType(),
        info.matchTypeNumber(),
        info.gender(),
        info.teamType(),
        info.competition(),
        info.teams(),
        info.season(),
        info.dates(),
        info.event(),
        info.venue(),
        info.city(),
        info.neutralVenue(),
        info.toss(),
        officials,
        info.ballsPerOver(),
        info.scheduledOvers(),
        info.outcome(),
        info.playersOfMatch(),
        info.players(),
        info.people(),
        info.missing(),
        info.bowlOut());
  }
}
