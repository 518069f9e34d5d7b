-- dealer_retail_5d: one row per dealer per as-of date $as_of: retail units (sum of qty) in the
-- current window (as-of − (window−1) … as-of) and the previous one.
-- Reads: retail, and dealer_leads_5d of $as_of for the set of dealers (built just before, from the
-- union of dealers, customer_pipeline, retail and stock: the same dealers, without a second scan).
with

windows as (
  select
    $as_of::DATE as cur_end,
    $as_of::DATE - ($window_days::INTEGER - 1) as cur_start,
    $as_of::DATE - $window_days::INTEGER as prev_end,
    $as_of::DATE - (2 * $window_days::INTEGER - 1) as prev_start
),

all_dealers as (
  select dealer_code from dealer_leads_5d where as_of_date = $as_of::DATE
),

units as (
  select
    r.dealer_code,
    sum(r.qty) filter (where r.retail_date >= w.cur_start) as retail_5d,
    sum(r.qty) filter (where r.retail_date <= w.prev_end) as retail_prev_5d
  from retail r, windows w
  where r.retail_date between w.prev_start and w.cur_end
  group by r.dealer_code
)

select
  $as_of::DATE as as_of_date,
  d.dealer_code,
  coalesce(u.retail_5d, 0) as retail_5d,
  coalesce(u.retail_prev_5d, 0) as retail_prev_5d,
  growth_pct(coalesce(u.retail_5d, 0), coalesce(u.retail_prev_5d, 0)) as retail_growth_pct
from all_dealers d
left join units u using (dealer_code)
