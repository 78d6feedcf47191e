-- Which Kafka topic the stored offsets belong to. A topic deleted and created again (a fresh
-- cluster after the old one was lost) has a new topic id and starts again at offset 0: the id tells
-- the sink that its stored offset means nothing there, and it reads the new topic from its start.
-- offset_base: what the warehouse adds to a Kafka offset of this topic id to get the record_offset
-- it lands in raw_events, so each generation of a topic continues after the one before and a new
-- topic's offset 0 never collides with an old event (0 for the first generation).
ALTER TABLE sink_offsets ADD COLUMN topic_id VARCHAR;
ALTER TABLE sink_offsets ADD COLUMN offset_base BIGINT DEFAULT 0;
