-- The raw landing layer: every raw event exactly as it arrived (key, value and header bytes), with
-- its source coordinates. The clean layer can be rebuilt from here without Kafka (./cricket rebuild).
CREATE TABLE raw_events (
  topic VARCHAR NOT NULL,
  partition_id INTEGER NOT NULL,
  record_offset BIGINT NOT NULL,
  record_timestamp BIGINT NOT NULL,
  record_key BYTEA,
  -- JSON array of {"key", "value" (base64)}: exact bytes, order and repeats kept
  headers VARCHAR,
  payload BYTEA,
  PRIMARY KEY (topic, partition_id, record_offset)
);

-- Where the sink has read each topic partition up to, written in the same transaction as the data.
CREATE TABLE sink_offsets (
  topic VARCHAR NOT NULL,
  partition_id INTEGER NOT NULL,
  next_offset BIGINT NOT NULL,
  committed_at BIGINT NOT NULL,
  PRIMARY KEY (topic, partition_id)
);
