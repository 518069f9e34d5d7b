-- The opportunities a full score run covers: every open one, all scored as of $as_of.
-- Grain: one row per opty_id (ingestion keeps one row per key), with the customer_pipeline columns
-- the score reads: stage and status, which the app changes, and the rest, which only files change.
-- Feeds score_opty_facts.sql and components.sql through a temp table. score_target.sql (a single
-- rescore) and calibration_targets.sql select the same columns.
create or replace temp table score_targets as
select
  opty_id, $as_of::DATE as as_of_date, stage, status, dealer_code, dse_id, lead_classification,
  customer_type, opty_category, ppl, pl, expected_closure_date, created_at, state, district,
  taluka, customer_name, customer_phone, enquiry_type
from customer_pipeline
where status = 'Open'
