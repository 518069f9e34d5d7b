-- district_top3_talukas: up to three rows per state/district per as-of date $as_of: talukas ranked
-- by status (HOTSPOT, EMERGING, STABLE, NOISE), then leads_5d descending, then taluka name.
-- Reads: macro_market_hotspot_taluka_5d (rows of $as_of).
with

ranked as (
  select
    state,
    district,
    taluka,
    hotspot_status,
    leads_5d,
    row_number() over (
      partition by state, district
      order by
        case hotspot_status when 'HOTSPOT' then 1 when 'EMERGING' then 2 when 'STABLE' then 3 else 4 end,
        leads_5d desc,
        taluka
    ) as rank
  from macro_market_hotspot_taluka_5d
  where as_of_date = $as_of::DATE
)

select $as_of::DATE as as_of_date, state, district, taluka, rank::INTEGER as rank, hotspot_status, leads_5d
from ranked
where rank <= $top_per_district::INTEGER
