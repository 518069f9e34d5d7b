-- score_config: the `score` section of the configuration ($cfg, JSON) parsed once per run into the
-- one row that components.sql and next_best_action.sql read (so those two have no parameter, and a
-- single rescore can run them as prepared statements without planning them again, see README
-- "DuckDB for one key").
-- $score_version names the configuration (score.ts: a hash of it).
create or replace temp table score_config as
with
  cfg as (
    select $cfg::JSON as j
  ),
  parsed as (
    select
      $score_version::VARCHAR as score_version,
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
      (j -> 'customer_type' ->> 'missing')::DOUBLE as type_missing,
      -- categorical bands: lower-cased config key -> (key as configured, points); values are matched
      -- case-insensitively on their trimmed text (config.ts refuses keys that differ only in case)
      map_from_entries(list_transform(
        json_keys(j -> 'lead_classification' -> 'values'),
        lambda k: {'key': lower(k), 'value': {'band': k, 'points': (j -> 'lead_classification' -> 'values' ->> k)::DOUBLE}}
      )) as class_points,
      map_from_entries(list_transform(
        json_keys(j -> 'opty_category' -> 'values'),
        lambda k: {'key': lower(k), 'value': {'band': k, 'points': (j -> 'opty_category' -> 'values' ->> k)::DOUBLE}}
      )) as category_points,
      map_from_entries(list_transform(
        json_keys(j -> 'customer_type' -> 'values'),
        lambda k: {'key': lower(k), 'value': {'band': k, 'points': (j -> 'customer_type' -> 'values' ->> k)::DOUBLE}}
      )) as type_points,
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
    from cfg
  )
select
  p.*,
  -- day and second bands as lookup lists, element d + 1 = index of the band of value d: the first
  -- band whose max (days, inclusive) or below (seconds, exclusive) covers d. Built once, so each
  -- row reads one list element instead of running a lambda.
  list_transform(
    range(0, coalesce(list_max(list_transform(p.close_bands, lambda b: b.max)), 0) + 2),
    lambda d: list_position(list_transform(p.close_bands, lambda b: b.max is null or b.max >= d), true)
  ) as close_lookup,
  list_transform(
    range(0, coalesce(list_max(list_transform(p.age_bands, lambda b: b.max)), 0) + 2),
    lambda d: list_position(list_transform(p.age_bands, lambda b: b.max is null or b.max >= d), true)
  ) as age_lookup,
  list_transform(
    range(0, coalesce(list_max(list_transform(p.call_bands, lambda b: b.below)), 0)::INTEGER + 2),
    lambda d: list_position(list_transform(p.call_bands, lambda b: b.below is null or d < b.below), true)
  ) as call_lookup
from parsed p
