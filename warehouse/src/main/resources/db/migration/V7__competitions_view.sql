-- What was played, as users filter it: per competition (or event), match type as the file says it
-- (MDM apart from Test, ODM apart from ODI), team type and gender.
CREATE VIEW competitions AS
SELECT COALESCE(competition, '(none recorded)') AS competition,
       match_type,
       team_type,
       gender,
       CAST(COUNT(*) AS INTEGER) AS matches,
       CAST(COUNT(DISTINCT season) AS INTEGER) AS seasons,
       MIN(start_date) AS first_day,
       MAX(end_date) AS last_day
FROM matches
GROUP BY COALESCE(competition, '(none recorded)'), match_type, team_type, gender;
