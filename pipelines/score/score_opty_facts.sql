-- score_opty_facts: what the CRM tables say about each opportunity of the temp table score_targets
-- as of that target's as-of date. Grain: one row per opty_id. Reads call_log, customer_journey,
-- dealers, customer_pipeline (dealer districts) and the temp tables score_targets, score_stock_now,
-- score_config.
-- Everything here changes only when files are loaded (never through the app), so a score run keeps
-- these rows as the table score_facts and a single rescore reads its one row back from there
-- instead of scanning the big tables; what the app does change (stage, status, lead_actions) is
-- read fresh by components.sql, and the opportunity's own columns come with score_targets. Call
-- facts are kept so that components.sql can add the lead actions to them: sums and counts, not
-- the mean, and the latest call with its follow-up date. Flat columns where they can be: a
-- million rows of structs cost seconds to write.
-- Definitions (SPEC 5): a touch is a connected call (duration_sec > 0); only calls and journey events
-- on or before the as-of date count; "the window" is as-of - (window_days - 1) ... as-of.
create or replace temp table score_opty_facts as
with
  cfg as (
    select window_days from score_config
  ),
  targets as (
    select opty_id, as_of_date from score_targets
  ),
  opty as (
    select opty_id, as_of_date, dealer_code, ppl, pl from score_targets
  ),
  calls as (
    select
      c.opty_id,
      count(*) filter (where c.duration_sec > 0) as call_touches,
      count(*) filter (
        where c.duration_sec > 0 and c.called_at >= t.as_of_date - (cfg.window_days - 1)
      ) as call_touches_window,
      max(c.called_at) filter (where c.duration_sec > 0) as call_last_touch_at,
      sum(c.duration_sec) filter (where c.duration_sec > 0)::BIGINT as call_connected_sec,
      -- the most recent call (the larger call_id at an equal time) and the follow-up date it set
      -- (in a struct, which keeps a null date: arg_max skips rows whose value is null);
      -- components.sql compares its time with the latest action's
      max(c.called_at) as call_latest_at,
      arg_max({'d': c.next_followup_date}, (c.called_at, c.call_id)).d as call_latest_followup
    from call_log c
    join targets t on t.opty_id = c.opty_id
    cross join cfg
    where c.called_at < t.as_of_date + 1
    group by c.opty_id
  ),
  journey_test_drives as (
    select distinct j.opty_id
    from customer_journey j
    join targets t on t.opty_id = j.opty_id
    where lower(j.event_type) = 'test_drive' and j.event_at < t.as_of_date + 1
  ),
  -- a dealer's district: its dealers row, else the district of its most recently created
  -- opportunity (creation, not last update: the app updates opportunities, and these facts must
  -- not move when it does). Only looked up for the dealers that can matter, the targets' own and
  -- those whose current stock has their pls, when dealers gives them no district.
  districtless_dealers as (
    select dealer_code from (
      select dealer_code from opty
      union
      select dealer_code from score_stock_now where pl in (select pl from opty)
    )
    where dealer_code not in (select dealer_code from dealers where district is not null)
  ),
  dealer_district as (
    select dealer_code, state, district from dealers where district is not null
    union all
    select
      p.dealer_code,
      arg_max(p.state, (p.created_at, p.opty_id)),
      arg_max(p.district, (p.created_at, p.opty_id))
    from customer_pipeline p
    where p.district is not null
      and p.dealer_code in (select dealer_code from districtless_dealers)
    group by p.dealer_code
  ),
  stock_now as (
    select as_of_date, dealer_code, pl, ppl, saleable_qty from score_stock_now
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
  )
select
  o.opty_id,
  coalesce(c.call_touches, 0) as call_touches,
  coalesce(c.call_touches_window, 0) as call_touches_window,
  c.call_last_touch_at,
  c.call_connected_sec,
  c.call_latest_at,
  c.call_latest_followup,
  td.opty_id is not null as journey_test_drive,
  coalesce(sf.own_saleable, 0) as own_saleable,
  sf.district_alt is not null as stock_in_district,
  sf.alternative
from opty o
left join calls c on c.opty_id = o.opty_id
left join journey_test_drives td on td.opty_id = o.opty_id
left join stock_facts sf on sf.opty_id = o.opty_id
