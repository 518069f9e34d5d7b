-- What a score run changes in scv_customer_score: one row per opportunity to insert, update or
-- close. Reads the temp tables scored (this run's rows, all open), score_stored (the stored rows
-- the run covers, score_stored.sql), score_config and score_run.
-- A row is updated only when one of its stored values differs (score_run.rewrite_all: every open row), so
-- the same inputs and as-of date twice change nothing, scored_at included. score.ts writes the rows
-- to the temp table score_changes (a run creates it, a single rescore appends to it).
with
  fresh as (
    select
      s.opty_id, s.dealer_code, s.dse_id, s.lead_classification_score, s.expected_closure_score,
      s.followup_score, s.lead_age_score, s.avg_call_duration_score, s.opty_category_score,
      s.customer_type_score, s.stock_availability_score, s.total_score, s.next_best_action,
      s.reason_codes, c.score_version, s.as_of_date, true as is_open
    from scored s, score_config c
  ),
  -- rows still marked open whose opportunity is not open any more (closed, or gone from the pipeline)
  closing as (
    select t.* exclude (scored_at, is_open), false as is_open
    from score_stored t
    where t.is_open
      and t.opty_id not in (select opty_id from scored)
  ),
  source as (
    select * from fresh
    union all by name
    select * from closing
  )
select
  s.*,
  case
    when not s.is_open then 'close'
    when t.opty_id is null then 'insert'
    else 'update'
  end as change
from source s
left join score_stored t on t.opty_id = s.opty_id
cross join score_run r
where not s.is_open
  or t.opty_id is null
  or r.rewrite_all
  or (
    t.dealer_code, t.dse_id, t.lead_classification_score, t.expected_closure_score,
    t.followup_score, t.lead_age_score, t.avg_call_duration_score, t.opty_category_score,
    t.customer_type_score, t.stock_availability_score, t.total_score, t.next_best_action,
    t.reason_codes, t.score_version, t.as_of_date, t.is_open
  ) is distinct from (
    s.dealer_code, s.dse_id, s.lead_classification_score, s.expected_closure_score,
    s.followup_score, s.lead_age_score, s.avg_call_duration_score, s.opty_category_score,
    s.customer_type_score, s.stock_availability_score, s.total_score, s.next_best_action,
    s.reason_codes, s.score_version, s.as_of_date, s.is_open
  )
