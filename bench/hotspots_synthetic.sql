-- A synthetic warehouse for the hotspot benchmark when the foundation's demo warehouse is absent:
-- $n opportunities over 600 dealers (the first 400 placed by a dealers row, the rest only through
-- their opportunities' geography) in 300 talukas, a year up to $as_of, retail for about one in ten,
-- and daily stock snapshots of 8 product lines for the last 120 days. Pseudo-random by hash().
insert into dealers (dealer_code, dealer_name, state, district, taluka)
select 'D' || lpad(i::VARCHAR, 4, '0'), 'Dealer ' || i, 'State ' || (i % 10),
  'District ' || (i % 100), 'Taluka ' || (i % 300)
from range(400) t(i);

insert into customer_pipeline (opty_id, dealer_code, created_at, updated_at, stage, status,
  lead_classification, state, district, taluka)
with base as (
  select i, i % 600 as d, (hash(i, 'a') % 1000)::BIGINT as r1, (hash(i, 'b') % 1000)::BIGINT as r2,
    (hash(i, 'c') % 365)::BIGINT as age
  from range($n::BIGINT) t(i)
)
select 'OP' || lpad(i::VARCHAR, 8, '0'), 'D' || lpad(d::VARCHAR, 4, '0'),
  $as_of::DATE - age::INTEGER + interval 10 hour,
  $as_of::DATE - age::INTEGER + interval 10 hour + interval (r2 % 30) day,
  ['C0', 'C1', 'C1A', 'C2', 'C3'][1 + r2 % 5],
  ['Open', 'Open', 'Won', 'Lost'][1 + r1 % 4],
  ['Hot', 'Warm', 'Cold', 'Live Deal', null][1 + r1 % 5],
  'State ' || (d % 10), 'District ' || (d % 100), 'Taluka ' || ((d + r1 % 2) % 300)
from base;

insert into retail (invoice_id, dealer_code, retail_date, opty_id, qty)
select 'INV' || opty_id, dealer_code, updated_at::DATE, opty_id, 1 + (hash(opty_id) % 2)::INTEGER
from customer_pipeline where status = 'Won' and hash(opty_id, 'r') % 3 = 0;

insert into stock (dealer_code, pl, as_of_date, total_qty, saleable_qty)
select 'D' || lpad(d::VARCHAR, 4, '0'), 'PL ' || p, $as_of::DATE - k::INTEGER,
  (hash(d, p, k) % 12)::INTEGER, (hash(d, p, k) % 12)::INTEGER // 2
from range(600) a(d), range(8) b(p), range(120) c(k);
