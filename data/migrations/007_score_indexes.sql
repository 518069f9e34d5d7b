-- Point lookups for the single-opportunity rescore (issue 3: ≤ 20 ms median): ART indexes on the
-- key of every per-opportunity table it reads or writes. DuckDB uses them only for a plain
-- `opty_id = <constant or parameter>` filter pushed into the scan (components.sql's "-- one key"
-- lines); full runs keep scanning. lead_list is rebuilt by each full run, so score.ts recreates
-- its index there.
CREATE INDEX IF NOT EXISTS customer_pipeline_opty_id ON customer_pipeline (opty_id);
CREATE INDEX IF NOT EXISTS call_log_opty_id ON call_log (opty_id);
CREATE INDEX IF NOT EXISTS customer_journey_opty_id ON customer_journey (opty_id);
CREATE INDEX IF NOT EXISTS lead_actions_opty_id ON lead_actions (opty_id);
CREATE INDEX IF NOT EXISTS scv_customer_score_opty_id ON scv_customer_score (opty_id);
