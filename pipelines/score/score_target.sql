-- The opportunities a single rescore covers, as of $as_of: their rows of score_targets.sql,
-- appended to the emptied temp table score_targets. single.ts puts one parameter per key in place
-- of the list below. The keys are the only filter so that DuckDB looks them up in the ART index;
-- single.ts scores the open ones (a closed one leaves no row in `scored`, so its stored row is closed).
insert into score_targets
select
  opty_id, $as_of::DATE as as_of_date, stage, status, dealer_code, dse_id, lead_classification,
  customer_type, opty_category, ppl, pl, expected_closure_date, created_at, state, district,
  taluka, customer_name, customer_phone, enquiry_type
from customer_pipeline
where opty_id in ($opty_ids)
