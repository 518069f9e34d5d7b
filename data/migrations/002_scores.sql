-- SCV score (SPEC 5): one row per opportunity ever scored; closed ones are kept with is_open = false.
CREATE TABLE scv_customer_score (
  opty_id VARCHAR NOT NULL,
  dealer_code VARCHAR NOT NULL,
  dse_id VARCHAR,
  lead_classification_score DOUBLE NOT NULL,
  expected_closure_score DOUBLE NOT NULL,
  followup_score DOUBLE NOT NULL,
  lead_age_score DOUBLE NOT NULL,
  avg_call_duration_score DOUBLE NOT NULL,
  opty_category_score DOUBLE NOT NULL,
  customer_type_score DOUBLE NOT NULL,
  stock_availability_score DOUBLE NOT NULL,
  total_score DOUBLE NOT NULL,
  next_best_action VARCHAR NOT NULL,
  -- e.g. ['+LEAD_CLASSIFICATION Hot 9/10 (+18.0)', '-FOLLOWUP 0 touches 0/10 (0.0)', 'ALT Intra V30 at D0042']
  reason_codes VARCHAR[] NOT NULL,
  score_version VARCHAR NOT NULL,
  as_of_date DATE NOT NULL,
  scored_at TIMESTAMP NOT NULL,
  is_open BOOLEAN NOT NULL
);
