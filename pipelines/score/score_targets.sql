-- The opportunities a score run covers: every open one, or the one key given ($opty_id), all
-- scored as of $as_of. Grain: one row per opty_id. Feeds components.sql through a temp table.
create or replace temp table score_targets as
select distinct opty_id, $as_of::DATE as as_of_date
from customer_pipeline
where status = 'Open' and ($opty_id::VARCHAR is null or opty_id = $opty_id::VARCHAR)
