-- The opportunities a full score run covers: every open one, all scored as of $as_of.
-- Grain: one row per opty_id. Feeds components.sql through a temp table.
create or replace temp table score_targets as
select distinct opty_id, $as_of::DATE as as_of_date
from customer_pipeline
where status = 'Open'
