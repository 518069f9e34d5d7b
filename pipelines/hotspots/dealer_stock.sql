-- dealer_stock: one row per dealer with a stock snapshot on or before as-of date $as_of: the totals
-- of its latest such snapshot (every product line reported on that snapshot date). Later snapshots
-- are ignored. Reads: stock.
with

snapshots as (
  select dealer_code, max(as_of_date) as snapshot_date
  from stock
  where as_of_date <= $as_of::DATE
  group by dealer_code
)

select
  $as_of::DATE as as_of_date,
  s.dealer_code,
  sum(s.total_qty) as total_stock,
  sum(s.saleable_qty) as saleable_stock
from stock s
join snapshots n on n.dealer_code = s.dealer_code and n.snapshot_date = s.as_of_date
group by s.dealer_code
