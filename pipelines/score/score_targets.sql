-- The opportunities a full score run covers: every open one, all scored as of $as_of.
-- Grain: one row per opty_id, with its stage and status (the pipeline columns the app changes, so
-- a single rescore reads them fresh rather than from score_facts). Feeds score_opty_facts.sql and
-- components.sql through a temp table.
create or replace temp table score_targets as
select distinct opty_id, $as_of::DATE as as_of_date, stage, status
from customer_pipeline
where status = 'Open'
