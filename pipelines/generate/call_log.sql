-- calls / call_log: one row per call; call_agg: per opportunity, connected calls and their total duration.
-- Reads opp, dse. Calls spread over the opportunity's active span (created_at .. act_end), between
-- 09:00 and 20:00. How many depends on intent, the DSE's diligence, the span and chance; connected
-- calls last 20-600 s, skewed short, longer for engaged customers; most calls set a follow-up date.

CREATE OR REPLACE TABLE calls AS
WITH plan AS (
  SELECT o.opty_no, o.created_at, o.act_end, o.is_closed,
    coalesce(o.dse_id, f.dse_id) AS dse_id,
    date_diff('second', o.created_at, o.act_end) AS span_sec,
    least(14, floor(
      CASE o.lead_classification WHEN 'Live Deal' THEN 1.4 WHEN 'Hot' THEN 1.2 WHEN 'Warm' THEN 0.9
        WHEN 'Cold' THEN 0.55 ELSE 0.7 END
      * o.diligence * (0.4 + 1.2 * u1(o.opty_no, 40))
      * sqrt(1 + date_diff('second', o.created_at, o.act_end) / 86400.0)
      + u1(o.opty_no, 41)))::INTEGER AS n_calls,
    -- engagement: the exponent of the duration draw (small = long calls)
    0.8 + 5.0 * u1(o.opty_no, 42) AS dur_k
  FROM opp o
  -- a lead without a DSE is called by the dealer's first DSE
  JOIN dse f ON f.dealer_no = o.dealer_no AND f.dse_local = 0
),
numbered AS (
  SELECT p.*, unnest(range(p.n_calls)) AS j FROM plan p
),
calls AS (
  SELECT p.*,
    p.created_at + INTERVAL (floor(p.span_sec * (p.j + u2(p.opty_no, p.j, 43)) / p.n_calls)::BIGINT) SECOND AS slot_at,
    u2(p.opty_no, p.j, 44) < 0.18 AS inbound,
    u2(p.opty_no, p.j, 45) AS u_conn,
    u2(p.opty_no, p.j, 46) AS u_dur,
    u2(p.opty_no, p.j, 47) AS u_outcome,
    u2(p.opty_no, p.j, 48) AS u_followup,
    u2(p.opty_no, p.j, 49) AS u_tod
  FROM numbered p
),
timed AS (
  SELECT *,
    least(act_end, greatest(created_at + INTERVAL 5 MINUTE,
      slot_at::DATE::TIMESTAMP + INTERVAL (32400 + floor(39600 * u_tod)::INTEGER) SECOND)) AS called_at,
    inbound OR u_conn < 0.64 AS connected
  FROM calls
)
SELECT
  opty_no,
  j,
  called_at,
  CASE WHEN connected THEN 20 + floor(580 * pow(u_dur, dur_k))::INTEGER ELSE 0 END AS duration_sec,
  inbound,
  u_outcome,
  CASE
    WHEN is_closed AND j = n_calls - 1 THEN NULL
    WHEN (connected AND u_followup < 0.75) OR (NOT connected AND u_followup < 0.55)
      THEN called_at::DATE + 1 + floor(6 * u2(opty_no, j, 50))::INTEGER
  END AS next_followup_date,
  dse_id
FROM timed;

-- call_log as written: the text columns are made while the file is written
CREATE OR REPLACE VIEW call_log AS
SELECT
  'CALL' || lpad(opty_no::VARCHAR, 8, '0') || lpad((j + 1)::VARCHAR, 2, '0') AS call_id,
  'OPTY' || lpad(opty_no::VARCHAR, 8, '0') AS opty_id,
  called_at,
  duration_sec,
  CASE WHEN inbound THEN 'Inbound' ELSE 'Outbound' END AS direction,
  CASE
    WHEN duration_sec = 0 THEN pick(['No Answer', 'No Answer', 'Busy', 'Switched Off', 'Not Reachable'], u_outcome)
    WHEN duration_sec < 45 THEN 'Call Back Later'
    ELSE pick(['Interested', 'Interested', 'Visit Scheduled', 'Test Drive Scheduled', 'Negotiating',
      'Price Discussed', 'Finance Discussed'], u_outcome)
  END AS outcome,
  next_followup_date,
  dse_id,
  opty_no,
  j
FROM calls;

CREATE OR REPLACE TABLE call_agg AS
SELECT opty_no,
  count(*) FILTER (WHERE duration_sec > 0) AS connected_calls,
  coalesce(sum(duration_sec) FILTER (WHERE duration_sec > 0), 0) AS connected_sec
FROM calls
GROUP BY opty_no;
