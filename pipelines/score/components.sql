-- The eight score components of SPEC 5: one row per opportunity of the temp table score_targets,
-- each computed as of that row's own as-of date (the score run gives every target the same date;
-- calibration gives each closed opportunity its own).
-- Reads only temp tables: score_config (score_config.sql), score_targets (the opportunities'
-- customer_pipeline rows and as-of dates, score_targets.sql), score_opty_facts
-- (score_opty_facts.sql: what the other CRM tables say) and score_opty_actions (the targets'
-- lead_actions). No parameter and no big table: a single rescore runs it as a prepared statement
-- over one-row inputs.
-- Besides the points it returns each component's band key (for calibration) and the facts that
-- next_best_action.sql and lead_list.sql need (touches, pending follow-up, stock alternative).
-- Definitions (SPEC 5): a touch is a connected call (duration_sec > 0) or a recorded lead action,
-- except a 'called' action recorded with connected = false (an unanswered call is not a touch, as
-- in call_log). Only events on or before the as-of date count. The pending follow-up is the
-- next_followup_date of the most recent call or action (latest timestamp; at an equal timestamp a
-- lead action beats a call, then the larger call_id / action_id wins), null when that one set none.
with
  -- what the app recorded, on or before the as-of date, added to the call facts below
  actions as (
    select
      a.opty_id,
      count(*) filter (where a.is_touch) as touches,
      count(*) filter (
        where a.is_touch and a.acted_at >= a.as_of_date - (cfg.window_days - 1)
      ) as touches_window,
      max(a.acted_at) filter (where a.is_touch) as last_touch_at,
      sum(a.connected_sec) as connected_sec,
      count(a.connected_sec) as connected_n,
      arg_max({'at': a.acted_at, 'd': a.next_followup_date}, (a.acted_at, a.action_id)) as latest,
      bool_or(a.action_type = 'test_drive') as test_drive
    from (
      select
        a.opty_id, a.action_id, t.as_of_date, a.acted_at, a.action_type, a.next_followup_date,
        not (a.action_type = 'called' and a.connected is false) as is_touch,
        case when a.action_type = 'called' and a.connected is not false and a.duration_sec > 0
          then a.duration_sec end as connected_sec
      from score_opty_actions a
      join score_targets t on t.opty_id = a.opty_id
      where a.acted_at < t.as_of_date + 1
    ) a, score_config cfg
    group by a.opty_id
  ),
  facts as (
    select
      t.opty_id, t.dealer_code, t.dse_id, t.stage, t.lead_classification, t.customer_type,
      t.opty_category, t.ppl, t.pl, t.expected_closure_date, t.created_at, t.state, t.district,
      t.as_of_date, t.customer_name, t.customer_phone, t.enquiry_type, t.taluka, t.status,
      greatest(t.as_of_date - t.created_at::DATE, 0)::INTEGER as age_days,
      (t.expected_closure_date - t.as_of_date)::INTEGER as close_days,
      f.call_touches + coalesce(a.touches, 0) as touches_total,
      f.call_touches_window + coalesce(a.touches_window, 0) as touches_window,
      greatest(f.call_last_touch_at, a.last_touch_at) as last_touch_at,
      -- call touches are the connected calls, whose seconds call_connected_sec sums
      (coalesce(f.call_connected_sec, 0) + coalesce(a.connected_sec, 0))
        / nullif(f.call_touches + coalesce(a.connected_n, 0), 0) as avg_call_sec,
      -- the latest of the latest call and the latest action (an action wins a tie)
      case
        when a.latest is null then f.call_latest_followup
        when f.call_latest_at is null or a.latest.at >= f.call_latest_at then a.latest.d
        else f.call_latest_followup
      end as pending_followup_date,
      f.journey_test_drive or coalesce(a.test_drive, false) as has_test_drive,
      f.own_saleable,
      f.stock_in_district,
      f.alternative,
      cfg.class_points[lower(trim(t.lead_classification))] as class_pick,
      cfg.category_points[lower(trim(t.opty_category))] as category_pick,
      cfg.type_points[lower(trim(t.customer_type))] as type_pick
    from score_targets t
    join score_opty_facts f on f.opty_id = t.opty_id
    left join actions a on a.opty_id = t.opty_id
    cross join score_config cfg
  ),
  -- the follow-up columns that need the pending date, and the categorical picks unpacked
  facts_ready as (
    select
      f.* exclude (class_pick, category_pick, type_pick),
      (f.as_of_date - f.pending_followup_date)::INTEGER as followup_overdue_days,
      f.class_pick.band as class_band, f.class_pick.points as class_pts,
      f.category_pick.band as category_band, f.category_pick.points as category_pts,
      f.type_pick.band as type_band, f.type_pick.points as type_pts
    from facts f
  ),
  banded as (
    select
      f.*,
      -- band index (1-based) read from the lookup lists built once in score_config
      case when f.close_days >= 0
        then cfg.close_lookup[least(f.close_days, len(cfg.close_lookup) - 1) + 1] end
        as close_band,
      cfg.age_lookup[least(f.age_days, len(cfg.age_lookup) - 1) + 1] as age_band,
      case when f.avg_call_sec is not null
        then cfg.call_lookup[least(floor(f.avg_call_sec)::INTEGER, len(cfg.call_lookup) - 1) + 1]
      end as call_band,
      least(f.touches_window, len(cfg.touch_points) - 1) + 1 as touch_band,
      coalesce(f.followup_overdue_days > cfg.overdue_grace_days, false) as followup_overdue,
      case
        when f.pl is null then 'none'
        when f.own_saleable >= cfg.plenty_min then 'plenty'
        when f.own_saleable >= 1 then 'some'
        when f.stock_in_district then 'elsewhere_in_district'
        else 'none'
      end as stock_band
    from facts_ready f, score_config cfg
  )
select
  b.opty_id, b.dealer_code, b.dse_id, b.as_of_date, b.stage, b.lead_classification,
  b.customer_type, b.opty_category, b.ppl, b.pl, b.age_days, b.close_days, b.touches_total,
  b.touches_window, b.last_touch_at, b.avg_call_sec, b.pending_followup_date,
  b.followup_overdue_days, b.followup_overdue, b.has_test_drive, b.own_saleable, b.alternative,
  b.created_at, b.expected_closure_date, b.state, b.district, b.taluka, b.customer_name,
  b.customer_phone, b.enquiry_type, b.status,
  coalesce(b.class_pts, cfg.class_missing) as lead_classification_score,
  case
    when b.close_days is null then cfg.close_missing
    when b.close_days < 0 then cfg.close_overdue
    else cfg.close_bands[b.close_band].points
  end as expected_closure_score,
  greatest(
    cfg.touch_points[b.touch_band] - case when b.followup_overdue then cfg.overdue_penalty else 0 end,
    0
  ) as followup_score,
  cfg.age_bands[b.age_band].points as lead_age_score,
  case when b.avg_call_sec is null then cfg.no_call else cfg.call_bands[b.call_band].points end
    as avg_call_duration_score,
  coalesce(b.category_pts, cfg.category_other) as opty_category_score,
  coalesce(b.type_pts, cfg.type_missing) as customer_type_score,
  case b.stock_band
    when 'plenty' then cfg.stock_plenty
    when 'some' then cfg.stock_some
    when 'elsewhere_in_district' then cfg.stock_elsewhere
    else cfg.stock_none
  end as stock_availability_score,
  -- band keys: which band of the configuration each value fell in (calibration counts outcomes per band)
  coalesce(b.class_band, 'missing') as lead_classification_band,
  case
    when b.close_days is null then 'missing'
    when b.close_days < 0 then 'overdue'
    else 'band:' || (b.close_band - 1)
  end as expected_closure_band,
  'touches:' || (b.touch_band - 1) || case when b.followup_overdue then '|overdue' else '' end
    as followup_band,
  'band:' || (b.age_band - 1) as lead_age_band,
  case when b.avg_call_sec is null then 'no_call' else 'band:' || (b.call_band - 1) end
    as avg_call_duration_band,
  coalesce(b.category_band, 'other') as opty_category_band,
  coalesce(b.type_band, 'missing') as customer_type_band,
  b.stock_band as stock_availability_band
from banded b, score_config cfg
