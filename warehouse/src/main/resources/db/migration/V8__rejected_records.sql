-- Records of the clean topics that the warehouse refused: a value it cannot parse, or one its
-- database cannot hold (PostgreSQL's text refuses a NUL byte). Each is kept here with its
-- coordinates (record_offset as landed: offset_base + Kafka offset), its bytes and the error, in the
-- same transaction as the sink's offsets, so the sink goes on and nothing is dropped unseen.
CREATE TABLE rejected_records (
  topic VARCHAR NOT NULL,
  partition_id INTEGER NOT NULL,
  record_offset BIGINT NOT NULL,
  record_key BYTEA,
  payload BYTEA,
  error VARCHAR NOT NULL,
  rejected_at BIGINT NOT NULL,
  PRIMARY KEY (topic, partition_id, record_offset)
);
