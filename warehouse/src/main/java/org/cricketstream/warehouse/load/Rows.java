package org.cricketstream.warehouse.load;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.cricketstream.cricsheet.model.Delivery;
import org.cricketstream.cricsheet.model.Event;
import org.cricketstream.cricsheet.model.Fielder;
import org.cricketstream.cricsheet.model.Innings;
import org.cricketstream.cricsheet.model.MatchInfo;
import org.cricketstream.cricsheet.model.Outcome;
import org.cricketstream.cricsheet.model.PlayerAppearance;
import org.cricketstream.cricsheet.model.Toss;
import org.cricketstream.cricsheet.model.Wicket;
import org.cricketstream.topics.Json;

/**
 * Turns clean entities into warehouse rows, column for column as {@link
 * org.cricketstream.warehouse.schema.Tables} declares them. Pure functions: no database needed.
 */
public final class Rows {
  private Rows() {}

  /** One raw event: coordinates, timestamp, key and value bytes as read, headers as JSON. */
  public static Object[] rawEvent(
      String topic,
      int partition,
      long offset,
      long timestamp,
      byte[] key,
      List<Map.Entry<String, byte[]>> headers,
      byte[] value) {
    return new Object[] {topic, partition, offset, timestamp, key, headersJson(headers), value};
  }

  /**
   * Headers as a JSON array of {@code {"key", "value"}} with values in base64: exact bytes, order
   * and repeats kept. Written by Jackson's generator field by field, as the mapper writes a list of
   * such maps (keys in order, a null value left out), without building the maps: it cost a tenth of
   * the sink's reading.
   */
  static String headersJson(List<Map.Entry<String, byte[]>> headers) {
    StringWriter out = new StringWriter(32 + 64 * headers.size());
    try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(out)) {
      json.writeStartArray();
      for (Map.Entry<String, byte[]> header : headers) {
        json.writeStartObject();
        json.writeStringField("key", header.getKey());
        if (header.getValue() != null) {
          json.writeStringField("value", Base64.getEncoder().encodeToString(header.getValue()));
        }
        json.writeEndObject();
      }
      json.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException("writing headers as JSON", e);
    }
    return out.toString();
  }

  /** The headers back from their JSON form. */
  public static List<Map.Entry<String, byte[]>> headersOf(String json) {
    List<Map.Entry<String, byte[]>> headers = new ArrayList<>();
    if (json == null) {
      return headers;
    }
    try {
      for (var node : Json.MAPPER.readTree(json)) {
        String value = node.hasNonNull("value") ? node.get("value").asText() : null;
        headers.add(
            new java.util.AbstractMap.SimpleImmutableEntry<>(
                node.get("key").asText(),
                value == null ? null : Base64.getDecoder().decode(value)));
      }
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("headers are not the JSON the sink writes: " + json, e);
    }
    return headers;
  }

  public static Object[] match(MatchInfo m) {
    Event event = m.event();
    Toss toss = m.toss();
    Outcome outcome = m.outcome();
    List<LocalDate> dates = m.dates();
    return new Object[] {
      m.matchId(),
      m.source() == null ? null : m.source().name(),
      m.dataVersion(),
      m.format() == null ? null : m.format().name(),
      m.matchType(),
      m.matchTypeNumber(),
      m.gender(),
      m.teamType(),
      m.teams().size() > 0 ? m.teams().get(0) : null,
      m.teams().size() > 1 ? m.teams().get(1) : null,
      m.season(),
      dates.isEmpty() ? null : dates.get(0),
      dates.isEmpty() ? null : dates.get(dates.size() - 1),
      dates.size(),
      event == null ? null : event.name(),
      event == null ? null : event.matchNumber(),
      event == null ? null : event.group(),
      event == null ? null : event.stage(),
      m.venue(),
      m.city(),
      m.neutralVenue(),
      toss == null ? null : toss.winner(),
      toss == null ? null : toss.decision(),
      m.ballsPerOver(),
      m.scheduledOvers(),
      outcome == null || outcome.result() == null ? null : outcome.result().name(),
      outcome == null ? null : outcome.winner(),
      outcome == null ? null : outcome.byRuns(),
      outcome == null ? null : outcome.byWickets(),
      outcome == null ? null : outcome.byInnings(),
      outcome == null ? null : outcome.method(),
      outcome == null ? null : outcome.eliminator(),
      outcome == null ? null : outcome.bowlOutWinner(),
      outcome == null || outcome.result() == null ? null : outcome.describe(),
      String.join("; ", m.playersOfMatch()),
      json(m),
      m.competitionOrEvent()
    };
  }

  public static Object[] player(PlayerAppearance p) {
    return new Object[] {
      p.key(),
      p.matchId(),
      p.team(),
      p.name(),
      p.registryId(),
      p.role() == null ? null : p.role().name(),
      p.replaced()
    };
  }

  public static Object[] innings(Innings i) {
    return new Object[] {
      i.key(),
      i.matchId(),
      i.number(),
      i.team(),
      i.superOver(),
      i.declared(),
      i.forfeited(),
      i.target() == null ? null : i.target().runs(),
      i.target() == null ? null : i.target().overs(),
      i.penaltyRunsPre(),
      i.penaltyRunsPost(),
      String.join("; ", i.absentHurt()),
      json(i.powerplays())
    };
  }

  public static List<Object[]> miscountedOvers(Innings i) {
    List<Object[]> rows = new ArrayList<>();
    i.miscountedOvers()
        .forEach(
            (over, balls) ->
                rows.add(new Object[] {i.key(), over, i.matchId(), i.number(), balls}));
    return rows;
  }

  public static Object[] delivery(Delivery d) {
    return new Object[] {
      d.key(),
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
      d.extras().wides(),
      d.extras().noballs(),
      d.extras().byes(),
      d.extras().legbyes(),
      d.extras().penalty(),
      d.extras().total(),
      d.totalRuns(),
      d.nonBoundary(),
      d.legal(),
      d.wickets().size(),
      d.replacements().isEmpty() ? null : json(d.replacements()),
      d.review() == null ? null : json(d.review())
    };
  }

  public static List<Object[]> wickets(Delivery d) {
    List<Object[]> rows = new ArrayList<>(d.wickets().size());
    for (int i = 0; i < d.wickets().size(); i++) {
      Wicket w = d.wickets().get(i);
      rows.add(
          new Object[] {
            d.key(),
            i + 1,
            d.matchId(),
            d.innings(),
            d.sequence(),
            d.batter(),
            d.nonStriker(),
            d.bowler(),
            w.kind(),
            w.playerOut(),
            String.join("; ", w.fielders().stream().map(Fielder::name).toList()),
            w.creditedToBowler(),
            w.countsAsWicket()
          });
    }
    return rows;
  }

  /** Approximate size of a row in memory, to bound a batch by bytes as well as by records. */
  static long sizeOf(Object[] row) {
    long size = 16L * row.length;
    for (Object value : row) {
      if (value instanceof byte[] b) {
        size += b.length;
      } else if (value instanceof String s) {
        size += s.length();
      }
    }
    return size;
  }

  private static String json(Object value) {
    try {
      return Json.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("clean values always serialize", e);
    }
  }
}
