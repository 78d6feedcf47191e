-- How far the warehouse is behind its sources. The ODI database's heartbeat row, updated every
-- second by Debezium, travels the path of a ball row (Debezium, the raw topic, the processor, the
-- sink); the sink keeps the latest per source here, in the transaction of its offsets. Times are ms
-- since the epoch: committed_at by the source's clock, loaded_at by the sink's.
CREATE TABLE pipeline_heartbeats (
  source VARCHAR PRIMARY KEY,
  committed_at BIGINT NOT NULL,
  loaded_at BIGINT NOT NULL
);

-- seconds_behind: now, as the reader queries, less the commit time of the newest heartbeat it can
-- see; the commit-to-queryable lag (as Materialize's wallclock lag), give or take the heartbeat's
-- second. seconds_to_load: from the source's commit to the sink's.
CREATE VIEW pipeline_lag AS
SELECT source,
       to_timestamp(committed_at / 1000.0) AS committed_at,
       to_timestamp(loaded_at / 1000.0) AS loaded_at,
       CAST(loaded_at - committed_at AS DOUBLE PRECISION) / 1000 AS seconds_to_load,
       CAST(CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT) - committed_at
            AS DOUBLE PRECISION) / 1000 AS seconds_behind
FROM pipeline_heartbeats;
