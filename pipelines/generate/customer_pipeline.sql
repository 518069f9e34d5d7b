-- customer_pipeline: one row per opportunity, with its outcome decided by the ground-truth model below.
-- Reads opp, call_agg, stock.
--
-- GROUND TRUTH CONVERSION MODEL (what scoring calibration should rediscover). A closed opportunity
-- is Won with probability sigmoid(logit), where logit is a sum of additive effects (log-odds):
--   intercept                                          -2.3
--   lead_classification  Live Deal +1.5, Hot +1.1, Warm +0.3, Cold -1.0, missing -0.4
--   customer_type        Fleet +0.5, Institutional +0.3, Retail 0, missing -0.1
--   follow-up intensity  connected calls 0: -0.9, 1: -0.2, 2: +0.2, 3+: +0.5
--   call engagement      mean connected duration <30 s -0.4, 30-89 s 0, 90-179 s +0.3, 180+ s +0.6
--   stock availability   saleable qty of its pl at its dealer in the latest snapshot on or before
--                        the closing date: 3+ +0.4, 1-2 +0.1, 0 -0.7
--   opty_category        Repeat Purchase +0.6, Referral +0.5, Exchange +0.3, First-time Buyer 0, other -0.2
--   freshness            days from enquiry to decision <=7 +0.5, 8-30 +0.1, 31-60 -0.3, >60 -0.8
--   dealer quality       a per-dealer effect uniform in [-0.3, +0.3]
-- Calls count over the opportunity's whole life up to its decision. The draw u1(opty_no, 60) <
-- sigmoid(logit) decides; planted quick conversions are Won. Measured (20k and 1M): ~27 %
-- of closed ones Won; Cold ~8 %, Warm ~27 %, Hot ~46 %, Live Deal ~58 %; ~13 % of all still Open.
-- Stages: Won -> C3 (and a retail row); Lost -> the stage it died in (C0..C2, lost_reason set);
-- Open -> C0..C2, further along the older it is relative to its intent's typical cycle. In the planted
-- "no retail" talukas, deals that would have been invoiced in the last 5 days are still booked (Open, C2).

CREATE OR REPLACE TABLE opp_outcome AS
WITH snap AS (
  SELECT o.*,
    coalesce(a.connected_calls, 0) AS connected_calls,
    CASE WHEN coalesce(a.connected_calls, 0) = 0 THEN NULL ELSE a.connected_sec / a.connected_calls END AS mean_connected_sec,
    CASE WHEN o.closes_at::DATE >= getvariable('as_of') - 14 THEN o.closes_at::DATE
      ELSE (getvariable('as_of') - 7 * ceil(date_diff('day', o.closes_at::DATE, getvariable('as_of')) / 7)::INTEGER)::DATE
    END AS stock_date
  FROM opp o
  LEFT JOIN call_agg a USING (opty_no)
),
scored AS (
  SELECT s.*, coalesce(st.saleable_qty, 0) AS saleable_at_close,
    -2.3
    + CASE lead_classification WHEN 'Live Deal' THEN 1.5 WHEN 'Hot' THEN 1.1 WHEN 'Warm' THEN 0.3
        WHEN 'Cold' THEN -1.0 ELSE -0.4 END
    + CASE customer_type WHEN 'Fleet' THEN 0.5 WHEN 'Institutional' THEN 0.3 WHEN 'Retail' THEN 0 ELSE -0.1 END
    + CASE WHEN connected_calls = 0 THEN -0.9 WHEN connected_calls = 1 THEN -0.2
        WHEN connected_calls = 2 THEN 0.2 ELSE 0.5 END
    + CASE WHEN connected_calls = 0 THEN 0 WHEN mean_connected_sec < 30 THEN -0.4
        WHEN mean_connected_sec < 90 THEN 0 WHEN mean_connected_sec < 180 THEN 0.3 ELSE 0.6 END
    + CASE WHEN coalesce(st.saleable_qty, 0) >= 3 THEN 0.4 WHEN coalesce(st.saleable_qty, 0) >= 1 THEN 0.1 ELSE -0.7 END
    + CASE opty_category WHEN 'Repeat Purchase' THEN 0.6 WHEN 'Referral' THEN 0.5 WHEN 'Exchange' THEN 0.3
        WHEN 'First-time Buyer' THEN 0 ELSE -0.2 END
    + CASE WHEN close_days <= 7 THEN 0.5 WHEN close_days <= 30 THEN 0.1 WHEN close_days <= 60 THEN -0.3 ELSE -0.8 END
    + quality AS logit
  FROM snap s
  LEFT JOIN stock st ON st.dealer_code = s.dealer_code AND st.pl = s.pl AND st.as_of_date = s.stock_date
),
decided AS (
  SELECT *,
    is_closed AND (quick_win OR u1(opty_no, 60) < sigmoid(logit)) AS would_win
  FROM scored
)
SELECT *,
  CASE WHEN status = 'Lost' THEN
    CASE WHEN saleable_at_close = 0 AND u1(opty_no, 64) < 0.4 THEN 'Vehicle not available'
      ELSE pick(['Bought competitor vehicle', 'Finance not approved', 'Price too high', 'Postponed purchase',
        'No response from customer', 'Chose used vehicle', 'Finance not approved', 'Bought competitor vehicle'],
        u1(opty_no, 65)) END
  END AS lost_reason
FROM (
SELECT *,
  CASE
    WHEN NOT is_closed THEN 'Open'
    WHEN would_win AND no_retail_taluka AND closes_at::DATE >= getvariable('as_of') - 4 THEN 'Open'
    WHEN would_win THEN 'Won'
    ELSE 'Lost'
  END AS status,
  CASE
    WHEN would_win AND no_retail_taluka AND closes_at::DATE >= getvariable('as_of') - 4 THEN 3
    WHEN would_win THEN 4
    WHEN is_closed THEN
      CASE WHEN u1(opty_no, 61) < 0.35 THEN 0 WHEN u1(opty_no, 61) < 0.65 THEN 1
        WHEN u1(opty_no, 61) < 0.87 THEN 2 ELSE 3 END
    ELSE least(3,
      floor((0.25 + 0.75 * u1(opty_no, 62)) * 4
        * least(1.0, (date_diff('day', created_at, horizon()) + 1) / (base_days + 1.0)))::INTEGER
      + (lead_classification = 'Live Deal')::INTEGER)
  END AS stage_no
FROM decided
);

-- a view: computed once, while it is written out
CREATE OR REPLACE VIEW customer_pipeline AS
SELECT
  opty_id,
  dealer_code,
  created_at,
  act_end AS updated_at,
  ['C0', 'C1', 'C1A', 'C2', 'C3'][stage_no + 1] AS stage,
  status,
  dse_id,
  lead_classification,
  customer_type,
  opty_category,
  enquiry_type,
  ppl,
  pl,
  expected_closure_date,
  customer_name,
  customer_phone,
  state,
  district,
  taluka,
  CASE WHEN u1(opty_no, 63) < 0.04 THEN NULL ELSE pincode END AS pincode,
  lost_reason,
  opty_no -- for ordering the output, not written
FROM opp_outcome;
