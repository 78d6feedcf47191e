-- What users filter by beyond the three international formats: the competition (a domestic or
-- franchise competition, else the event a match belongs to), from matches topic v2.
ALTER TABLE matches ADD COLUMN competition VARCHAR;
