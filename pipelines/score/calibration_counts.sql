-- Outcome counts per combination of bands: one row per (holdout side, band of each component),
-- with the current configuration's points, won and lost counts. Reads the temp tables
-- score_targets (calibration_targets.sql) and calibration_components (components.sql over them).
select
  t.is_test,
  c.lead_classification_band, c.expected_closure_band, c.followup_band, c.lead_age_band,
  c.avg_call_duration_band, c.opty_category_band, c.customer_type_band, c.stock_availability_band,
  c.lead_classification_score, c.expected_closure_score, c.followup_score, c.lead_age_score,
  c.avg_call_duration_score, c.opty_category_score, c.customer_type_score,
  c.stock_availability_score,
  count(*) filter (where t.won) as won,
  count(*) filter (where not t.won) as lost
from calibration_components c
join score_targets t on t.opty_id = c.opty_id
group by all
