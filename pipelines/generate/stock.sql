-- stock: one row per dealer x pl x snapshot date: weekly snapshots across the history, daily for the last 15 days.
-- Reads dealer, product, planted_taluka. Each dealer carries a usual level per model (some models
-- not at all); a snapshot varies around it, with stock-out weeks; saleable_qty <= total_qty.
-- Planted talukas: excess stock (x3 + 6) or short saleable stock in the last 15 days.

CREATE OR REPLACE TABLE stock_date AS
SELECT DISTINCT as_of_date FROM (
  SELECT (getvariable('as_of') - 7 * w::INTEGER)::DATE AS as_of_date
  FROM range(0, ceil(getvariable('history_days') / 7)::INTEGER + 1) t(w)
  UNION ALL
  SELECT (getvariable('as_of') - d::INTEGER)::DATE FROM range(0, 15) t(d)
);

CREATE OR REPLACE TABLE stock AS
WITH level AS (
  SELECT d.dealer_code, d.dealer_no, d.state, d.district, d.taluka, p.ppl, p.pl, p.pl_no,
    CASE WHEN u2(d.dealer_no, p.pl_no, 20) < 0.08 THEN 0
      ELSE 1 + floor(7 * pow(u2(d.dealer_no, p.pl_no, 21), 1.3))::INTEGER END AS level
  FROM dealer d CROSS JOIN product p
),
snap AS (
  SELECT l.*, s.as_of_date,
    s.as_of_date >= getvariable('as_of') - 14 AS recent,
    l.dealer_no * 100 + l.pl_no AS key,
    CASE WHEN u2(l.dealer_no * 100 + l.pl_no, s.as_of_date, 22) < 0.06 THEN 0
      ELSE round(l.level * (0.4 + 1.3 * u2(l.dealer_no * 100 + l.pl_no, s.as_of_date, 23)))::INTEGER END AS qty
  FROM level l CROSS JOIN stock_date s
),
planted AS (
  SELECT s.*,
    coalesce(p.excess_stock AND s.recent, FALSE) AS excess,
    coalesce(p.short_stock AND s.recent, FALSE) AS short
  FROM snap s
  LEFT JOIN planted_taluka p USING (state, district, taluka)
),
sized AS (
  SELECT *, CASE WHEN excess THEN qty * 3 + 6 ELSE qty END AS total_qty FROM planted
)
SELECT dealer_code, pl, as_of_date, total_qty,
  CASE
    WHEN short THEN CASE WHEN u2(key, as_of_date, 24) < 0.95 THEN 0 ELSE least(total_qty, 1) END
    ELSE total_qty - floor(total_qty * 0.35 * u2(key, as_of_date, 25))::INTEGER
  END AS saleable_qty,
  ppl
FROM sized;
