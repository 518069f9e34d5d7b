-- score_opty_actions: the lead_actions rows of the temp table score_targets' opportunities (what
-- reps recorded in the app), the one input of components.sql that a single rescore reads fresh.
create or replace temp table score_opty_actions as
select a.*
from lead_actions a
where a.opty_id in (select opty_id from score_targets)
