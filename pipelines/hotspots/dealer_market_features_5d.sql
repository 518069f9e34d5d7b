-- dealer_market_features_5d: one row per dealer per as-of date $as_of: geography (null when
-- unknown), leads, retail and stock of that date together.
-- Reads: dealer_leads_5d, dealer_retail_5d, dealer_stock, dealer_geo (rows of $as_of).
with

leads as (select * from dealer_leads_5d where as_of_date = $as_of::DATE),
retail as (select * from dealer_retail_5d where as_of_date = $as_of::DATE),
stock as (select * from dealer_stock where as_of_date = $as_of::DATE),
geo as (select * from dealer_geo where as_of_date = $as_of::DATE)

select
  $as_of::DATE as as_of_date,
  l.dealer_code,
  g.state,
  g.district,
  g.taluka,
  l.leads_5d,
  l.leads_prev_5d,
  l.intent_5d,
  l.intent_prev_5d,
  l.lead_growth_pct,
  l.intent_growth_pct,
  coalesce(r.retail_5d, 0) as retail_5d,
  coalesce(r.retail_prev_5d, 0) as retail_prev_5d,
  coalesce(r.retail_growth_pct, 0) as retail_growth_pct,
  coalesce(s.total_stock, 0) as total_stock,
  coalesce(s.saleable_stock, 0) as saleable_stock
from leads l
left join retail r using (dealer_code)
left join stock s using (dealer_code)
left join geo g using (dealer_code)
