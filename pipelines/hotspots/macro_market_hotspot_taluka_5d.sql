-- macro_market_hotspot_taluka_5d: one row per state/district/taluka per as-of date $as_of: sums of
-- the dealers' counts, growths on the summed counts (never averaged percentages) and the status.
-- Reads: dealer_market_features_5d (rows of $as_of; dealers without geography are left out).
with

features as (
  select * from dealer_market_features_5d
  where as_of_date = $as_of::DATE and taluka is not null
),

talukas as (
  select
    state,
    district,
    taluka,
    count(*) as dealer_count,
    sum(leads_5d)::BIGINT as leads_5d,
    sum(leads_prev_5d)::BIGINT as leads_prev_5d,
    sum(intent_5d)::BIGINT as intent_5d,
    sum(intent_prev_5d)::BIGINT as intent_prev_5d,
    sum(retail_5d)::BIGINT as retail_5d,
    sum(retail_prev_5d)::BIGINT as retail_prev_5d,
    sum(total_stock)::BIGINT as total_stock,
    sum(saleable_stock)::BIGINT as saleable_stock
  from features
  group by state, district, taluka
),

growths as (
  select
    *,
    growth_pct(leads_5d, leads_prev_5d) as lead_growth_pct,
    growth_pct(intent_5d, intent_prev_5d) as intent_growth_pct,
    growth_pct(retail_5d, retail_prev_5d) as retail_growth_pct
  from talukas
)

select
  $as_of::DATE as as_of_date,
  *,
  case
    when dealer_count < $min_dealers::INTEGER then 'NOISE'
    when leads_5d >= $min_leads::INTEGER
      and lead_growth_pct >= $lead_growth_pct::DOUBLE
      and intent_growth_pct >= $intent_growth_pct::DOUBLE
      and retail_growth_pct >= $retail_growth_pct::DOUBLE then 'HOTSPOT'
    when leads_5d >= $min_leads::INTEGER and lead_growth_pct >= $lead_growth_pct::DOUBLE then 'EMERGING'
    else 'STABLE'
  end as hotspot_status
from growths
