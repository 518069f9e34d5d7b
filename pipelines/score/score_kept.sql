-- score_kept: the targets a run need not score again: their inputs hash as they did when a run last
-- stored their score (score_inputs), and their scv_customer_score row is still open with the
-- scored_at it had then. Every write of a scv_customer_score row sets its scored_at (a run's MERGE,
-- a single rescore after a recorded action), so an equal scored_at says the stored row is what
-- those same inputs gave, and scoring them again would change nothing. Their lead_list rows are
-- kept too: a single rescore may rewrite one without writing the score row (a new follow-up date),
-- but always after appending an action, which changes the hash (lead_actions are only ever
-- appended; an action deleted behind the app's back, after its rescore, leaves that lead_list row
-- until `--full` or the next day's run). score.ts removes these rows from score_targets when they
-- are most of them.
create or replace temp table score_kept as
select h.opty_id
from score_input_hashes h
join score_inputs i on i.opty_id = h.opty_id and i.input_hash = h.input_hash
join scv_customer_score s on s.opty_id = h.opty_id and s.scored_at = i.scored_at and s.is_open
