package org.cricketstream.warehouse.schema;

import static org.cricketstream.warehouse.schema.Column.bigint;
import static org.cricketstream.warehouse.schema.Column.bool;
import static org.cricketstream.warehouse.schema.Column.bytes;
import static org.cricketstream.warehouse.schema.Column.date;
import static org.cricketstream.warehouse.schema.Column.integer;
import static org.cricketstream.warehouse.schema.Column.text;

import java.util.List;
import java.util.Set;
import org.cricketstream.warehouse.schema.Table.Merge;

/**
 * The tables the loader writes, declared once. The analytics model (matches, players, innings,
 * deliveries and their parts) is keyed by the clean topics' natural keys, so writing a record again
 * overwrites it: that, and the offsets committed in the same transaction, is what makes the load
 * exactly once. Teams and venues are derived from matches by the merge.
 */
public final class Tables {
  private Tables() {}

  /** Every raw event as it arrived, with its coordinates: the clean layer is rebuilt from here. */
  public static final Table RAW_EVENTS =
      new Table(
          "raw_events",
          List.of(
              text("topic"),
              integer("partition_id"),
              bigint("record_offset"),
              bigint("record_timestamp"),
              bytes("record_key"),
              text("headers"),
              bytes("payload")),
          List.of("topic", "partition_id", "record_offset"),
          Merge.INSERT_NEW,
          null);

  public static final Table MATCHES =
      new Table(
          "matches",
          List.of(
              text("match_id"),
              text("source_format"),
              text("data_version"),
              text("match_format"),
              text("match_type"),
              integer("match_type_number"),
              text("gender"),
              text("team_type"),
              text("team1"),
              text("team2"),
              text("season"),
              date("start_date"),
              date("end_date"),
              integer("match_days"),
              text("event_name"),
              text("event_match_number"),
              text("event_group"),
              text("event_stage"),
              text("venue"),
              text("city"),
              bool("neutral_venue"),
              text("toss_winner"),
              text("toss_decision"),
              integer("balls_per_over"),
              integer("scheduled_overs"),
              text("result"),
              text("winner"),
              integer("by_runs"),
              integer("by_wickets"),
              integer("by_innings"),
              text("method"),
              text("eliminator"),
              text("bowl_out_winner"),
              text("outcome"),
              text("players_of_match"),
              text("info_json"),
              text("competition")),
          List.of("match_id"),
          Merge.UPSERT,
          null);

  public static final Table PLAYERS =
      new Table(
          "players",
          List.of(
              text("player_key"),
              text("match_id"),
              text("team"),
              text("player_name"),
              text("registry_id"),
              text("player_role"),
              text("replaced")),
          List.of("player_key"),
          Merge.UPSERT,
          null);

  public static final Table INNINGS =
      new Table(
          "innings",
          List.of(
              text("innings_key"),
              text("match_id"),
              integer("innings_number"),
              text("batting_team"),
              bool("super_over"),
              bool("declared"),
              bool("forfeited"),
              integer("target_runs"),
              text("target_overs"),
              integer("penalty_runs_pre"),
              integer("penalty_runs_post"),
              text("absent_hurt"),
              text("powerplays_json")),
          List.of("innings_key"),
          Merge.UPSERT,
          null);

  /** The umpires' count of an over they miscounted: that many legal balls made it complete. */
  public static final Table MISCOUNTED_OVERS =
      new Table(
          "miscounted_overs",
          List.of(
              text("innings_key"),
              integer("over_number"),
              text("match_id"),
              integer("innings_number"),
              integer("legal_balls")),
          List.of("innings_key", "over_number"),
          Merge.REPLACE_CHILDREN,
          "innings_key");

  public static final Table DELIVERIES =
      new Table(
          "deliveries",
          List.of(
              text("delivery_key"),
              text("match_id"),
              integer("innings_number"),
              integer("over_number"),
              integer("ball_in_over"),
              text("label"),
              integer("sequence_number"),
              text("batter"),
              text("bowler"),
              text("non_striker"),
              integer("batter_runs"),
              integer("wides"),
              integer("noballs"),
              integer("byes"),
              integer("legbyes"),
              integer("penalty"),
              integer("extras"),
              integer("total_runs"),
              bool("non_boundary"),
              bool("legal"),
              integer("wicket_count"),
              text("replacements_json"),
              text("review_json")),
          List.of("delivery_key"),
          Merge.UPSERT,
          null);

  /** Dismissals (and retirements), with the delivery's batters and bowler for the views. */
  public static final Table WICKETS =
      new Table(
          "wickets",
          List.of(
              text("delivery_key"),
              integer("wicket_index"),
              text("match_id"),
              integer("innings_number"),
              integer("sequence_number"),
              text("batter"),
              text("non_striker"),
              text("bowler"),
              text("kind"),
              text("player_out"),
              text("fielders"),
              bool("credited_to_bowler"),
              bool("counts_as_wicket")),
          List.of("delivery_key", "wicket_index"),
          Merge.REPLACE_CHILDREN,
          "delivery_key");

  /** Where the sink has read to, per topic partition, committed with the data it read. */
  public static final Table SINK_OFFSETS =
      new Table(
          "sink_offsets",
          List.of(
              text("topic"),
              integer("partition_id"),
              bigint("next_offset"),
              bigint("committed_at"),
              text("topic_id"),
              bigint("offset_base")),
          List.of("topic", "partition_id"),
          Merge.UPSERT,
          null);

  /** Keys removed by a tombstone on a clean topic. */
  public static final Table DELETES =
      new Table(
          "deletes",
          List.of(text("entity"), text("entity_key")),
          List.of("entity", "entity_key"),
          Merge.INSERT_NEW,
          null);

  /**
   * The tables that grow with every ball (a delivery, its wickets, the record it came in): most of
   * what a load writes, so each dialect gives them its fastest path.
   */
  public static final Set<Table> GROWING = Set.of(DELIVERIES, WICKETS, RAW_EVENTS);

  /** The analytics model's entity tables, each with its child table (or null), in merge order. */
  public static final List<Table> ENTITIES = List.of(MATCHES, PLAYERS, INNINGS, DELIVERIES);

  /** Every table a batch stages. */
  public static final List<Table> STAGED =
      List.of(
          RAW_EVENTS,
          MATCHES,
          PLAYERS,
          INNINGS,
          MISCOUNTED_OVERS,
          DELIVERIES,
          WICKETS,
          SINK_OFFSETS,
          DELETES);

  /** The clean layer: what {@code rebuild} empties and writes again from the landing layer. */
  public static final List<String> CLEAN_LAYER =
      List.of(
          "wickets",
          "deliveries",
          "miscounted_overs",
          "innings",
          "players",
          "matches",
          "teams",
          "venues");

  /** The child table of an entity table, or null. */
  public static Table childOf(Table entity) {
    if (entity.equals(INNINGS)) {
      return MISCOUNTED_OVERS;
    }
    if (entity.equals(DELIVERIES)) {
      return WICKETS;
    }
    return null;
  }
}
