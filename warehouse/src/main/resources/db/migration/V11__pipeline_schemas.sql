-- Which schema each record the sink read was written with: its value.schema.id header, the id the
-- schema registry gave the producer's schema, and the subject and version the registry holds it
-- under (empty while the sink could not ask the registry; filled in when it next can). Counted per
-- topic partition in the transaction of that partition's offsets, so the counts are exact (every
-- record read, once) and two sinks sharing a PostgreSQL warehouse never write the same row.
-- schema_id 0 counts the records that carry no id (raw.s3.tests' YAML, tombstones, producers run
-- without a registry). Times are ms since the epoch by the sink's clock.
CREATE TABLE sink_schema_ids (
  topic VARCHAR NOT NULL,
  partition_id INTEGER NOT NULL,
  schema_id BIGINT NOT NULL,
  subject VARCHAR,
  version INTEGER,
  records BIGINT NOT NULL,
  first_seen BIGINT NOT NULL,
  last_seen BIGINT NOT NULL,
  PRIMARY KEY (topic, partition_id, schema_id)
);

-- Schema versions per topic: which version of which subject the records of each topic were
-- written with, how many, and when first and last seen (UTC).
CREATE VIEW pipeline_schemas AS
SELECT topic,
       MAX(subject) AS subject,
       MAX(version) AS version,
       schema_id,
       CAST(SUM(records) AS BIGINT) AS records,
       TIMESTAMP '1970-01-01 00:00:00'
         + CAST(FLOOR(MIN(first_seen) / 1000.0) AS INTEGER) * INTERVAL '1 second' AS first_seen,
       TIMESTAMP '1970-01-01 00:00:00'
         + CAST(FLOOR(MAX(last_seen) / 1000.0) AS INTEGER) * INTERVAL '1 second' AS last_seen
FROM sink_schema_ids
GROUP BY topic, schema_id;
