-- Source tables of SPEC section 3, the ingestion bookkeeping, pipeline runs and what reps record.
-- Keys are not declared as PRIMARY KEY: ingestion deduplicates and MERGEs on them, and DuckDB's
-- ART indexes slow bulk MERGE and reject updates of indexed rows inside one transaction.
-- Columns a file carries beyond the contract are kept in `extra` (a JSON object, name -> text).

CREATE TABLE customer_pipeline (
  opty_id VARCHAR NOT NULL,
  dealer_code VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  stage VARCHAR NOT NULL,
  status VARCHAR NOT NULL,
  dse_id VARCHAR,
  lead_classification VARCHAR,
  customer_type VARCHAR,
  opty_category VARCHAR,
  enquiry_type VARCHAR,
  ppl VARCHAR,
  pl VARCHAR,
  expected_closure_date DATE,
  customer_name VARCHAR,
  customer_phone VARCHAR,
  state VARCHAR,
  district VARCHAR,
  taluka VARCHAR,
  pincode VARCHAR,
  lost_reason VARCHAR,
  extra JSON
);

CREATE TABLE customer_journey (
  event_id VARCHAR NOT NULL,
  opty_id VARCHAR NOT NULL,
  event_type VARCHAR NOT NULL,
  event_at TIMESTAMP NOT NULL,
  detail VARCHAR,
  extra JSON
);

CREATE TABLE call_log (
  call_id VARCHAR NOT NULL,
  opty_id VARCHAR NOT NULL,
  called_at TIMESTAMP NOT NULL,
  duration_sec INTEGER NOT NULL,
  direction VARCHAR,
  outcome VARCHAR,
  next_followup_date DATE,
  dse_id VARCHAR,
  extra JSON
);

CREATE TABLE stock (
  dealer_code VARCHAR NOT NULL,
  pl VARCHAR NOT NULL,
  as_of_date DATE NOT NULL,
  total_qty INTEGER NOT NULL,
  saleable_qty INTEGER NOT NULL,
  ppl VARCHAR,
  extra JSON
);

CREATE TABLE retail (
  invoice_id VARCHAR NOT NULL,
  dealer_code VARCHAR NOT NULL,
  retail_date DATE NOT NULL,
  opty_id VARCHAR,
  ppl VARCHAR,
  pl VARCHAR,
  qty INTEGER NOT NULL DEFAULT 1,
  extra JSON
);

CREATE TABLE dealers (
  dealer_code VARCHAR NOT NULL,
  dealer_name VARCHAR,
  state VARCHAR,
  district VARCHAR,
  taluka VARCHAR,
  region VARCHAR,
  zone VARCHAR,
  lat DOUBLE,
  lng DOUBLE,
  extra JSON
);

CREATE SEQUENCE ingest_run_id START 1;

-- One row per file offered to ingestion (loaded, skipped as already loaded, or refused).
CREATE TABLE ingest_runs (
  run_id BIGINT NOT NULL DEFAULT nextval('ingest_run_id'),
  file_name VARCHAR NOT NULL,
  file_sha256 VARCHAR NOT NULL,
  -- size and modification time at load: a file unchanged since (same path, size, mtime) is known
  -- to have the same SHA-256 without reading it again
  file_size BIGINT,
  file_mtime_ns BIGINT,
  table_name VARCHAR,
  status VARCHAR NOT NULL, -- loaded | skipped | refused
  rows_read BIGINT NOT NULL DEFAULT 0,
  rows_loaded BIGINT NOT NULL DEFAULT 0,
  rows_rejected BIGINT NOT NULL DEFAULT 0,
  rows_superseded BIGINT NOT NULL DEFAULT 0,
  message VARCHAR,
  started_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP
);

-- Rows that did not parse, with where they came from and why.
CREATE TABLE rejected_rows (
  run_id BIGINT NOT NULL,
  file_name VARCHAR NOT NULL,
  table_name VARCHAR NOT NULL,
  line_number BIGINT,
  raw_line VARCHAR,
  reason VARCHAR NOT NULL
);

CREATE SEQUENCE pipeline_run_id START 1;

-- Every run of every pipeline step (ingest, score, hotspots, alert, ...).
CREATE TABLE pipeline_runs (
  run_id BIGINT NOT NULL DEFAULT nextval('pipeline_run_id'),
  pipeline VARCHAR NOT NULL,
  as_of_date DATE,
  started_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP,
  status VARCHAR NOT NULL, -- running | succeeded | failed
  row_counts JSON,
  error VARCHAR,
  triggered_by VARCHAR
);

CREATE SEQUENCE lead_action_id START 1;

-- What reps record in the app. Every row is a touch for scoring (SPEC 5); next_followup_date set here
-- competes with call_log's by timestamp for "the pending follow-up".
CREATE TABLE lead_actions (
  action_id BIGINT NOT NULL DEFAULT nextval('lead_action_id'),
  opty_id VARCHAR NOT NULL,
  dse_id VARCHAR,
  user_name VARCHAR NOT NULL,
  action_type VARCHAR NOT NULL, -- called | visited | test_drive | followup | booked | lost
  connected BOOLEAN,
  duration_sec INTEGER,
  next_followup_date DATE,
  lost_reason VARCHAR,
  note VARCHAR,
  acted_at TIMESTAMP NOT NULL
);
