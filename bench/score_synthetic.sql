-- A synthetic warehouse for the score benchmark when the foundation's demo warehouse is absent:
-- $n opportunities over 600 dealers in 100 districts, about 3 calls and 2 journey events each,
-- 30 daily stock snapshots, as of $as_of. Pseudo-random by hash(); outcomes depend on
-- classification, customer type, calls and stock so calibration has a signal to find.
insert into dealers (dealer_code, dealer_name, state, district, taluka)
select 'D' || lpad(i::VARCHAR, 4, '0'), 'Dealer ' || i, 'State ' || (i % 10),
  'District ' || (i % 100), 'Taluka ' || (i % 300)
from range(600) t(i);

insert into customer_pipeline (opty_id, dealer_code, created_at, updated_at, stage, status, dse_id,
  lead_classification, customer_type, opty_category, enquiry_type, ppl, pl, expected_closure_date,
  customer_name, customer_phone, state, district, taluka)
with base as (
  select i, (hash(i, 'a') % 1000)::BIGINT as r1, (hash(i, 'b') % 1000)::BIGINT as r2,
    (hash(i, 'c') % 1000)::BIGINT as r3,
    (hash(i, 'd') % 1000)::BIGINT as r4, i % 600 as d
  from range($n::BIGINT) t(i)
),
typed as (
  select *,
    ['Hot', 'Warm', 'Cold', 'Live Deal', null][1 + r1 % 5] as cls,
    ['Retail', 'Fleet', 'Institutional', null][1 + r2 % 4] as ctype,
    ['ACE', 'INTRA', 'YODHA', 'MAGIC'][1 + r3 % 4] as ppl,
    (r3 // 4) % 4 as model,
    $as_of::DATE - (r4 % 365)::INTEGER as created
  from base
)
select 'OP' || lpad(i::VARCHAR, 8, '0'), 'D' || lpad(d::VARCHAR, 4, '0'),
  created + interval 10 hour, created + interval 10 hour + interval (r2 % 30) day,
  ['C0', 'C1', 'C1A', 'C2'][1 + r2 % 4],
  -- younger than 90 days: open; older: won more often when Hot/Live Deal, Fleet, early stock
  case when r4 % 365 < 90 then 'Open'
    when (case cls when 'Live Deal' then 40 when 'Hot' then 30 when 'Warm' then 15 else 5 end
      + case ctype when 'Fleet' then 20 when 'Institutional' then 10 else 0 end) > r1 % 70
      then 'Won' else 'Lost' end,
  'DSE' || (d * 5 + r1 % 5), cls, ctype,
  ['Repeat Purchase', 'Referral', 'Exchange', 'First-time Buyer', null][1 + r4 % 5],
  ['Walk-in', 'Phone', 'Digital', 'Referral'][1 + r1 % 4],
  ppl, ppl || ' Model ' || model, created + (r2 % 90)::INTEGER,
  'Customer ' || i, '98' || lpad((i % 100000000)::VARCHAR, 8, '0'),
  'State ' || (d % 10), 'District ' || (d % 100), 'Taluka ' || (d % 300)
from typed;

insert into call_log (call_id, opty_id, called_at, duration_sec, direction, outcome, next_followup_date)
select 'CL' || lpad((i * 4 + k)::VARCHAR, 10, '0'), 'OP' || lpad(i::VARCHAR, 8, '0'),
  $as_of::DATE - (hash(i, 'd') % 365)::INTEGER + (k * 3 + hash(i, k) % 3)::INTEGER + interval 11 hour,
  case when hash(i, k, 'x') % 4 = 0 then 0 else (hash(i, k, 'y') % 300)::INTEGER end,
  'outbound', 'ok',
  case when k = 2 then $as_of::DATE - (hash(i, 'd') % 365)::INTEGER + 12 end
from range($n::BIGINT) t(i), range(3) u(k)
where hash(i, k, 'z') % 10 < 9;

insert into customer_journey (event_id, opty_id, event_type, event_at)
select 'EV' || lpad((i * 2 + k)::VARCHAR, 10, '0'), 'OP' || lpad(i::VARCHAR, 8, '0'),
  ['enquiry', 'test_drive'][(1 + k)::BIGINT],
  $as_of::DATE - (hash(i, 'd') % 365)::INTEGER + (k * 5)::INTEGER + interval 12 hour
from range($n::BIGINT) t(i), range(2) u(k)
where k = 0 or hash(i, 'td') % 3 = 0;

insert into stock (dealer_code, pl, as_of_date, total_qty, saleable_qty, ppl)
select 'D' || lpad(d::VARCHAR, 4, '0'), ppl || ' Model ' || m, $as_of::DATE - day::INTEGER,
  (hash(d, m, ppl, day) % 6)::INTEGER, greatest((hash(d, m, ppl, day) % 6)::INTEGER - 2, 0), ppl
from range(600) a(d), (values ('ACE'), ('INTRA'), ('YODHA'), ('MAGIC')) b(ppl), range(4) c(m),
  range(30) e(day);
