-- The enquiry calendar, cumulative weights for weighted draws, and the size of the planted surges.
-- Reads dealer, product, planted_taluka. Sets the variables day_total, dealer_total and n_base.

-- Calendar: the enquiry weight of each day of the history: fewer leads on Sundays, a festival season
-- (Navratri/Diwali, October to mid-November), the financial year-end push in March, a monsoon dip and
-- a slow growth trend. Integer weights, so cumulative sums are exact and deterministic.
CREATE OR REPLACE TABLE calendar AS
WITH d AS (
  SELECT (getvariable('as_of') - i::INTEGER)::DATE AS day, getvariable('history_days') - 1 - i AS idx
  FROM range(0, getvariable('history_days')) t(i)
),
w AS (
  SELECT day, round(1000
    * CASE dayofweek(day) WHEN 0 THEN 0.45 WHEN 1 THEN 1.1 WHEN 6 THEN 0.95 ELSE 1.0 END
    * CASE
        WHEN month(day) = 10 THEN 1.4
        WHEN month(day) = 11 AND day(day) <= 15 THEN 1.35
        WHEN month(day) = 3 AND day(day) >= 15 THEN 1.45
        WHEN month(day) = 3 THEN 1.2
        WHEN month(day) IN (6, 7) THEN 0.85
        WHEN month(day) = 12 THEN 0.9
        ELSE 1.0 END
    * (0.85 + 0.15 * idx / getvariable('history_days')))::BIGINT AS weight
  FROM d
)
SELECT day, weight, sum(weight) OVER (ORDER BY day) - weight AS cum_start FROM w;

CREATE OR REPLACE TABLE dealer_cum AS
SELECT dealer_no, sum(lead_weight) OVER (ORDER BY dealer_no) - lead_weight AS cum_start FROM dealer;

-- product_draw: a draw 0..999 -> the model it selects (shares are per mille)
CREATE OR REPLACE TABLE product_draw AS
WITH cum AS (SELECT pl_no, sum(share) OVER (ORDER BY pl_no) - share AS cum_start FROM product)
SELECT r.draw, c.pl_no
FROM range(0, 1000) r(draw)
ASOF JOIN cum c ON r.draw >= c.cum_start;

SET VARIABLE day_total = (SELECT sum(weight) FROM calendar);
SET VARIABLE dealer_total = (SELECT sum(lead_weight) FROM dealer);

-- Planted surges: extra enquiries in the last 5 days, about 1.5x what the taluka normally gets in 5
-- days plus 8, so leads grow well over +60 % against the 5 days before.
CREATE OR REPLACE TABLE planted_extra AS
SELECT p.*,
  least(
    ceil(1.5 * getvariable('n') * p.lead_weight / getvariable('dealer_total')
      * (SELECT sum(weight) FROM calendar WHERE day BETWEEN getvariable('as_of') - 9 AND getvariable('as_of') - 5)
      / getvariable('day_total') + 8),
    greatest(5, floor(0.06 * getvariable('n') / 4))
  )::INTEGER AS extra_leads
FROM planted_taluka p;

SET VARIABLE n_base = getvariable('n') - (SELECT coalesce(sum(extra_leads), 0) FROM planted_extra);

-- the catalogue as lists, for lookups by draw instead of joins
SET VARIABLE pl_by_draw = (SELECT list(pl_no ORDER BY draw) FROM product_draw);

SET VARIABLE pl_names = (SELECT list(pl ORDER BY pl_no) FROM product);

SET VARIABLE ppl_names = (SELECT list(ppl ORDER BY pl_no) FROM product);
