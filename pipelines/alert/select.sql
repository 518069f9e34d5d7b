-- Alert candidates (SPEC 7): the top $top_n HOTSPOT and EMERGING talukas of as-of date $as_of, one row
-- each, with the priority, the flags the reasons are made of, and the taluka's dealers with leads.
-- Reads: macro_market_hotspot_taluka_5d, dealer_market_features_5d, dealers (rows of $as_of).
with

candidates as (
  select *
  from macro_market_hotspot_taluka_5d
  where as_of_date = $as_of::DATE and hotspot_status in ('HOTSPOT', 'EMERGING')
),

prioritised as (
  select
    *,
    (case when hotspot_status = 'HOTSPOT' then 50 else 30 end)
      + least(greatest(lead_growth_pct, 0), 200) / 10
      + least(greatest(intent_growth_pct, 0), 200) / 10
      + (case when retail_5d = 0 then 15 else 0 end)
      - (case when total_stock > 2 * leads_5d then 10 else 0 end) as priority,
    retail_5d = 0 as retail_gap,
    total_stock > 2 * leads_5d as excess_stock
  from candidates
),

top_talukas as (
  select
    *,
    -- priorities are sums of 1-decimal growths / 10: compare them at 6 decimals so float noise cannot break a tie
    row_number() over (
      order by round(priority, 6) desc, leads_5d desc, state, district, taluka
    ) as rank
  from prioritised
  qualify rank <= $top_n::INTEGER
),

taluka_dealers as (
  select
    f.state,
    f.district,
    f.taluka,
    list(coalesce(nullif(trim(d.dealer_name), ''), f.dealer_code) order by f.leads_5d desc, f.dealer_code)
      filter (where f.leads_5d > 0) as dealers
  from dealer_market_features_5d f
  join top_talukas t on t.state = f.state and t.district = f.district and t.taluka = f.taluka
  left join (select distinct on (dealer_code) dealer_code, dealer_name from dealers) d
    on d.dealer_code = f.dealer_code
  where f.as_of_date = $as_of::DATE
  group by f.state, f.district, f.taluka
)

select
  t.rank::INTEGER as rank,
  t.state,
  t.district,
  t.taluka,
  t.hotspot_status,
  round(t.priority, 1) as priority,
  t.dealer_count,
  t.leads_5d,
  t.leads_prev_5d,
  t.intent_5d,
  t.intent_prev_5d,
  t.retail_5d,
  t.retail_prev_5d,
  t.total_stock,
  t.saleable_stock,
  t.lead_growth_pct,
  t.intent_growth_pct,
  t.retail_growth_pct,
  t.retail_gap,
  t.excess_stock,
  coalesce(d.dealers, []::VARCHAR[]) as dealers
from top_talukas t
left join taluka_dealers d on d.state = t.state and d.district = t.district and d.taluka = t.taluka
order by t.rank
