-- Total score, next best action and reason codes (SPEC 5): one row per row of `components`
-- (components.sql, given to this query as a CTE of that name). $cfg is the score configuration.
-- Actions, first matching rule wins: FOLLOWUP_DUE, FIRST_CONTACT, TEST_DRIVE, CLOSE, STOCK_ALT,
-- REENGAGE, NURTURE. Reason codes: the action's own code first, then the two strongest positive and
-- the two strongest negative components (strength = weight x (points - 5), 5 being the middle of
-- the 0-10 scale; a positive shows the points it earned, a negative the points it missed), then
-- for STOCK_ALT the alternative offered.
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
      -- one entry per component: weighted strength, order, code with value and points
      [
        {'s': cfg.w_class * (c.lead_classification_score - 5), 'i': 1, 'w': cfg.w_class,
          'p': c.lead_classification_score, 'name': 'LEAD_CLASSIFICATION',
          'detail': coalesce(c.lead_classification, 'missing')},
        {'s': cfg.w_close * (c.expected_closure_score - 5), 'i': 2, 'w': cfg.w_close,
          'p': c.expected_closure_score, 'name': 'EXPECTED_CLOSURE',
          'detail': case
            when c.close_days is null then 'no date'
            when c.close_days < 0 then 'overdue ' || -c.close_days || 'd'
            else 'in ' || c.close_days || 'd' end},
        {'s': cfg.w_followup * (c.followup_score - 5), 'i': 3, 'w': cfg.w_followup,
          'p': c.followup_score, 'name': 'FOLLOWUP',
          'detail': c.touches_window || ' touches'
            || case when c.followup_overdue then ', follow-up ' || c.followup_overdue_days || 'd overdue'
              else '' end},
        {'s': cfg.w_age * (c.lead_age_score - 5), 'i': 4, 'w': cfg.w_age,
          'p': c.lead_age_score, 'name': 'LEAD_AGE', 'detail': c.age_days || 'd old'},
        {'s': cfg.w_call * (c.avg_call_duration_score - 5), 'i': 5, 'w': cfg.w_call,
          'p': c.avg_call_duration_score, 'name': 'AVG_CALL_DURATION',
          'detail': case when c.avg_call_sec is null then 'no call'
            else 'avg ' || round(c.avg_call_sec)::BIGINT || 's' end},
        {'s': cfg.w_category * (c.opty_category_score - 5), 'i': 6, 'w': cfg.w_category,
          'p': c.opty_category_score, 'name': 'OPTY_CATEGORY',
          'detail': coalesce(c.opty_category, 'missing')},
        {'s': cfg.w_type * (c.customer_type_score - 5), 'i': 7, 'w': cfg.w_type,
          'p': c.customer_type_score, 'name': 'CUSTOMER_TYPE',
          'detail': coalesce(c.customer_type, 'missing')},
        {'s': cfg.w_stock * (c.stock_availability_score - 5), 'i': 8, 'w': cfg.w_stock,
          'p': c.stock_availability_score, 'name': 'STOCK',
          'detail': case
            when c.pl is null then 'no model'
            when c.own_saleable > 0 then c.own_saleable || ' saleable'
            when c.stock_availability_band = 'elsewhere_in_district' then '0 here, in district'
            else 'none in district' end}
      ] as parts
    from components c, cfg
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
  || list_transform(
    list_slice(list_sort(list_filter(s.parts, lambda x: x.s > 0), 'DESC'), 1, 2),
    lambda x: '+' || x.name || ' ' || x.detail || ' '
      || regexp_replace(printf('%.1f', x.p), '\.0$', '') || '/10 ('
      || printf('%+.1f', x.w * x.p / 10) || ')'
  )
  || list_transform(
    list_slice(list_sort(list_filter(s.parts, lambda x: x.s < 0)), 1, 2),
    lambda x: '-' || x.name || ' ' || x.detail || ' '
      || regexp_replace(printf('%.1f', x.p), '\.0$', '') || '/10 ('
      || printf('%+.1f', -x.w * (10 - x.p) / 10) || ')'
  )
  || case when s.next_best_action = 'STOCK_ALT' then [
    'ALT ' || s.alternative.pl || ' at ' || s.alternative.dealer_code
      || ' (' || s.alternative.saleable || ' saleable'
      || case when s.alternative.dealer_code = s.dealer_code then ', same dealer' else '' end || ')'
  ] else [] end as reason_codes,
  s.pending_followup_date, s.last_touch_at, s.alternative
from scored s
