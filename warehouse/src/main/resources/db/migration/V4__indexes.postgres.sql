-- PostgreSQL reads rows: per-match and per-innings lookups need indexes (DuckDB scans columns).
CREATE INDEX deliveries_by_innings ON deliveries (match_id, innings_number, sequence_number);
CREATE INDEX wickets_by_innings ON wickets (match_id, innings_number, sequence_number);
CREATE INDEX players_by_match ON players (match_id);
CREATE INDEX innings_by_match ON innings (match_id);
