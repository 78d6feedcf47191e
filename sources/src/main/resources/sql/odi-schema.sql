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

-- The pipeline's heartbeat: Debezium updates this row every second (heartbeat.action.query), and
-- the update travels the path a ball row does, to the warehouse's pipeline_heartbeats, where the
-- time since its commit is how far behind its source the queryable warehouse is.
create table if not exists cricket_heartbeat (
  source text primary key,
  committed_at timestamptz not null default now()
);
insert into cricket_heartbeat (source) values ('odi') on conflict (source) do nothing;

-- Debezium reads only these tables. The application's owner creates the publication (it owns the
-- tables), so Debezium's role needs no more than REPLICATION and SELECT on them
-- (publication.autocreate.mode=disabled).
do $$
begin
  if not exists (select 1 from pg_publication where pubname = 'cricket_odi') then
    create publication cricket_odi for table odi_matches, odi_deliveries, cricket_heartbeat;
  elsif not exists (select 1 from pg_publication_tables
                    where pubname = 'cricket_odi' and tablename = 'cricket_heartbeat') then
    -- a publication from before the heartbeat
    alter publication cricket_odi add table cricket_heartbeat;
  end if;
end
$$;
