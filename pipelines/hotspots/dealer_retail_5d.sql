-- dealer_retail_5d: one row per dealer per as-of date $as_of: retail units (sum of qty) in the
-- current window (as-of − (window−1) … as-of) and the previous one.
-- Reads: dealers, customer_pipeline, retail, stock (for the set of dealers).
with

windows as (
  select
    $as_of::DATE as cur_end,
    $as_of::DATE - ($window_days::INTEGER - 1) as cur_start,
    $as_of::DATE - $window_days::INTEGER as prev_end,
    $as_of::DATE - (2 * $window_days::INTEGER - 1) as prev_start
),

all_dealers as (
  select dealer_code from dealers
  union select dealer_code from customer_pipeline
  union select dealer_code from retail
  union select dealer_code from stock
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
