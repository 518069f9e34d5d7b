-- Calibration sample: one row per closed opportunity (Won or Lost) with the date its components are
-- computed as of, and its place in the time-based holdout. Feeds components.sql (score_targets).
-- The as-of date is the day before the closure (closure = the day of the last update, when the
-- status was set), never before creation: the state the score saw while the lead was still open,
-- which excludes the closing day's events (booking, invoice, the "lost" call) so the outcome does
-- not leak into its own features. Creation day would leave follow-ups, calls and age empty.
-- The oldest 80 % of closures (by closure date, then opty_id) fit the proposal, the newest 20 % test it.
create or replace temp table score_targets as
with
  closed as (
    select
      opty_id, stage, status, dealer_code, dse_id, lead_classification, customer_type,
      opty_category, ppl, pl, expected_closure_date, created_at, state, district, taluka,
      customer_name, customer_phone, enquiry_type,
      status = 'Won' as won,
      updated_at::DATE as closed_on,
      greatest(updated_at::DATE - 1, created_at::DATE) as as_of_date
    from customer_pipeline
    where status in ('Won', 'Lost')
  )
select
  opty_id, as_of_date, stage, status, dealer_code, dse_id, lead_classification, customer_type,
  opty_category, ppl, pl, expected_closure_date, created_at, state, district, taluka,
  customer_name, customer_phone, enquiry_type, won, closed_on,
  row_number() over (order by closed_on, opty_id) > ceil(0.8 * count(*) over ()) as is_test
from closed
