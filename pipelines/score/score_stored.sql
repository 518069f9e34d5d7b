-- score_stored: the scv_customer_score rows a run can change, those of its targets and those still
-- marked open, read by score_changes.sql, less those of score_kept (score_kept.sql: opportunities
-- left out of score_targets because their stored row already is what scoring them would give). A
-- view (copying a million rows to a temp table cost 0.5 s more than reading them where they are);
-- a single rescore fills a temp table of that name with its keys' rows instead, looked up in the
-- ART index.
create or replace temp view score_stored as
select *
from scv_customer_score
where (is_open or opty_id in (select opty_id from score_targets))
  and opty_id not in (select opty_id from score_kept)
