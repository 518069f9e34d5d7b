-- The eight score components of SPEC 5: one row per opportunity of the temp table score_targets
-- (opty_id, as_of_date), each computed as of that row's own as-of date (the score run gives every
-- target the same date; calibration gives each closed opportunity its own).
-- Reads customer_pipeline, call_log, lead_actions, customer_journey, stock, dealers.
-- $cfg is the `score` section of the configuration as JSON (bands, points, weights): nothing is pasted.
-- Besides the points it returns each component's band key (for calibration) and the facts that
-- next_best_action.sql and lead_list.sql need (touches, pending follow-up, stock alternative).
-- Definitions (SPEC 5): a touch is a connected call (duration_sec > 0) or a recorded lead action,
-- except a 'called' action recorded with connected = false (an unanswered call is not a touch, as
-- in call_log). Only events on or before the as-of date count. The pending follow-up is the
-- next_followup_date of the most recent call or action (latest timestamp; at an equal timestamp a
-- lead action beats a call, then the larger call_id / action_id wins), null when that one set none.
with
  cfg as (
    select
      j,
      from_json(j -> 'lead_age' -> 'bands', '[{"max":"INTEGER","points":"DOUBLE"}]') as age_bands,
      from_json(j -> 'expected_closure' -> 'bands', '[{"max":"INTEGER","points":"DOUBLE"}]') as close_bands,
      from_json(j -> 'avg_call_duration' -> 'bands', '[{"below":"DOUBLE","points":"DOUBLE"}]') as call_bands,
      from_json(j -> 'followup' -> 'touches', '["DOUBLE"]') as touch_points,
      (j -> 'followup' ->> 'window_days')::INTEGER as window_days,
      (j -> 'followup' ->> 'overdue_penalty')::DOUBLE as overdue_penalty,
      (j -> 'followup' ->> 'overdue_grace_days')::INTEGER as overdue_grace_days,
      (j -> 'stock_availability' ->> 'plenty_min')::INTEGER as plenty_min,
      (j -> 'stock_availability' ->> 'plenty')::DOUBLE as stock_plenty,
      (j -> 'stock_availability' ->> 'some')::DOUBLE as stock_some,
      (j -> 'stock_availability' ->> 'elsewhere_in_district')::DOUBLE as stock_elsewhere,
      (j -> 'stock_availability' ->> 'none')::DOUBLE as stock_none,
      (j -> 'lead_classification' ->> 'missing')::DOUBLE as class_missing,
      (j -> 'expected_closure' ->> 'missing')::DOUBLE as close_missing,
      (j -> 'expected_closure' ->> 'overdue')::DOUBLE as close_overdue,
      (j -> 'avg_call_duration' ->> 'no_call')::DOUBLE as no_call,
      (j -> 'opty_category' ->> 'other')::DOUBLE as category_other,
      (j -> 'customer_type' ->> 'missing')::DOUBLE as type_missing
    from (select $cfg::JSON as j)
  ),
  -- day and second bands as lookup lists, element d + 1 = index of the band of value d: the first
  -- band whose max (days, inclusive) or below (seconds, exclusive) covers d. Built once, so each
  -- row reads one list element instead of running a lambda.
  bands as (
    select
      list_transform(
        range(0, coalesce(list_max(list_transform(close_bands, lambda b: b.max)), 0) + 2),
        lambda d: list_position(list_transform(close_bands, lambda b: b.max is null or b.max >= d), true)
      ) as close_lookup,
      list_transform(
        range(0, coalesce(list_max(list_transform(age_bands, lambda b: b.max)), 0) + 2),
        lambda d: list_position(list_transform(age_bands, lambda b: b.max is null or b.max >= d), true)
      ) as age_lookup,
      list_transform(
        range(0, coalesce(list_max(list_transform(call_bands, lambda b: b.below)), 0)::INTEGER + 2),
        lambda d: list_position(list_transform(call_bands, lambda b: b.below is null or d < b.below), true)
      ) as call_lookup
    from cfg
  ),
  -- categorical bands: config key -> points, matched case-insensitively on the trimmed value
  class_points as (
    select k as band, lower(k) as lk, (j -> 'lead_classification' -> 'values' ->> k)::DOUBLE as points
    from cfg, unnest(json_keys(j -> 'lead_classification' -> 'values')) u(k)
  ),
  category_points as (
    select k as band, lower(k) as lk, (j -> 'opty_category' -> 'values' ->> k)::DOUBLE as points
    from cfg, unnest(json_keys(j -> 'opty_category' -> 'values')) u(k)
  ),
  type_points as (
    select k as band, lower(k) as lk, (j -> 'customer_type' -> 'values' ->> k)::DOUBLE as points
    from cfg, unnest(json_keys(j -> 'customer_type' -> 'values')) u(k)
  ),
  targets as (
    select opty_id, as_of_date from score_targets
  ),
  opty as (
    select
      p.opty_id, p.dealer_code, p.dse_id, p.stage, p.lead_classification, p.customer_type,
      p.opty_category, p.ppl, p.pl, p.expected_closure_date, p.created_at, p.state, p.district,
      t.as_of_date,
      -- carried through for lead_list, so that it needs no second pass over customer_pipeline
      p.customer_name, p.customer_phone, p.enquiry_type, p.taluka, p.status
    from customer_pipeline p
    join targets t on t.opty_id = p.opty_id
  ),
  -- every call and lead action on or before the as-of date, with what it means for scoring
  events as (
    select
      c.opty_id, t.as_of_date, c.called_at as at, c.duration_sec > 0 as is_touch,
      case when c.duration_sec > 0 then c.duration_sec end as connected_sec,
      c.next_followup_date,
      {'at': c.called_at, 'src': 0, 'call_id': c.call_id, 'action_id': 0::BIGINT} as recency
    from call_log c
    join targets t on t.opty_id = c.opty_id
    where c.called_at < t.as_of_date + 1
    union all
    select
      a.opty_id, t.as_of_date, a.acted_at, not (a.action_type = 'called' and a.connected is false),
      case when a.action_type = 'called' and a.connected is not false and a.duration_sec > 0
        then a.duration_sec end,
      a.next_followup_date,
      {'at': a.acted_at, 'src': 1, 'call_id': '', 'action_id': a.action_id}
    from lead_actions a
    join targets t on t.opty_id = a.opty_id
    where a.acted_at < t.as_of_date + 1
  ),
  event_facts as (
    select
      e.opty_id,
      count(*) filter (where e.is_touch) as touches_total,
      count(*) filter (
        where e.is_touch and e.at >= e.as_of_date - (cfg.window_days - 1)
      ) as touches_window,
      max(e.at) filter (where e.is_touch) as last_touch_at,
      avg(e.connected_sec) as avg_call_sec,
      -- a struct keeps a null date: arg_max skips rows whose value is null
      arg_max({'d': e.next_followup_date}, e.recency).d as pending_followup_date
    from events e, cfg
    group by e.opty_id
  ),
  test_drives as (
    select distinct j.opty_id
    from customer_journey j
    join targets t on t.opty_id = j.opty_id
    where lower(j.event_type) = 'test_drive' and j.event_at < t.as_of_date + 1
    union
    select a.opty_id
    from lead_actions a
    join targets t on t.opty_id = a.opty_id
    where a.action_type = 'test_drive' and a.acted_at < t.as_of_date + 1
  ),
  -- stock: each dealer's latest snapshot on or before each as-of date in play
  as_of_dates as (
    select distinct as_of_date from targets
  ),
  -- a dealer's district: its dealers row, else the district of its latest-updated opportunity
  -- (only looked up for the dealers that can matter, the targets' own and those holding their pls,
  -- when dealers gives them no district)
  districtless_dealers as (
    select dealer_code from (
      select dealer_code from opty
      union
      select dealer_code from stock where pl in (select pl from opty)
    )
    where dealer_code not in (select dealer_code from dealers where district is not null)
  ),
  dealer_district as (
    select dealer_code, state, district from dealers where district is not null
    union all
    select
      p.dealer_code,
      arg_max(p.state, (p.updated_at, p.opty_id)),
      arg_max(p.district, (p.updated_at, p.opty_id))
    from customer_pipeline p
    where p.district is not null
      and p.dealer_code in (select dealer_code from districtless_dealers)
    group by p.dealer_code
  ),
  -- the dealers of the targets' districts (where the same pl may be in stock)
  district_dealers as (
    select dd.dealer_code
    from dealer_district dd
    join (
      select distinct d.state, d.district
      from opty o
      join dealer_district d on d.dealer_code = o.dealer_code
    ) t on t.district = dd.district and t.state is not distinct from dd.state
  ),
  -- only stock that can matter: the targets' dealers (own stock, same PPL) and their pls at the
  -- other dealers of their districts
  relevant_stock as (
    select dealer_code, pl, as_of_date, total_qty, saleable_qty, ppl
    from stock where dealer_code in (select dealer_code from opty)
    union all
    select dealer_code, pl, as_of_date, total_qty, saleable_qty, ppl
    from stock
    where pl in (select pl from opty) and dealer_code in (select dealer_code from district_dealers)
      and dealer_code not in (select dealer_code from opty)
  ),
  snapshot_days as (
    select distinct dealer_code, as_of_date as snapshot_date from relevant_stock
  ),
  stock_dealers as (
    select distinct dealer_code from snapshot_days
  ),
  dealer_snapshot as (
    select d.as_of_date, l.dealer_code, s.snapshot_date
    from as_of_dates d
    cross join stock_dealers l
    asof join snapshot_days s
      on s.dealer_code = l.dealer_code and d.as_of_date >= s.snapshot_date
  ),
  pl_ppl as (
    select pl, min(ppl) as ppl from relevant_stock where ppl is not null group by pl
  ),
  stock_now as (
    select
      ds.as_of_date, s.dealer_code, s.pl, coalesce(s.ppl, m.ppl) as ppl, s.saleable_qty, s.total_qty
    from dealer_snapshot ds
    join relevant_stock s on s.dealer_code = ds.dealer_code and s.as_of_date = ds.snapshot_date
    left join pl_ppl m on m.pl = s.pl
  ),
  own_stock as (
    select o.opty_id, o.as_of_date, o.dealer_code, o.ppl, o.pl, dd.state, dd.district,
      coalesce(own.saleable_qty, 0) as own_saleable
    from opty o
    left join stock_now own
      on own.as_of_date = o.as_of_date and own.dealer_code = o.dealer_code and own.pl = o.pl
    left join dealer_district dd on dd.dealer_code = o.dealer_code
    where o.pl is not null
  ),
  -- alternatives are looked up only where the wanted pl has no saleable stock at the dealer
  stocked_out as (
    select * from own_stock where own_saleable = 0
  ),
  -- the best alternative per group: most saleable, then first by name. Alternatives are looked
  -- for only where the wanted pl has no saleable stock at the dealer, and candidates have some, so
  -- the wanted pl at the own dealer is never among them. Aggregates, not windows: cheap over the
  -- millions of rows calibration brings (one snapshot per as-of date).
  same_ppl_at_dealer as (
    select as_of_date, dealer_code, ppl,
      arg_min({'pl': pl, 'dealer_code': dealer_code, 'saleable': saleable_qty}, (-saleable_qty, pl))
        as alt
    from stock_now
    where saleable_qty > 0
      and (as_of_date, dealer_code, ppl) in (select (as_of_date, dealer_code, ppl) from stocked_out)
    group by all
  ),
  same_pl_in_district as (
    select sn.as_of_date, dd.state, dd.district, sn.pl,
      arg_min(
        {'pl': sn.pl, 'dealer_code': sn.dealer_code, 'saleable': sn.saleable_qty},
        (-sn.saleable_qty, sn.dealer_code)
      ) as alt
    from stock_now sn
    join dealer_district dd on dd.dealer_code = sn.dealer_code
    where sn.saleable_qty > 0
      and (sn.as_of_date, sn.pl, dd.district) in (select (as_of_date, pl, district) from stocked_out)
    group by all
  ),
  stock_alternatives as (
    select
      s.opty_id, d.alt as district_alt,
      -- the alternative to offer: same PPL at the dealer first (no travel), else same PL nearby
      coalesce(a.alt, d.alt) as alternative
    from stocked_out s
    left join same_ppl_at_dealer a
      on a.as_of_date = s.as_of_date and a.dealer_code = s.dealer_code and a.ppl = s.ppl
    left join same_pl_in_district d
      on d.as_of_date = s.as_of_date and d.district = s.district
      and d.state is not distinct from s.state and d.pl = s.pl
  ),
  stock_facts as (
    select s.opty_id, s.own_saleable, a.district_alt, a.alternative
    from own_stock s
    left join stock_alternatives a on a.opty_id = s.opty_id
  ),
  facts as (
    select
      o.*,
      greatest(o.as_of_date - o.created_at::DATE, 0)::INTEGER as age_days,
      (o.expected_closure_date - o.as_of_date)::INTEGER as close_days,
      coalesce(ef.touches_total, 0) as touches_total,
      coalesce(ef.touches_window, 0) as touches_window,
      ef.last_touch_at,
      ef.avg_call_sec,
      ef.pending_followup_date,
      (o.as_of_date - ef.pending_followup_date)::INTEGER as followup_overdue_days,
      td.opty_id is not null as has_test_drive,
      coalesce(sf.own_saleable, 0) as own_saleable,
      sf.district_alt,
      sf.alternative,
      cp.band as class_band, cp.points as class_pts,
      gp.band as category_band, gp.points as category_pts,
      tp.band as type_band, tp.points as type_pts
    from opty o
    left join event_facts ef on ef.opty_id = o.opty_id
    left join test_drives td on td.opty_id = o.opty_id
    left join stock_facts sf on sf.opty_id = o.opty_id
    left join class_points cp on cp.lk = lower(trim(o.lead_classification))
    left join category_points gp on gp.lk = lower(trim(o.opty_category))
    left join type_points tp on tp.lk = lower(trim(o.customer_type))
  ),
  banded as (
    select
      f.*,
      -- band index (1-based) read from the lookup lists built once in `bands`
      case when f.close_days >= 0
        then bands.close_lookup[least(f.close_days, len(bands.close_lookup) - 1) + 1] end
        as close_band,
      bands.age_lookup[least(f.age_days, len(bands.age_lookup) - 1) + 1] as age_band,
      case when f.avg_call_sec is not null
        then bands.call_lookup[least(floor(f.avg_call_sec)::INTEGER, len(bands.call_lookup) - 1) + 1]
      end as call_band,
      least(f.touches_window, len(cfg.touch_points) - 1) + 1 as touch_band,
      coalesce(f.followup_overdue_days > cfg.overdue_grace_days, false) as followup_overdue,
      case
        when f.pl is null then 'none'
        when f.own_saleable >= cfg.plenty_min then 'plenty'
        when f.own_saleable >= 1 then 'some'
        when f.district_alt is not null then 'elsewhere_in_district'
        else 'none'
      end as stock_band
    from facts f, cfg, bands
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
from banded b, cfg
