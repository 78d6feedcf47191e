-- A competition none of whose files records its season (Cricsheet's YAML rarely does) has an
-- unknown number of seasons, not 0: NULL, which BI tools show as empty.
CREATE OR REPLACE VIEW competitions AS
SELECT COALESCE(competition, '(none recorded)') AS competition,
       match_type,
       team_type,
       gender,
       CAST(COUNT(*) AS INTEGER) AS matches,
       CAST(NULLIF(COUNT(DISTINCT season), 0) AS INTEGER) AS seasons,
       MIN(start_date) AS first_day,
       MAX(end_date) AS last_day
FROM matches
GROUP BY COALESCE(competition, '(none recorded)'), match_type, team_type, gender;
