-- Total score, next best action and reason codes (SPEC 5): one row per row of `components`
-- (components.sql, given to this query as a CTE of that name). The weights and rule thresholds come
-- from the temp table score_config (score_config.sql).
-- Actions, first matching rule wins: FOLLOWUP_DUE, FIRST_CONTACT, TEST_DRIVE, CLOSE, STOCK_ALT,
-- REENGAGE, NURTURE. Reason codes: the action's own code first, then the two strongest positive and
-- the two strongest negative components (strength = weight x (points - 5), 5 being the middle of
-- the 0-10 scale), then for STOCK_ALT the alternative offered ('ALT <pl> at <dealer> (n saleable)').
with
  cfg as (
    select
      w_class, w_close, w_followup, w_age, w_call, w_category, w_type, w_stock,
      first_contact_days, close_within_days, reengage_days
    from score_config
  ),
  scored as (
    select
      c.*,
      round(
        (
          cfg.w_class * c.lead_classification_score + cfg.w_close * c.expected_closure_score
          + cfg.w_followup * c.followup_score + cfg.w_age * c.lead_age_score
          + cfg.w_call * c.avg_call_duration_score + cfg.w_category * c.opty_category_score
          + cfg.w_type * c.customer_type_score + cfg.w_stock * c.stock_availability_score
        ) / 10,
        1
      ) as total_score,
      -- days without a touch: since the last touch, or since creation for a lead never touched
      c.as_of_date - coalesce(c.last_touch_at::DATE, c.as_of_date - c.age_days) as idle_days,
      case
        when c.pending_followup_date <= c.as_of_date then 'FOLLOWUP_DUE'
        when c.touches_total = 0 and c.age_days <= cfg.first_contact_days then 'FIRST_CONTACT'
        when lower(trim(c.lead_classification)) in ('hot', 'live deal')
          and c.stage in ('C0', 'C1') and not c.has_test_drive then 'TEST_DRIVE'
        when c.stage in ('C1A', 'C2') and c.close_days <= cfg.close_within_days then 'CLOSE'
        when c.pl is not null and c.own_saleable = 0 and c.alternative is not null then 'STOCK_ALT'
        when c.as_of_date - coalesce(c.last_touch_at::DATE, c.as_of_date - c.age_days)
          >= cfg.reengage_days then 'REENGAGE'
        else 'NURTURE'
      end as next_best_action,
      cfg.w_class * (c.lead_classification_score - 5) as st1,
      cfg.w_close * (c.expected_closure_score - 5) as st2,
      cfg.w_followup * (c.followup_score - 5) as st3,
      cfg.w_age * (c.lead_age_score - 5) as st4,
      cfg.w_call * (c.avg_call_duration_score - 5) as st5,
      cfg.w_category * (c.opty_category_score - 5) as st6,
      cfg.w_type * (c.customer_type_score - 5) as st7,
      cfg.w_stock * (c.stock_availability_score - 5) as st8,
      cfg.w_class as w1,
      cfg.w_close as w2,
      cfg.w_followup as w3,
      cfg.w_age as w4,
      cfg.w_call as w5,
      cfg.w_category as w6,
      cfg.w_type as w7,
      cfg.w_stock as w8
    from components c, cfg
  ),
  -- each component's words, in the order of the spec (components 1-8)
  described as (
    select
      s.*,
      [
        'LEAD_CLASSIFICATION ' || coalesce(s.lead_classification, 'missing'),
        'EXPECTED_CLOSURE ' || case
          when s.close_days is null then 'no date'
          when s.close_days < 0 then 'overdue ' || -s.close_days || 'd'
          else 'in ' || s.close_days || 'd' end,
        'FOLLOWUP ' || s.touches_window || ' touches' || case
          when s.followup_overdue then ', follow-up ' || s.followup_overdue_days || 'd overdue'
          else '' end,
        'LEAD_AGE ' || s.age_days || 'd old',
        'AVG_CALL_DURATION ' || case when s.avg_call_sec is null then 'no call'
          else 'avg ' || round(s.avg_call_sec)::BIGINT || 's' end,
        'OPTY_CATEGORY ' || coalesce(s.opty_category, 'missing'),
        'CUSTOMER_TYPE ' || coalesce(s.customer_type, 'missing'),
        'STOCK ' || case
          when s.pl is null then 'no model'
          when s.own_saleable > 0 then s.own_saleable || ' saleable'
          when s.stock_availability_band = 'elsewhere_in_district' then '0 here, in district'
          else 'none in district' end
      ] as words,
      [
        s.lead_classification_score, s.expected_closure_score, s.followup_score, s.lead_age_score,
        s.avg_call_duration_score, s.opty_category_score, s.customer_type_score,
        s.stock_availability_score
      ] as points,
      [s.w1, s.w2, s.w3, s.w4, s.w5, s.w6, s.w7, s.w8] as weights,
      greatest(s.st1, s.st2, s.st3, s.st4, s.st5, s.st6, s.st7, s.st8) as hi1,
      least(s.st1, s.st2, s.st3, s.st4, s.st5, s.st6, s.st7, s.st8) as lo1
    from scored s
  ),
  -- the strongest positive component (strength > 0) and the strongest negative one (< 0), as
  -- their number 1-8; a tie goes to the component listed first. Plain columns, not list lambdas:
  -- sorting a list of structs per row was three quarters of the score statement at 1M rows.
  first_picks as (
    select
      s.*,
      case when s.hi1 > 0 then case s.hi1
        when s.st1 then 1 when s.st2 then 2 when s.st3 then 3 when s.st4 then 4
        when s.st5 then 5 when s.st6 then 6 when s.st7 then 7 when s.st8 then 8 end
      end as pos1,
      case when s.lo1 < 0 then case s.lo1
        when s.st1 then 1 when s.st2 then 2 when s.st3 then 3 when s.st4 then 4
        when s.st5 then 5 when s.st6 then 6 when s.st7 then 7 when s.st8 then 8 end
      end as neg1
    from described s
  ),
  -- the second strongest of each sign: the strongest among the other seven
  second_strengths as (
    select
      s.*,
      greatest(
        case when s.pos1 <> 1 then s.st1 end, case when s.pos1 <> 2 then s.st2 end,
        case when s.pos1 <> 3 then s.st3 end, case when s.pos1 <> 4 then s.st4 end,
        case when s.pos1 <> 5 then s.st5 end, case when s.pos1 <> 6 then s.st6 end,
        case when s.pos1 <> 7 then s.st7 end, case when s.pos1 <> 8 then s.st8 end
      ) as hi2,
      least(
        case when s.neg1 <> 1 then s.st1 end, case when s.neg1 <> 2 then s.st2 end,
        case when s.neg1 <> 3 then s.st3 end, case when s.neg1 <> 4 then s.st4 end,
        case when s.neg1 <> 5 then s.st5 end, case when s.neg1 <> 6 then s.st6 end,
        case when s.neg1 <> 7 then s.st7 end, case when s.neg1 <> 8 then s.st8 end
      ) as lo2
    from first_picks s
  ),
  picks as (
    select
      s.*,
      case when s.hi2 > 0 then case
        when s.pos1 <> 1 and s.st1 = s.hi2 then 1 when s.pos1 <> 2 and s.st2 = s.hi2 then 2
        when s.pos1 <> 3 and s.st3 = s.hi2 then 3 when s.pos1 <> 4 and s.st4 = s.hi2 then 4
        when s.pos1 <> 5 and s.st5 = s.hi2 then 5 when s.pos1 <> 6 and s.st6 = s.hi2 then 6
        when s.pos1 <> 7 and s.st7 = s.hi2 then 7 when s.pos1 <> 8 and s.st8 = s.hi2 then 8 end
      end as pos2,
      case when s.lo2 < 0 then case
        when s.neg1 <> 1 and s.st1 = s.lo2 then 1 when s.neg1 <> 2 and s.st2 = s.lo2 then 2
        when s.neg1 <> 3 and s.st3 = s.lo2 then 3 when s.neg1 <> 4 and s.st4 = s.lo2 then 4
        when s.neg1 <> 5 and s.st5 = s.lo2 then 5 when s.neg1 <> 6 and s.st6 = s.lo2 then 6
        when s.neg1 <> 7 and s.st7 = s.lo2 then 7 when s.neg1 <> 8 and s.st8 = s.lo2 then 8 end
      end as neg2
    from second_strengths s
  ),
  -- e.g. '+LEAD_CLASSIFICATION Hot 9/10 (+18.0)': a positive shows the points it earned;
  -- '-FOLLOWUP 0 touches 0/10 (-15.0)': a negative shows the points it missed
  coded as (
    select
      s.*,
      -- k: a positive pick as its component number, a negative one as minus its number
      list_transform(
        list_filter([s.pos1, s.pos2, -s.neg1, -s.neg2], lambda k: k is not null),
        lambda k: case when k > 0 then '+' else '-' end || s.words[abs(k)] || ' '
          || case when s.points[abs(k)] = trunc(s.points[abs(k)])
            then s.points[abs(k)]::BIGINT::VARCHAR else s.points[abs(k)]::DECIMAL(8, 1)::VARCHAR end
          || '/10 (' || case
            when k > 0 then '+' || (s.weights[k] * s.points[k] / 10)::DECIMAL(8, 1)
            else '-' || (s.weights[-k] * (10 - s.points[-k]) / 10)::DECIMAL(8, 1) end
          || ')'
      ) as component_codes
    from picks s
  )
select
  s.opty_id, s.dealer_code, s.dse_id, s.as_of_date,
  s.lead_classification_score, s.expected_closure_score, s.followup_score, s.lead_age_score,
  s.avg_call_duration_score, s.opty_category_score, s.customer_type_score,
  s.stock_availability_score, s.total_score, s.next_best_action,
  -- a JSON array (migration 012: a list column is rewritten as a delete and an insert)
  to_json([
    s.next_best_action || case s.next_best_action
      when 'FOLLOWUP_DUE' then ' ' || s.pending_followup_date
        || case when s.pending_followup_date < s.as_of_date
          then ' (' || (s.as_of_date - s.pending_followup_date) || 'd overdue)' else ' (today)' end
      when 'FIRST_CONTACT' then ' new ' || s.age_days || 'd, no touch yet'
      when 'TEST_DRIVE' then ' ' || s.lead_classification || ' ' || s.stage || ', no test drive'
      when 'CLOSE' then ' ' || s.stage || case when s.close_days < 0
        then ', closure ' || -s.close_days || 'd overdue' else ', closure in ' || s.close_days || 'd' end
      when 'STOCK_ALT' then ' no saleable ' || s.pl
      when 'REENGAGE' then ' ' || s.idle_days || 'd without touch'
      else ''
    end
  ]
  || s.component_codes
  || case when s.next_best_action = 'STOCK_ALT' then [
    'ALT ' || s.alternative.pl || ' at ' || s.alternative.dealer_code
      || ' (' || s.alternative.saleable || ' saleable'
      || case when s.alternative.dealer_code = s.dealer_code then ', same dealer' else '' end || ')'
  ] else [] end) as reason_codes,
  -- for lead_list.sql, which takes the opportunity's own columns from score_targets: the model
  -- offered instead (the PL of STOCK_ALT's alternative), for the message the rep sends
  s.pending_followup_date, s.last_touch_at,
  case when s.next_best_action = 'STOCK_ALT' then s.alternative.pl end as alternative_pl
from coded s
