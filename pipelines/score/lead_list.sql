-- lead_list: the rep app's read table, one row per open scored opportunity, with what the Today
-- page shows. Reads only the temp table `scored` (this run), which carries the customer_pipeline
-- columns shown here. score.ts wraps this select: a full run rebuilds the table with
-- CREATE OR REPLACE TABLE … ORDER BY dse_id, total_score DESC (physically sorted so a rep's page
-- reads few row groups, see PITFALLS); a single-opportunity rescore deletes and re-inserts one row.
select
  s.opty_id::VARCHAR as opty_id,
  s.dealer_code::VARCHAR as dealer_code,
  s.dse_id::VARCHAR as dse_id,
  s.customer_name::VARCHAR as customer_name,
  s.customer_phone::VARCHAR as customer_phone,
  s.ppl::VARCHAR as ppl,
  s.pl::VARCHAR as pl,
  s.stage::VARCHAR as stage,
  s.status::VARCHAR as status,
  s.lead_classification::VARCHAR as lead_classification,
  s.enquiry_type::VARCHAR as enquiry_type,
  s.customer_type::VARCHAR as customer_type,
  s.state::VARCHAR as state,
  s.district::VARCHAR as district,
  s.taluka::VARCHAR as taluka,
  s.created_at::TIMESTAMP as created_at,
  s.expected_closure_date::DATE as expected_closure_date,
  s.total_score::DOUBLE as total_score,
  s.next_best_action::VARCHAR as next_best_action,
  s.reason_codes::VARCHAR[] as reason_codes,
  s.pending_followup_date::DATE as pending_followup_date,
  s.last_touch_at::TIMESTAMP as last_touch_at,
  s.as_of_date::DATE as as_of_date
from scored s
