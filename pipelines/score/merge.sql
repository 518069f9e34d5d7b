-- The one MERGE of a score run into scv_customer_score, from the temp table score_changes
-- (score_changes.sql: only rows that change). Closed opportunities keep their last scores and get
-- is_open = false; scored_at is the run's one timestamp (IST wall clock) from the temp table score_run.
merge into scv_customer_score t
using (select c.*, r.scored_at from score_changes c cross join score_run r) s
on t.opty_id = s.opty_id
when matched and s.change = 'close' then update set
  is_open = false,
  scored_at = s.scored_at
when matched then update set
  dealer_code = s.dealer_code,
  dse_id = s.dse_id,
  lead_classification_score = s.lead_classification_score,
  expected_closure_score = s.expected_closure_score,
  followup_score = s.followup_score,
  lead_age_score = s.lead_age_score,
  avg_call_duration_score = s.avg_call_duration_score,
  opty_category_score = s.opty_category_score,
  customer_type_score = s.customer_type_score,
  stock_availability_score = s.stock_availability_score,
  total_score = s.total_score,
  next_best_action = s.next_best_action,
  reason_codes = s.reason_codes,
  score_version = s.score_version,
  as_of_date = s.as_of_date,
  scored_at = s.scored_at,
  is_open = true
when not matched and s.change = 'insert' then insert (
  opty_id, dealer_code, dse_id, lead_classification_score, expected_closure_score, followup_score,
  lead_age_score, avg_call_duration_score, opty_category_score, customer_type_score,
  stock_availability_score, total_score, next_best_action, reason_codes, score_version,
  as_of_date, scored_at, is_open
) values (
  s.opty_id, s.dealer_code, s.dse_id, s.lead_classification_score, s.expected_closure_score,
  s.followup_score, s.lead_age_score, s.avg_call_duration_score, s.opty_category_score,
  s.customer_type_score, s.stock_availability_score, s.total_score, s.next_best_action,
  s.reason_codes, s.score_version, s.as_of_date, s.scored_at, true
)
