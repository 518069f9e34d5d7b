-- scv_customer_score.reason_codes becomes a JSON array of the codes (`["FOLLOWUP_DUE …", "+…"]`,
-- DuckDB's JSON type) instead of a VARCHAR[] list, same codes in the same order. DuckDB updates a
-- list column as a delete and an insert, and in a table with an index the commit then logs the
-- appended row with the list elements of every row sharing its 2,048-row vector: ~38 KB of WAL per
-- recorded action (by hand at 1M), an automatic checkpoint (~70 ms) inside some rep's request
-- every ~400 actions, and a score run's MERGE on one thread when it both inserts and updates. A
-- JSON column is updated where the row is: ~1.3 KB per action. Read it as a list with
-- from_json(reason_codes, '["VARCHAR"]'). The index on opty_id is dropped for the change and built
-- again (DuckDB does not alter a column of a table with an index).
DROP INDEX IF EXISTS scv_customer_score_opty_id;
ALTER TABLE scv_customer_score ALTER reason_codes TYPE JSON USING to_json(reason_codes);
CREATE INDEX scv_customer_score_opty_id ON scv_customer_score (opty_id);
