-- dealer_leads_5d: one row per dealer per as-of date $as_of: opportunities created in the current
-- window (as-of − (window−1) … as-of) and the previous one, all and high intent (Hot, Warm, Live Deal).
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

opportunities as (
  select
    p.dealer_code,
    p.created_at::DATE as created_date,
    coalesce(p.lead_classification in ('Hot', 'Warm', 'Live Deal'), false) as high_intent
  from customer_pipeline p, windows w
  where p.created_at >= w.prev_start and p.created_at < w.cur_end + 1
),

counts as (
  select
    o.dealer_code,
    count(*) filter (where o.created_date >= w.cur_start) as leads_5d,
    count(*) filter (where o.created_date <= w.prev_end) as leads_prev_5d,
    count(*) filter (where o.created_date >= w.cur_start and o.high_intent) as intent_5d,
    count(*) filter (where o.created_date <= w.prev_end and o.high_intent) as intent_prev_5d
  from opportunities o, windows w
  group by o.dealer_code
)

select
  $as_of::DATE as as_of_date,
  d.dealer_code,
  coalesce(c.leads_5d, 0) as leads_5d,
  coalesce(c.leads_prev_5d, 0) as leads_prev_5d,
  coalesce(c.intent_5d, 0) as intent_5d,
  coalesce(c.intent_prev_5d, 0) as intent_prev_5d,
  growth_pct(coalesce(c.leads_5d, 0), coalesce(c.leads_prev_5d, 0)) as lead_growth_pct,
  growth_pct(coalesce(c.intent_5d, 0), coalesce(c.intent_prev_5d, 0)) as intent_growth_pct
from all_dealers d
left join counts c using (dealer_code)
