-- The analytics model, keyed by the clean topics' natural keys.

CREATE TABLE matches (
  match_id VARCHAR PRIMARY KEY,
  source_format VARCHAR,
  data_version VARCHAR,
  match_format VARCHAR,
  match_type VARCHAR,
  match_type_number INTEGER,
  gender VARCHAR,
  team_type VARCHAR,
  team1 VARCHAR,
  team2 VARCHAR,
  season VARCHAR,
  start_date DATE,
  end_date DATE,
  match_days INTEGER,
  event_name VARCHAR,
  event_match_number VARCHAR,
  event_group VARCHAR,
  event_stage VARCHAR,
  venue VARCHAR,
  city VARCHAR,
  neutral_venue BOOLEAN,
  toss_winner VARCHAR,
  toss_decision VARCHAR,
  balls_per_over INTEGER,
  scheduled_overs INTEGER,
  result VARCHAR,
  winner VARCHAR,
  by_runs INTEGER,
  by_wickets INTEGER,
  by_innings INTEGER,
  method VARCHAR,
  eliminator VARCHAR,
  bowl_out_winner VARCHAR,
  outcome VARCHAR,
  players_of_match VARCHAR,
  info_json VARCHAR
);

-- Derived from matches by every batch that writes matches.
CREATE TABLE teams (
  team VARCHAR PRIMARY KEY,
  team_type VARCHAR,
  genders INTEGER,
  matches INTEGER
);

CREATE TABLE venues (
  venue VARCHAR PRIMARY KEY,
  city VARCHAR,
  matches INTEGER
);

-- A player's appearance in a match for a team.
CREATE TABLE players (
  player_key VARCHAR PRIMARY KEY,
  match_id VARCHAR NOT NULL,
  team VARCHAR,
  player_name VARCHAR NOT NULL,
  registry_id VARCHAR,
  player_role VARCHAR,
  replaced VARCHAR
);

CREATE TABLE innings (
  innings_key VARCHAR PRIMARY KEY,
  match_id VARCHAR NOT NULL,
  innings_number INTEGER NOT NULL,
  batting_team VARCHAR,
  super_over BOOLEAN,
  declared BOOLEAN,
  forfeited BOOLEAN,
  target_runs INTEGER,
  target_overs VARCHAR,
  penalty_runs_pre INTEGER NOT NULL,
  penalty_runs_post INTEGER NOT NULL,
  absent_hurt VARCHAR,
  powerplays_json VARCHAR
);

CREATE TABLE miscounted_overs (
  innings_key VARCHAR NOT NULL,
  over_number INTEGER NOT NULL,
  match_id VARCHAR NOT NULL,
  innings_number INTEGER NOT NULL,
  legal_balls INTEGER NOT NULL,
  PRIMARY KEY (innings_key, over_number)
);

CREATE TABLE deliveries (
  delivery_key VARCHAR PRIMARY KEY,
  match_id VARCHAR NOT NULL,
  innings_number INTEGER NOT NULL,
  over_number INTEGER NOT NULL,
  ball_in_over INTEGER NOT NULL,
  label VARCHAR NOT NULL,
  sequence_number INTEGER NOT NULL,
  batter VARCHAR,
  bowler VARCHAR,
  non_striker VARCHAR,
  batter_runs INTEGER NOT NULL,
  wides INTEGER NOT NULL,
  noballs INTEGER NOT NULL,
  byes INTEGER NOT NULL,
  legbyes INTEGER NOT NULL,
  penalty INTEGER NOT NULL,
  extras INTEGER NOT NULL,
  total_runs INTEGER NOT NULL,
  non_boundary BOOLEAN NOT NULL,
  legal BOOLEAN NOT NULL,
  wicket_count INTEGER NOT NULL,
  replacements_json VARCHAR,
  review_json VARCHAR
);

CREATE TABLE wickets (
  delivery_key VARCHAR NOT NULL,
  wicket_index INTEGER NOT NULL,
  match_id VARCHAR NOT NULL,
  innings_number INTEGER NOT NULL,
  sequence_number INTEGER NOT NULL,
  batter VARCHAR,
  non_striker VARCHAR,
  bowler VARCHAR,
  kind VARCHAR NOT NULL,
  player_out VARCHAR,
  fielders VARCHAR,
  credited_to_bowler BOOLEAN NOT NULL,
  counts_as_wicket BOOLEAN NOT NULL,
  PRIMARY KEY (delivery_key, wicket_index)
);
