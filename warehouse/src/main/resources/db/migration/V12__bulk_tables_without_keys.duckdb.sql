-- DuckDB: the tables that grow with every ball (deliveries, wickets and the landing layer) without
-- primary keys. DuckDB keeps a primary key as an ART index, in memory and in the file, and checks
-- and updates it row by row: an upsert of 15,000 deliveries into the sample's 690,000 took 250-280
-- ms with the key, 65-80 ms as a delete of the staged keys and an insert without it (DuckDB 1.5.5,
-- one thread), and the landing layer's insert of new records half as long. The sink keeps each key
-- once as it does on DuckLake, which has no keys (DuckDbDialect.KEYLESS); the smaller tables keep
-- theirs. DuckDB cannot drop a key in place, so each table is copied.
CREATE TABLE deliveries_keyless (
  delivery_key VARCHAR NOT NULL,
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
INSERT INTO deliveries_keyless SELECT * FROM deliveries;
DROP TABLE deliveries;
ALTER TABLE deliveries_keyless RENAME TO deliveries;

CREATE TABLE wickets_keyless (
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
  counts_as_wicket BOOLEAN NOT NULL
);
INSERT INTO wickets_keyless SELECT * FROM wickets;
DROP TABLE wickets;
ALTER TABLE wickets_keyless RENAME TO wickets;

CREATE TABLE raw_events_keyless (
  topic VARCHAR NOT NULL,
  partition_id INTEGER NOT NULL,
  record_offset BIGINT NOT NULL,
  record_timestamp BIGINT NOT NULL,
  record_key BYTEA USING COMPRESSION zstd,
  headers VARCHAR USING COMPRESSION zstd,
  payload BYTEA USING COMPRESSION zstd
);
INSERT INTO raw_events_keyless SELECT * FROM raw_events;
DROP TABLE raw_events;
ALTER TABLE raw_events_keyless RENAME TO raw_events;
