-- score_facts: what the CRM tables said about each open opportunity at the last score run
-- (pipelines/score/score_opty_facts.sql), kept so that a single rescore reads one row instead of
-- scanning call_log, customer_journey, stock and customer_pipeline. Created empty here; a score run
-- replaces it whole, sorted by opty_id. score_facts_source says what it was computed from; a
-- rescore uses it only while that still holds (same as-of date and scoring configuration, no file
-- loaded since), else it computes the facts.
CREATE TABLE score_facts (
  opty_id VARCHAR,
  as_of_date DATE,
  dealer_code VARCHAR,
  dse_id VARCHAR,
  lead_classification VARCHAR,
  customer_type VARCHAR,
  opty_category VARCHAR,
  ppl VARCHAR,
  pl VARCHAR,
  expected_closure_date DATE,
  created_at TIMESTAMP,
  state VARCHAR,
  district VARCHAR,
  taluka VARCHAR,
  customer_name VARCHAR,
  customer_phone VARCHAR,
  enquiry_type VARCHAR,
  call_touches BIGINT,
  call_touches_window BIGINT,
  call_last_touch_at TIMESTAMP,
  call_connected_sec BIGINT,
  call_connected_n BIGINT,
  call_latest STRUCT(recency STRUCT("at" TIMESTAMP, src INTEGER, call_id VARCHAR, action_id BIGINT), d DATE),
  journey_test_drive BOOLEAN,
  own_saleable INTEGER,
  district_alt STRUCT(pl VARCHAR, dealer_code VARCHAR, saleable INTEGER),
  alternative STRUCT(pl VARCHAR, dealer_code VARCHAR, saleable INTEGER)
);

CREATE TABLE score_facts_source (
  as_of_date DATE NOT NULL,
  score_version VARCHAR NOT NULL,
  -- pipelines/score/score_sources.sql: the last file loaded into a table the facts are computed from
  sources VARCHAR NOT NULL
);

-- ART indexes for the lookups of one key that recording an action makes (DuckDB uses an index when
-- the key is the only filter on the table): measured at 1M opportunities they halve the time of a
-- lookup in tables of 100k-1M rows, whose zone maps still leave a row group or two to read. Not on
-- call_log or customer_journey: millions of keys cost hundreds of MB of memory there, and
-- score_facts stands in for them. score.ts creates score_facts' index with each new copy.
CREATE INDEX customer_pipeline_opty_id ON customer_pipeline (opty_id);
CREATE INDEX scv_customer_score_opty_id ON scv_customer_score (opty_id);
CREATE INDEX lead_actions_opty_id ON lead_actions (opty_id);
CREATE INDEX lead_list_opty_id ON lead_list (opty_id);
CREATE INDEX score_facts_opty_id ON score_facts (opty_id);
