-- Total score, next best action and reason codes (SPEC 5): one row per row of `components`
-- (components.sql, given to this query as a CTE of that name). $cfg is the score configuration.
-- Actions, first matching rule wins: FOLLOWUP_DUE, FIRST_CONTACT, TEST_DRIVE, CLOSE, STOCK_ALT,
-- REENGAGE, NURTURE. Reason codes: the action's own code first, then the two strongest positive and
-- the two strongest negative components (strength = weight x (points - 5), 5 being the middle of
-- the 0-10 scale), then for STOCK_ALT the alternative offered ('ALT <pl> at <dealer> (n saleable)').
with
  cfg as (
    select
      j,
      (j -> 'weights' ->> 'lead_classification_score')::DOUBLE as w_class,
      (j -> 'weights' ->> 'expected_closure_score')::DOUBLE as w_close,
      (j -> 'weights' ->> 'followup_score')::DOUBLE as w_followup,
      (j -> 'weights' ->> 'lead_age_score')::DOUBLE as w_age,
      (j -> 'weights' ->> 'avg_call_duration_score')::DOUBLE as w_call,
      (j -> 'weights' ->> 'opty_category_score')::DOUBLE as w_category,
      (j -> 'weights' ->> 'customer_type_score')::DOUBLE as w_type,
      (j -> 'weights' ->> 'stock_availability_score')::DOUBLE as w_stock,
      (j -> 'next_best_action' ->> 'first_contact_max_age_days')::INTEGER as first_contact_days,
      (j -> 'next_best_action' ->> 'close_within_days')::INTEGER as close_within_days,
      (j -> 'next_best_action' ->> 'reengage_after_days')::INTEGER as reengage_days
    from (select $cfg::JSON as j)
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
  -- the two strongest positive components (strength = weight x (points - 5)), then the two
  -- strongest negative ones; ties go to the component listed first. Scalar expressions only:
  -- list lambdas over a million rows cost seconds.
  maxima as (
    select
      s.*,
      greatest(s.st1, s.st2, s.st3, s.st4, s.st5, s.st6, s.st7, s.st8) as top1,
      least(s.st1, s.st2, s.st3, s.st4, s.st5, s.st6, s.st7, s.st8) as bottom1
    from scored s
  ),
  firsts as (
    select
      s.*,
      case when s.top1 > 0 then case when s.st1 = s.top1 then 1 when s.st2 = s.top1 then 2 when s.st3 = s.top1 then 3 when s.st4 = s.top1 then 4 when s.st5 = s.top1 then 5 when s.st6 = s.top1 then 6 when s.st7 = s.top1 then 7 when s.st8 = s.top1 then 8 end end as pos1,
      case when s.bottom1 < 0 then case when s.st1 = s.bottom1 then 1 when s.st2 = s.bottom1 then 2 when s.st3 = s.bottom1 then 3 when s.st4 = s.bottom1 then 4 when s.st5 = s.bottom1 then 5 when s.st6 = s.bottom1 then 6 when s.st7 = s.bottom1 then 7 when s.st8 = s.bottom1 then 8 end end as neg1
    from maxima s
  ),
  seconds as (
    select
      s.*,
      greatest(
        case when s.pos1 = 1 then null else s.st1 end,
        case when s.pos1 = 2 then null else s.st2 end,
        case when s.pos1 = 3 then null else s.st3 end,
        case when s.pos1 = 4 then null else s.st4 end,
        case when s.pos1 = 5 then null else s.st5 end,
        case when s.pos1 = 6 then null else s.st6 end,
        case when s.pos1 = 7 then null else s.st7 end,
        case when s.pos1 = 8 then null else s.st8 end
      ) as top2,
      least(
        case when s.neg1 = 1 then null else s.st1 end,
        case when s.neg1 = 2 then null else s.st2 end,
        case when s.neg1 = 3 then null else s.st3 end,
        case when s.neg1 = 4 then null else s.st4 end,
        case when s.neg1 = 5 then null else s.st5 end,
        case when s.neg1 = 6 then null else s.st6 end,
        case when s.neg1 = 7 then null else s.st7 end,
        case when s.neg1 = 8 then null else s.st8 end
      ) as bottom2
    from firsts s
  ),
  picked as (
    select
      s.*,
      case when s.top2 > 0 then case when s.st1 = s.top2 and s.pos1 <> 1 then 1 when s.st2 = s.top2 and s.pos1 <> 2 then 2 when s.st3 = s.top2 and s.pos1 <> 3 then 3 when s.st4 = s.top2 and s.pos1 <> 4 then 4 when s.st5 = s.top2 and s.pos1 <> 5 then 5 when s.st6 = s.top2 and s.pos1 <> 6 then 6 when s.st7 = s.top2 and s.pos1 <> 7 then 7 when s.st8 = s.top2 and s.pos1 <> 8 then 8 end end as pos2,
      case when s.bottom2 < 0 then case when s.st1 = s.bottom2 and s.neg1 <> 1 then 1 when s.st2 = s.bottom2 and s.neg1 <> 2 then 2 when s.st3 = s.bottom2 and s.neg1 <> 3 then 3 when s.st4 = s.bottom2 and s.neg1 <> 4 then 4 when s.st5 = s.bottom2 and s.neg1 <> 5 then 5 when s.st6 = s.bottom2 and s.neg1 <> 6 then 6 when s.st7 = s.bottom2 and s.neg1 <> 7 then 7 when s.st8 = s.bottom2 and s.neg1 <> 8 then 8 end end as neg2,
      -- each component's code text; only the picked ones are used
      'LEAD_CLASSIFICATION ' || coalesce(s.lead_classification, 'missing') as d1,
      'EXPECTED_CLOSURE ' || case
        when s.close_days is null then 'no date'
        when s.close_days < 0 then 'overdue ' || -s.close_days || 'd'
        else 'in ' || s.close_days || 'd' end as d2,
      'FOLLOWUP ' || s.touches_window || ' touches' || case
        when s.followup_overdue then ', follow-up ' || s.followup_overdue_days || 'd overdue'
        else '' end as d3,
      'LEAD_AGE ' || s.age_days || 'd old' as d4,
      'AVG_CALL_DURATION ' || case when s.avg_call_sec is null then 'no call'
        else 'avg ' || round(s.avg_call_sec)::BIGINT || 's' end as d5,
      'OPTY_CATEGORY ' || coalesce(s.opty_category, 'missing') as d6,
      'CUSTOMER_TYPE ' || coalesce(s.customer_type, 'missing') as d7,
      'STOCK ' || case
        when s.pl is null then 'no model'
        when s.own_saleable > 0 then s.own_saleable || ' saleable'
        when s.stock_availability_band = 'elsewhere_in_district' then '0 here, in district'
        else 'none in district' end as d8
    from seconds s
  ),
  -- e.g. '+LEAD_CLASSIFICATION Hot 9/10 (+18.0)': a positive shows the points it earned;
  -- '-FOLLOWUP 0 touches 0/10 (-15.0)': a negative shows the points it missed
  points_of_picks as (
    select
      s.*,
      case s.pos1 when 1 then s.lead_classification_score when 2 then s.expected_closure_score when 3 then s.followup_score when 4 then s.lead_age_score when 5 then s.avg_call_duration_score when 6 then s.opty_category_score when 7 then s.customer_type_score else s.stock_availability_score end
        as p_pos1,
      case s.pos1 when 1 then s.w1 when 2 then s.w2 when 3 then s.w3 when 4 then s.w4 when 5 then s.w5 when 6 then s.w6 when 7 then s.w7 else s.w8 end
        as w_pos1,
      case s.pos2 when 1 then s.lead_classification_score when 2 then s.expected_closure_score when 3 then s.followup_score when 4 then s.lead_age_score when 5 then s.avg_call_duration_score when 6 then s.opty_category_score when 7 then s.customer_type_score else s.stock_availability_score end
        as p_pos2,
      case s.pos2 when 1 then s.w1 when 2 then s.w2 when 3 then s.w3 when 4 then s.w4 when 5 then s.w5 when 6 then s.w6 when 7 then s.w7 else s.w8 end
        as w_pos2,
      case s.neg1 when 1 then s.lead_classification_score when 2 then s.expected_closure_score when 3 then s.followup_score when 4 then s.lead_age_score when 5 then s.avg_call_duration_score when 6 then s.opty_category_score when 7 then s.customer_type_score else s.stock_availability_score end
        as p_neg1,
      case s.neg1 when 1 then s.w1 when 2 then s.w2 when 3 then s.w3 when 4 then s.w4 when 5 then s.w5 when 6 then s.w6 when 7 then s.w7 else s.w8 end
        as w_neg1,
      case s.neg2 when 1 then s.lead_classification_score when 2 then s.expected_closure_score when 3 then s.followup_score when 4 then s.lead_age_score when 5 then s.avg_call_duration_score when 6 then s.opty_category_score when 7 then s.customer_type_score else s.stock_availability_score end
        as p_neg2,
      case s.neg2 when 1 then s.w1 when 2 then s.w2 when 3 then s.w3 when 4 then s.w4 when 5 then s.w5 when 6 then s.w6 when 7 then s.w7 else s.w8 end
        as w_neg2
    from picked s
  ),
  coded as (
    select
      s.*,
      []::VARCHAR[]
      || case when s.pos1 is null then [] else ['+' || case s.pos1 when 1 then s.d1 when 2 then s.d2
        when 3 then s.d3 when 4 then s.d4 when 5 then s.d5 when 6 then s.d6 when 7 then s.d7
        else s.d8 end || ' ' || case when s.p_pos1 = trunc(s.p_pos1)
          then s.p_pos1::BIGINT::VARCHAR else s.p_pos1::DECIMAL(8, 1)::VARCHAR end
        || '/10 (+' || (s.w_pos1 * s.p_pos1 / 10)::DECIMAL(8, 1) || ')'] end
      || case when s.pos2 is null then [] else ['+' || case s.pos2 when 1 then s.d1 when 2 then s.d2
        when 3 then s.d3 when 4 then s.d4 when 5 then s.d5 when 6 then s.d6 when 7 then s.d7
        else s.d8 end || ' ' || case when s.p_pos2 = trunc(s.p_pos2)
          then s.p_pos2::BIGINT::VARCHAR else s.p_pos2::DECIMAL(8, 1)::VARCHAR end
        || '/10 (+' || (s.w_pos2 * s.p_pos2 / 10)::DECIMAL(8, 1) || ')'] end
      || case when s.neg1 is null then [] else ['-' || case s.neg1 when 1 then s.d1 when 2 then s.d2
        when 3 then s.d3 when 4 then s.d4 when 5 then s.d5 when 6 then s.d6 when 7 then s.d7
        else s.d8 end || ' ' || case when s.p_neg1 = trunc(s.p_neg1)
          then s.p_neg1::BIGINT::VARCHAR else s.p_neg1::DECIMAL(8, 1)::VARCHAR end
        || '/10 (-' || (s.w_neg1 * (10 - s.p_neg1) / 10)::DECIMAL(8, 1) || ')'] end
      || case when s.neg2 is null then [] else ['-' || case s.neg2 when 1 then s.d1 when 2 then s.d2
        when 3 then s.d3 when 4 then s.d4 when 5 then s.d5 when 6 then s.d6 when 7 then s.d7
        else s.d8 end || ' ' || case when s.p_neg2 = trunc(s.p_neg2)
          then s.p_neg2::BIGINT::VARCHAR else s.p_neg2::DECIMAL(8, 1)::VARCHAR end
        || '/10 (-' || (s.w_neg2 * (10 - s.p_neg2) / 10)::DECIMAL(8, 1) || ')'] end
        as component_codes
    from points_of_picks s
  )
select
  s.opty_id, s.dealer_code, s.dse_id, s.as_of_date,
  s.lead_classification_score, s.expected_closure_score, s.followup_score, s.lead_age_score,
  s.avg_call_duration_score, s.opty_category_score, s.customer_type_score,
  s.stock_availability_score, s.total_score, s.next_best_action,
  [
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
  ] else [] end as reason_codes,
  s.pending_followup_date, s.last_touch_at, s.alternative,
  -- passed through for lead_list.sql
  s.ppl, s.pl, s.stage, s.lead_classification, s.customer_type, s.created_at,
  s.expected_closure_date, s.state, s.district, s.taluka, s.customer_name, s.customer_phone,
  s.enquiry_type, s.status
from coded s
