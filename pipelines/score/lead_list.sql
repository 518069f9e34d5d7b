-- lead_list: the rep app's read table, one row per open scored opportunity, with what the Today
-- page shows. Reads only the temp tables `scored` (this run's scores) and score_targets (the
-- opportunities' customer_pipeline columns). score.ts wraps this select: a run that scores every
-- open opportunity rebuilds the table with CREATE OR REPLACE TABLE … ORDER BY dse_id, total_score
-- DESC (physically sorted so a rep's page reads few row groups, see PITFALLS); a run that scores
-- only those whose inputs changed deletes and re-inserts their rows; a single-opportunity rescore
-- updates its keys' rows in place (inserting a lead new to the table, deleting one no longer open).
select
  s.opty_id::VARCHAR as opty_id,
  s.dealer_code::VARCHAR as dealer_code,
  s.dse_id::VARCHAR as dse_id,
  t.customer_name::VARCHAR as customer_name,
  t.customer_phone::VARCHAR as customer_phone,
  t.ppl::VARCHAR as ppl,
  t.pl::VARCHAR as pl,
  t.stage::VARCHAR as stage,
  t.status::VARCHAR as status,
  t.lead_classification::VARCHAR as lead_classification,
  t.enquiry_type::VARCHAR as enquiry_type,
  t.customer_type::VARCHAR as customer_type,
  t.state::VARCHAR as state,
  t.district::VARCHAR as district,
  t.taluka::VARCHAR as taluka,
  t.created_at::TIMESTAMP as created_at,
  t.expected_closure_date::DATE as expected_closure_date,
  s.total_score::DOUBLE as total_score,
  s.next_best_action::VARCHAR as next_best_action,
  -- not the reason codes, which the lead page reads from scv_customer_score: the Today page's
  -- message needs only the model offered instead (migration 011; writing the codes here cost
  -- ~1.4 s or more of a full run at 1M open opportunities)
  s.alternative_pl::VARCHAR as alternative,
  s.pending_followup_date::DATE as pending_followup_date,
  s.last_touch_at::TIMESTAMP as last_touch_at,
  s.as_of_date::DATE as as_of_date
from scored s
join score_targets t on t.opty_id = s.opty_id
