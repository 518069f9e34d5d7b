-- lead_list.reason_codes becomes JSON text (`["FOLLOWUP_DUE …", …]`) instead of a list: writing a
-- row with a list column to a table with an ART index put ~85 KB in the WAL (DuckDB 1.5.6), and a
-- single rescore writes a lead_list row at every recorded action, so the WAL reached the automatic
-- checkpoint (16 MiB, ~150 ms at 1M opportunities, in the middle of a rep's request) every ~100
-- actions. As text it is ~1 KB. The rows are kept, in their order (sorted by the last full run).
CREATE TABLE lead_list_json AS
SELECT * REPLACE (to_json(reason_codes)::VARCHAR AS reason_codes)
FROM lead_list;
DROP TABLE lead_list;
ALTER TABLE lead_list_json RENAME TO lead_list;
CREATE INDEX lead_list_opty_id ON lead_list (opty_id);
