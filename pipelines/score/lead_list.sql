-- lead_list: the rep app's read table, one row per open scored opportunity, with what the Today
-- page shows. Reads the temp table `scored` (this run) and customer_pipeline. score.ts wraps this
-- select: a full run rebuilds the table with CREATE OR REPLACE TABLE … ORDER BY dse_id,
-- total_score DESC (physically sorted so a rep's page reads few row groups, see PITFALLS); a
-- single-opportunity rescore deletes and re-inserts that one row.
select
  s.opty_id::VARCHAR as opty_id,
  p.dealer_code::VARCHAR as dealer_code,
  p.dse_id::VARCHAR as dse_id,
  p.customer_name::VARCHAR as customer_name,
  p.customer_phone::VARCHAR as customer_phone,
  p.ppl::VARCHAR as ppl,
  p.pl::VARCHAR as pl,
  p.stage::VARCHAR as stage,
  p.status::VARCHAR as status,
  p.lead_classification::VARCHAR as lead_classification,
  p.enquiry_type::VARCHAR as enquiry_type,
  p.customer_type::VARCHAR as customer_type,
  p.state::VARCHAR as state,
  p.district::VARCHAR as district,
  p.taluka::VARCHAR as taluka,
  p.created_at::TIMESTAMP as created_at,
  p.expected_closure_date::DATE as expected_closure_date,
  s.total_score::DOUBLE as total_score,
  s.next_best_action::VARCHAR as next_best_action,
  s.reason_codes::VARCHAR[] as reason_codes,
  s.pending_followup_date::DATE as pending_followup_date,
  s.last_touch_at::TIMESTAMP as last_touch_at,
  s.as_of_date::DATE as as_of_date
from scored s
join customer_pipeline p on p.opty_id = s.opty_id
