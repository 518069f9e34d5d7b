-- score_input_hashes: one hash per opportunity of the temp table score_targets of everything its
-- score is computed from: its score_targets row (customer_pipeline columns and as-of date), its
-- CRM facts (score_opty_facts), its lead actions (score_opty_actions, xor of the rows' hashes:
-- one row per action_id), the configuration's version (score_config), $code, a hash of the score
-- SQL itself (score.ts), and DuckDB's version: a changed query or engine scores everything again.
-- Compared with score_inputs by score_kept.sql; stored there by the run (score.ts).
create or replace temp table score_input_hashes as
select t.opty_id, hash($code::VARCHAR, version(), c.score_version, t, f, a.actions) as input_hash
from score_targets t
left join score_opty_facts f on f.opty_id = t.opty_id
left join (
  select a.opty_id, bit_xor(hash(a)) as actions
  from score_opty_actions a
  group by a.opty_id
) a on a.opty_id = t.opty_id
cross join score_config c
