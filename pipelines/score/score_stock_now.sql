-- score_stock_now: each dealer's latest stock snapshot on or before each as-of date of the temp
-- table score_targets. Grain: one row per (as_of_date, dealer_code, pl). Reads stock.
-- A row without a ppl takes its pl's ppl from the stock rows that have one (the smallest, should
-- they disagree), so that "same PPL at the dealer" finds it.
create or replace temp table score_stock_now as
with
  as_of_dates as (
    select distinct as_of_date from score_targets
  ),
  snapshot_days as (
    select distinct dealer_code, as_of_date as snapshot_date from stock
  ),
  stock_dealers as (
    select distinct dealer_code from snapshot_days
  ),
  dealer_snapshot as (
    select d.as_of_date, l.dealer_code, s.snapshot_date
    from as_of_dates d
    cross join stock_dealers l
    asof join snapshot_days s
      on s.dealer_code = l.dealer_code and d.as_of_date >= s.snapshot_date
  ),
  pl_ppl as (
    select pl, min(ppl) as ppl from stock where ppl is not null group by pl
  )
select
  ds.as_of_date, s.dealer_code, s.pl, coalesce(s.ppl, m.ppl) as ppl, s.saleable_qty, s.total_qty
from dealer_snapshot ds
join stock s on s.dealer_code = ds.dealer_code and s.as_of_date = ds.snapshot_date
left join pl_ppl m on m.pl = s.pl
