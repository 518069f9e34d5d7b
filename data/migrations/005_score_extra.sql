-- lead_list: the rep app's read table (one row per open scored opportunity), created empty here so
-- the app can read it before the first score run; every full score run replaces it whole
-- (pipelines/score/lead_list.sql), sorted by dse_id, total_score DESC.
CREATE TABLE lead_list (
  opty_id VARCHAR,
  dealer_code VARCHAR,
  dse_id VARCHAR,
  customer_name VARCHAR,
  customer_phone VARCHAR,
  ppl VARCHAR,
  pl VARCHAR,
  stage VARCHAR,
  status VARCHAR,
  lead_classification VARCHAR,
  enquiry_type VARCHAR,
  customer_type VARCHAR,
  state VARCHAR,
  district VARCHAR,
  taluka VARCHAR,
  created_at TIMESTAMP,
  expected_closure_date DATE,
  total_score DOUBLE,
  next_best_action VARCHAR,
  reason_codes VARCHAR[],
  pending_followup_date DATE,
  last_touch_at TIMESTAMP,
  as_of_date DATE
);
