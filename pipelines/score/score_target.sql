-- The one opportunity a single rescore covers ($opty_id, if it is open), scored as of $as_of:
-- the same temp table as score_targets.sql, filtered to one key (a plain equality, so the scan can
-- skip row groups).
create or replace temp table score_targets as
select distinct opty_id, $as_of::DATE as as_of_date
from customer_pipeline
where opty_id = $opty_id::VARCHAR and status = 'Open'
