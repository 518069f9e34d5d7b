-- score_stored: the scv_customer_score rows a run can change, those of its targets and those still
-- marked open, copied to a temp table so that score_changes.sql compares against a small table (a
-- single rescore fills it with its one key's row, looked up in the ART index).
create or replace temp table score_stored as
select *
from scv_customer_score
where is_open or opty_id in (select opty_id from score_targets)
