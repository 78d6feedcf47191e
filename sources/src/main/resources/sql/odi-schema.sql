-- The ODI operational tables: what the application commits, what Debezium captures.
-- One row per match holding its CSV2 info file as written, and one row per ball, each
-- committed in its own transaction. Rows are keyed by a surrogate id; a source that
-- crashes and replays commits the same ball again under a new id.
create table if not exists odi_matches (
  id bigserial primary key,
  match_id text not null,
  info_csv text not null,
  committed_at timestamptz not null default now()
);

create table if not exists odi_deliveries (
  id bigserial primary key,
  match_id text not null,
  season text,
  start_date text,
  venue text,
  innings integer not null,
  ball text not null,
  batting_team text,
  bowling_team text,
  striker text,
  non_striker text,
  bowler text,
  runs_off_bat integer,
  extras integer,
  wides integer,
  noballs integer,
  byes integer,
  legbyes integer,
  penalty integer,
  wicket_type text,
  player_dismissed text,
  other_wicket_type text,
  other_player_dismissed text,
  committed_at timestamptz not null default now()
);

-- Debezium reads only these tables. The application's owner creates the publication (it owns the
-- tables), so Debezium's role needs no more than REPLICATION and SELECT on them
-- (publication.autocreate.mode=disabled).
do $$
begin
  if not exists (select 1 from pg_publication where pubname = 'cricket_odi') then
    create publication cricket_odi for table odi_matches, odi_deliveries;
  end if;
end
$$;
