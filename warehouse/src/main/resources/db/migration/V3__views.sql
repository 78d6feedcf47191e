-- Views for analysts. innings_summary, batting_scorecard and bowling_figures are the public BI
-- interface: their names and columns do not change. Each follows the scorecard rules of
-- cricsheet's Scorecard exactly (see README "The model"); WarehouseIT checks every match.
-- Written in the SQL that DuckDB and PostgreSQL share.

-- Innings runs are every run off the bat, every extra and innings-level penalty runs; wides and
-- no-balls are not legal balls; retired hurt (or not out) is not a wicket.
CREATE VIEW innings_summary AS
SELECT i.match_id,
       i.innings_number,
       i.batting_team,
       CAST(i.penalty_runs_pre + i.penalty_runs_post + COALESCE(d.runs, 0) AS INTEGER) AS runs,
       CAST(COALESCE(w.wickets, 0) AS INTEGER) AS wickets,
       CAST(COALESCE(d.legal_balls, 0) AS INTEGER) AS legal_balls
FROM innings i
LEFT JOIN (SELECT match_id, innings_number,
                  SUM(total_runs) AS runs,
                  SUM(CASE WHEN legal THEN 1 ELSE 0 END) AS legal_balls
           FROM deliveries
           GROUP BY match_id, innings_number) d
  ON d.match_id = i.match_id AND d.innings_number = i.innings_number
LEFT JOIN (SELECT match_id, innings_number, COUNT(*) AS wickets
           FROM wickets
           WHERE counts_as_wicket
           GROUP BY match_id, innings_number) w
  ON w.match_id = i.match_id AND w.innings_number = i.innings_number;

-- A no-ball is a ball faced, a wide is not; a four or six that was run is not a boundary. The
-- dismissal is the batter's last; a batter who retired hurt (or not out) and came back to the
-- crease on a later ball is not out.
CREATE VIEW batting_scorecard AS
WITH at_crease AS (
  SELECT match_id, innings_number, batter AS player, sequence_number FROM deliveries
  UNION ALL
  SELECT match_id, innings_number, non_striker AS player, sequence_number FROM deliveries
),
batters AS (
  SELECT match_id, innings_number, player FROM at_crease
  UNION
  SELECT match_id, innings_number, player_out AS player FROM wickets
),
last_at_crease AS (
  SELECT match_id, innings_number, player, MAX(sequence_number) AS last_seen
  FROM at_crease
  GROUP BY match_id, innings_number, player
),
last_wicket AS (
  SELECT match_id, innings_number, player_out, kind, sequence_number,
         ROW_NUMBER() OVER (PARTITION BY match_id, innings_number, player_out
                            ORDER BY sequence_number DESC, wicket_index DESC) AS latest
  FROM wickets
),
figures AS (
  SELECT match_id, innings_number, batter,
         SUM(batter_runs) AS runs,
         SUM(CASE WHEN wides = 0 THEN 1 ELSE 0 END) AS balls,
         SUM(CASE WHEN batter_runs = 4 AND NOT non_boundary THEN 1 ELSE 0 END) AS fours,
         SUM(CASE WHEN batter_runs = 6 AND NOT non_boundary THEN 1 ELSE 0 END) AS sixes
  FROM deliveries
  GROUP BY match_id, innings_number, batter
)
SELECT b.match_id,
       b.innings_number,
       b.player AS batter,
       CAST(COALESCE(f.runs, 0) AS INTEGER) AS runs,
       CAST(COALESCE(f.balls, 0) AS INTEGER) AS balls,
       CAST(COALESCE(f.fours, 0) AS INTEGER) AS fours,
       CAST(COALESCE(f.sixes, 0) AS INTEGER) AS sixes,
       CASE
         WHEN w.kind IS NULL THEN 'not out'
         WHEN w.kind IN ('retired hurt', 'retired not out')
              AND l.last_seen > w.sequence_number THEN 'not out'
         ELSE w.kind
       END AS dismissal
FROM batters b
LEFT JOIN figures f
  ON f.match_id = b.match_id AND f.innings_number = b.innings_number AND f.batter = b.player
LEFT JOIN last_wicket w
  ON w.match_id = b.match_id AND w.innings_number = b.innings_number
 AND w.player_out = b.player AND w.latest = 1
LEFT JOIN last_at_crease l
  ON l.match_id = b.match_id AND l.innings_number = b.innings_number AND l.player = b.player
WHERE b.player IS NOT NULL;

-- Byes, leg-byes and penalty runs are not charged to the bowler; run outs, retirements and the
-- like are not bowler wickets. A maiden is a complete over (its full number of legal balls, or the
-- umpires' count of a miscounted over) from one bowler who conceded nothing.
CREATE VIEW bowling_figures AS
WITH overs AS (
  SELECT match_id, innings_number, over_number,
         MIN(bowler) AS first_bowler,
         MAX(bowler) AS last_bowler,
         SUM(CASE WHEN legal THEN 1 ELSE 0 END) AS legal_balls,
         SUM(batter_runs + wides + noballs) AS conceded
  FROM deliveries
  GROUP BY match_id, innings_number, over_number
),
maidens AS (
  SELECT o.match_id, o.innings_number, o.first_bowler AS bowler, COUNT(*) AS maidens
  FROM overs o
  LEFT JOIN matches m ON m.match_id = o.match_id
  LEFT JOIN miscounted_overs mo
    ON mo.match_id = o.match_id AND mo.innings_number = o.innings_number
   AND mo.over_number = o.over_number
  WHERE o.first_bowler = o.last_bowler
    AND o.conceded = 0
    AND o.legal_balls >= COALESCE(mo.legal_balls, m.balls_per_over, 6)
  GROUP BY o.match_id, o.innings_number, o.first_bowler
),
figures AS (
  SELECT match_id, innings_number, bowler,
         SUM(CASE WHEN legal THEN 1 ELSE 0 END) AS legal_balls,
         SUM(batter_runs + wides + noballs) AS runs
  FROM deliveries
  GROUP BY match_id, innings_number, bowler
),
taken AS (
  SELECT match_id, innings_number, bowler, COUNT(*) AS wickets
  FROM wickets
  WHERE credited_to_bowler
  GROUP BY match_id, innings_number, bowler
)
SELECT f.match_id,
       f.innings_number,
       f.bowler,
       CAST(f.legal_balls AS INTEGER) AS legal_balls,
       CAST(COALESCE(m.maidens, 0) AS INTEGER) AS maidens,
       CAST(f.runs AS INTEGER) AS runs,
       CAST(COALESCE(t.wickets, 0) AS INTEGER) AS wickets
FROM figures f
LEFT JOIN maidens m
  ON m.match_id = f.match_id AND m.innings_number = f.innings_number AND m.bowler = f.bowler
LEFT JOIN taken t
  ON t.match_id = f.match_id AND t.innings_number = f.innings_number AND t.bowler = f.bowler;

-- The team's score when each wicket fell, counting the runs of that ball.
CREATE VIEW fall_of_wickets AS
WITH score AS (
  SELECT match_id, innings_number, sequence_number, label,
         SUM(total_runs) OVER (PARTITION BY match_id, innings_number ORDER BY sequence_number
                               ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS runs_so_far
  FROM deliveries
),
fallen AS (
  SELECT match_id, innings_number, sequence_number, player_out,
         ROW_NUMBER() OVER (PARTITION BY match_id, innings_number
                            ORDER BY sequence_number, wicket_index) AS wicket
  FROM wickets
  WHERE counts_as_wicket
)
SELECT f.match_id,
       f.innings_number,
       CAST(f.wicket AS INTEGER) AS wicket,
       CAST(i.penalty_runs_pre + s.runs_so_far AS INTEGER) AS runs,
       f.player_out,
       s.label AS ball
FROM fallen f
JOIN score s
  ON s.match_id = f.match_id AND s.innings_number = f.innings_number
 AND s.sequence_number = f.sequence_number
JOIN innings i ON i.match_id = f.match_id AND i.innings_number = f.innings_number;

-- Runs (extras included) and legal balls added between two falls of wicket; the last stand is
-- unbroken when the innings ended without it being broken.
CREATE VIEW partnerships AS
WITH progress AS (
  SELECT match_id, innings_number, sequence_number, batter, non_striker,
         SUM(total_runs) OVER (PARTITION BY match_id, innings_number ORDER BY sequence_number
                               ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS runs_so_far,
         SUM(CASE WHEN legal THEN 1 ELSE 0 END)
           OVER (PARTITION BY match_id, innings_number ORDER BY sequence_number
                 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS balls_so_far,
         ROW_NUMBER() OVER (PARTITION BY match_id, innings_number
                            ORDER BY sequence_number DESC) AS from_end
  FROM deliveries
),
fallen AS (
  SELECT match_id, innings_number, sequence_number, player_out, batter, non_striker,
         ROW_NUMBER() OVER (PARTITION BY match_id, innings_number
                            ORDER BY sequence_number, wicket_index) AS wicket
  FROM wickets
  WHERE counts_as_wicket
),
stands AS (
  SELECT f.match_id, f.innings_number, f.sequence_number, f.player_out, f.batter,
         f.non_striker, f.wicket,
         LAG(f.sequence_number) OVER (PARTITION BY f.match_id, f.innings_number
                                      ORDER BY f.wicket) AS after_sequence
  FROM fallen f
),
broken AS (
  SELECT s.match_id, s.innings_number, s.wicket,
         s.player_out AS batter1,
         CASE WHEN s.player_out = s.batter THEN s.non_striker ELSE s.batter END AS batter2,
         p.runs_so_far - COALESCE(q.runs_so_far, 0) AS runs,
         p.balls_so_far - COALESCE(q.balls_so_far, 0) AS balls,
         FALSE AS unbroken
  FROM stands s
  JOIN progress p
    ON p.match_id = s.match_id AND p.innings_number = s.innings_number
   AND p.sequence_number = s.sequence_number
  LEFT JOIN progress q
    ON q.match_id = s.match_id AND q.innings_number = s.innings_number
   AND q.sequence_number = s.after_sequence
),
last_fall AS (
  SELECT match_id, innings_number, COUNT(*) AS wickets, MAX(sequence_number) AS at_sequence
  FROM fallen
  GROUP BY match_id, innings_number
),
last_stand AS (
  SELECT e.match_id, e.innings_number,
         COALESCE(l.wickets, 0) + 1 AS wicket,
         e.batter AS batter1,
         e.non_striker AS batter2,
         e.runs_so_far - COALESCE(q.runs_so_far, 0) AS runs,
         e.balls_so_far - COALESCE(q.balls_so_far, 0) AS balls,
         TRUE AS unbroken
  FROM progress e
  LEFT JOIN last_fall l ON l.match_id = e.match_id AND l.innings_number = e.innings_number
  LEFT JOIN progress q
    ON q.match_id = e.match_id AND q.innings_number = e.innings_number
   AND q.sequence_number = l.at_sequence
  WHERE e.from_end = 1
)
SELECT match_id, innings_number, CAST(wicket AS INTEGER) AS wicket, batter1, batter2,
       CAST(runs AS INTEGER) AS runs, CAST(balls AS INTEGER) AS balls, unbroken
FROM broken
UNION ALL
SELECT match_id, innings_number, CAST(wicket AS INTEGER) AS wicket, batter1, batter2,
       CAST(runs AS INTEGER) AS runs, CAST(balls AS INTEGER) AS balls, unbroken
FROM last_stand
WHERE runs > 0 OR balls > 0 OR wicket = 1;

-- Wickets that fell, per delivery, for the per-over and per-ball views.
CREATE VIEW wickets_per_delivery AS
SELECT delivery_key, COUNT(*) AS wickets
FROM wickets
WHERE counts_as_wicket
GROUP BY delivery_key;

-- Manhattan: runs and wickets per over.
CREATE VIEW runs_per_over AS
SELECT d.match_id,
       d.innings_number,
       d.over_number,
       CAST(SUM(d.total_runs) AS INTEGER) AS runs,
       CAST(SUM(CASE WHEN d.legal THEN 1 ELSE 0 END) AS INTEGER) AS legal_balls,
       CAST(SUM(COALESCE(w.wickets, 0)) AS INTEGER) AS wickets
FROM deliveries d
LEFT JOIN wickets_per_delivery w ON w.delivery_key = d.delivery_key
GROUP BY d.match_id, d.innings_number, d.over_number;

-- Worm: the team's score and wickets after every ball.
CREATE VIEW worm AS
SELECT d.match_id,
       d.innings_number,
       i.batting_team,
       d.sequence_number,
       d.label AS ball,
       d.over_number,
       CAST(d.total_runs AS INTEGER) AS runs,
       CAST(i.penalty_runs_pre
            + SUM(d.total_runs) OVER (PARTITION BY d.match_id, d.innings_number
                                      ORDER BY d.sequence_number
                                      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
            AS INTEGER) AS total_runs,
       CAST(SUM(COALESCE(w.wickets, 0)) OVER (PARTITION BY d.match_id, d.innings_number
                                             ORDER BY d.sequence_number
                                             ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
            AS INTEGER) AS total_wickets
FROM deliveries d
JOIN innings i ON i.match_id = d.match_id AND i.innings_number = d.innings_number
LEFT JOIN wickets_per_delivery w ON w.delivery_key = d.delivery_key;

-- Phases: powerplay, middle and death overs of limited-overs innings (T20: overs 1-6, 7-15,
-- 16-20; ODI: 1-10, 11-40, 41-50); super overs apart; for Tests, by day. Cricsheet does not
-- record the day a ball was bowled, so a Test's day is estimated from the 90-over daily quota,
-- counting the match's overs in order (innings by innings).
CREATE VIEW phase_splits AS
WITH classified AS (
  SELECT d.match_id, d.innings_number, i.batting_team, m.match_format,
         d.total_runs, d.legal, COALESCE(w.wickets, 0) AS wickets, d.over_number,
         CASE
           WHEN i.super_over THEN 'super over'
           WHEN m.match_format = 'TEST' THEN 'day ' || CAST(1 + CAST(FLOOR(
             (DENSE_RANK() OVER (PARTITION BY d.match_id
                                 ORDER BY d.innings_number, d.over_number) - 1) / 90.0)
             AS INTEGER) AS VARCHAR)
           WHEN m.match_format = 'T20' THEN
             CASE WHEN d.over_number < 6 THEN 'powerplay'
                  WHEN d.over_number < 15 THEN 'middle' ELSE 'death' END
           WHEN m.match_format = 'ODI' THEN
             CASE WHEN d.over_number < 10 THEN 'powerplay'
                  WHEN d.over_number < 40 THEN 'middle' ELSE 'death' END
           ELSE 'all'
         END AS phase
  FROM deliveries d
  JOIN innings i ON i.match_id = d.match_id AND i.innings_number = d.innings_number
  JOIN matches m ON m.match_id = d.match_id
  LEFT JOIN wickets_per_delivery w ON w.delivery_key = d.delivery_key
)
SELECT match_id,
       innings_number,
       batting_team,
       match_format,
       phase,
       CAST(MIN(over_number) AS INTEGER) AS first_over,
       CAST(MAX(over_number) AS INTEGER) AS last_over,
       CAST(SUM(total_runs) AS INTEGER) AS runs,
       CAST(SUM(wickets) AS INTEGER) AS wickets,
       CAST(SUM(CASE WHEN legal THEN 1 ELSE 0 END) AS INTEGER) AS legal_balls,
       CAST(6.0 * SUM(total_runs) / NULLIF(SUM(CASE WHEN legal THEN 1 ELSE 0 END), 0)
            AS NUMERIC(10, 2)) AS run_rate
FROM classified
GROUP BY match_id, innings_number, batting_team, match_format, phase;

-- Career batting per player and format (super overs left out). A player is their Cricsheet
-- registry id where the match names one, else their name. Average: runs per dismissal; strike
-- rate: runs per 100 balls; dot-ball and boundary percentages of balls faced.
CREATE VIEW batting_careers AS
WITH balls AS (
  SELECT match_id, innings_number, batter,
         SUM(CASE WHEN wides = 0 AND batter_runs = 0 THEN 1 ELSE 0 END) AS dots
  FROM deliveries
  GROUP BY match_id, innings_number, batter
),
cards AS (
  SELECT b.match_id, b.innings_number, b.batter, b.runs, b.balls, b.fours, b.sixes,
         b.dismissal, i.batting_team, m.match_format, COALESCE(x.dots, 0) AS dots,
         p.registry_id
  FROM batting_scorecard b
  JOIN innings i ON i.match_id = b.match_id AND i.innings_number = b.innings_number
  JOIN matches m ON m.match_id = b.match_id
  LEFT JOIN balls x
    ON x.match_id = b.match_id AND x.innings_number = b.innings_number AND x.batter = b.batter
  LEFT JOIN players p
    ON p.match_id = b.match_id AND p.team = i.batting_team AND p.player_name = b.batter
  WHERE NOT i.super_over
)
SELECT MAX(batter) AS player,
       MAX(registry_id) AS registry_id,
       match_format,
       CAST(COUNT(DISTINCT match_id) AS INTEGER) AS matches,
       CAST(COUNT(*) AS INTEGER) AS innings,
       CAST(SUM(runs) AS INTEGER) AS runs,
       CAST(SUM(balls) AS INTEGER) AS balls,
       CAST(SUM(CASE WHEN dismissal IN ('not out', 'retired hurt', 'retired not out')
                     THEN 0 ELSE 1 END) AS INTEGER) AS dismissals,
       CAST(MAX(runs) AS INTEGER) AS highest,
       CAST(SUM(fours) AS INTEGER) AS fours,
       CAST(SUM(sixes) AS INTEGER) AS sixes,
       CAST(1.0 * SUM(runs) / NULLIF(SUM(CASE WHEN dismissal IN
              ('not out', 'retired hurt', 'retired not out') THEN 0 ELSE 1 END), 0)
            AS NUMERIC(10, 2)) AS average,
       CAST(100.0 * SUM(runs) / NULLIF(SUM(balls), 0) AS NUMERIC(10, 2)) AS strike_rate,
       CAST(100.0 * SUM(dots) / NULLIF(SUM(balls), 0) AS NUMERIC(10, 2)) AS dot_ball_pct,
       CAST(100.0 * (SUM(fours) + SUM(sixes)) / NULLIF(SUM(balls), 0) AS NUMERIC(10, 2))
         AS boundary_pct
FROM cards
GROUP BY COALESCE(registry_id, 'name:' || batter), match_format;

-- Career bowling per player and format (super overs left out). Economy: runs per six legal
-- balls; average: runs per wicket; strike rate: balls per wicket; dot balls conceded nothing the
-- bowler is charged with; boundary percentage: fours and sixes hit off the bowler per legal ball.
CREATE VIEW bowling_careers AS
WITH balls AS (
  SELECT d.match_id, d.innings_number, d.bowler,
         SUM(CASE WHEN d.legal AND d.batter_runs + d.wides + d.noballs = 0 THEN 1 ELSE 0 END)
           AS dots,
         SUM(CASE WHEN d.batter_runs IN (4, 6) AND NOT d.non_boundary THEN 1 ELSE 0 END)
           AS boundaries
  FROM deliveries d
  GROUP BY d.match_id, d.innings_number, d.bowler
),
cards AS (
  SELECT f.match_id, f.innings_number, f.bowler, f.legal_balls, f.maidens, f.runs, f.wickets,
         m.match_format, x.dots, x.boundaries, p.registry_id
  FROM bowling_figures f
  JOIN innings i ON i.match_id = f.match_id AND i.innings_number = f.innings_number
  JOIN matches m ON m.match_id = f.match_id
  JOIN balls x
    ON x.match_id = f.match_id AND x.innings_number = f.innings_number AND x.bowler = f.bowler
  LEFT JOIN players p
    ON p.match_id = f.match_id AND p.player_name = f.bowler
   AND p.team = CASE WHEN m.team1 = i.batting_team THEN m.team2 ELSE m.team1 END
  WHERE NOT i.super_over
)
SELECT MAX(bowler) AS player,
       MAX(registry_id) AS registry_id,
       match_format,
       CAST(COUNT(DISTINCT match_id) AS INTEGER) AS matches,
       CAST(COUNT(*) AS INTEGER) AS innings,
       CAST(SUM(legal_balls) AS INTEGER) AS legal_balls,
       CAST(SUM(maidens) AS INTEGER) AS maidens,
       CAST(SUM(runs) AS INTEGER) AS runs,
       CAST(SUM(wickets) AS INTEGER) AS wickets,
       CAST(6.0 * SUM(runs) / NULLIF(SUM(legal_balls), 0) AS NUMERIC(10, 2)) AS economy,
       CAST(1.0 * SUM(runs) / NULLIF(SUM(wickets), 0) AS NUMERIC(10, 2)) AS average,
       CAST(1.0 * SUM(legal_balls) / NULLIF(SUM(wickets), 0) AS NUMERIC(10, 2)) AS strike_rate,
       CAST(100.0 * SUM(dots) / NULLIF(SUM(legal_balls), 0) AS NUMERIC(10, 2)) AS dot_ball_pct,
       CAST(100.0 * SUM(boundaries) / NULLIF(SUM(legal_balls), 0) AS NUMERIC(10, 2))
         AS boundary_pct
FROM cards
GROUP BY COALESCE(registry_id, 'name:' || bowler), match_format;

-- Batter against bowler, per format (super overs left out): balls faced (wides are not), runs off
-- the bat, dismissals credited to the bowler.
CREATE VIEW batter_vs_bowler AS
WITH outs AS (
  SELECT delivery_key, player_out
  FROM wickets
  WHERE credited_to_bowler
)
SELECT d.batter,
       d.bowler,
       m.match_format,
       CAST(SUM(CASE WHEN d.wides = 0 THEN 1 ELSE 0 END) AS INTEGER) AS balls,
       CAST(SUM(d.batter_runs) AS INTEGER) AS runs,
       CAST(SUM(CASE WHEN o.player_out = d.batter THEN 1 ELSE 0 END) AS INTEGER) AS dismissals,
       CAST(SUM(CASE WHEN d.wides = 0 AND d.batter_runs = 0 THEN 1 ELSE 0 END) AS INTEGER) AS dots,
       CAST(SUM(CASE WHEN d.batter_runs = 4 AND NOT d.non_boundary THEN 1 ELSE 0 END) AS INTEGER)
         AS fours,
       CAST(SUM(CASE WHEN d.batter_runs = 6 AND NOT d.non_boundary THEN 1 ELSE 0 END) AS INTEGER)
         AS sixes,
       CAST(100.0 * SUM(d.batter_runs) / NULLIF(SUM(CASE WHEN d.wides = 0 THEN 1 ELSE 0 END), 0)
            AS NUMERIC(10, 2)) AS strike_rate
FROM deliveries d
JOIN innings i ON i.match_id = d.match_id AND i.innings_number = d.innings_number
JOIN matches m ON m.match_id = d.match_id
LEFT JOIN outs o ON o.delivery_key = d.delivery_key
WHERE NOT i.super_over
GROUP BY d.batter, d.bowler, m.match_format;

-- Per venue and format: the average first-innings score, and how often the toss winner, the side
-- batting first and the side batting last (chasing) won, as percentages of matches won by a side.
CREATE VIEW venue_stats AS
WITH first_innings AS (
  SELECT match_id, batting_team, runs FROM innings_summary WHERE innings_number = 1
),
last_regular AS (
  SELECT match_id, batting_team
  FROM (SELECT match_id, batting_team,
               ROW_NUMBER() OVER (PARTITION BY match_id ORDER BY innings_number DESC) AS from_end
        FROM innings
        WHERE NOT super_over) r
  WHERE from_end = 1
)
SELECT m.venue,
       MIN(m.city) AS city,
       m.match_format,
       CAST(COUNT(*) AS INTEGER) AS matches,
       CAST(AVG(f.runs) AS NUMERIC(10, 2)) AS avg_first_innings_score,
       CAST(SUM(CASE WHEN m.result = 'WIN' THEN 1 ELSE 0 END) AS INTEGER) AS won_by_a_side,
       CAST(100.0 * SUM(CASE WHEN m.result = 'WIN' AND m.winner = m.toss_winner THEN 1 ELSE 0 END)
            / NULLIF(SUM(CASE WHEN m.result = 'WIN' THEN 1 ELSE 0 END), 0)
            AS NUMERIC(10, 2)) AS toss_winner_won_pct,
       CAST(100.0 * SUM(CASE WHEN m.result = 'WIN' AND m.winner = f.batting_team THEN 1 ELSE 0 END)
            / NULLIF(SUM(CASE WHEN m.result = 'WIN' THEN 1 ELSE 0 END), 0)
            AS NUMERIC(10, 2)) AS batting_first_won_pct,
       CAST(100.0 * SUM(CASE WHEN m.result = 'WIN' AND m.winner = l.batting_team THEN 1 ELSE 0 END)
            / NULLIF(SUM(CASE WHEN m.result = 'WIN' THEN 1 ELSE 0 END), 0)
            AS NUMERIC(10, 2)) AS chasing_won_pct
FROM matches m
LEFT JOIN first_innings f ON f.match_id = m.match_id
LEFT JOIN last_regular l ON l.match_id = m.match_id
GROUP BY m.venue, m.match_format;

-- Team against team, per format: results from each side's point of view.
CREATE VIEW team_head_to_head AS
WITH sides AS (
  SELECT match_id, match_format, team1 AS team, team2 AS opponent, result, winner FROM matches
  UNION ALL
  SELECT match_id, match_format, team2 AS team, team1 AS opponent, result, winner FROM matches
)
SELECT team,
       opponent,
       match_format,
       CAST(COUNT(*) AS INTEGER) AS matches,
       CAST(SUM(CASE WHEN result = 'WIN' AND winner = team THEN 1 ELSE 0 END) AS INTEGER) AS won,
       CAST(SUM(CASE WHEN result = 'WIN' AND winner = opponent THEN 1 ELSE 0 END) AS INTEGER)
         AS lost,
       CAST(SUM(CASE WHEN result = 'TIE' THEN 1 ELSE 0 END) AS INTEGER) AS tied,
       CAST(SUM(CASE WHEN result = 'DRAW' THEN 1 ELSE 0 END) AS INTEGER) AS drawn,
       CAST(SUM(CASE WHEN result = 'NO_RESULT' THEN 1 ELSE 0 END) AS INTEGER) AS no_result
FROM sides
WHERE team IS NOT NULL
GROUP BY team, opponent, match_format;
