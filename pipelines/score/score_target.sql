-- The one opportunity a single rescore covers ($opty_id), as of $as_of: the row of
-- score_targets.sql for one key, appended to the emptied temp table score_targets. The key is the
-- only filter so that DuckDB looks it up in the ART index; single.ts scores it only if it is open
-- (a closed one leaves `scored` empty, so its stored row is closed).
insert into score_targets
select opty_id, $as_of::DATE as as_of_date, stage, status
from customer_pipeline
where opty_id = $opty_id::VARCHAR
