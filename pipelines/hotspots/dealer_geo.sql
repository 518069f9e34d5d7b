-- dealer_geo: one row per dealer whose geography is known, for as-of date $as_of.
-- Reads: dealers, customer_pipeline.
-- A dealers row with state, district and taluka wins. Otherwise the dealer's opportunity with the
-- latest updated_at among those that carry a full geography (ties: higher stage, then larger
-- opty_id). An opportunity's geography only places its dealer; leads are never attributed by it.
with

dealer_rows as (
  select dealer_code, state, district, taluka
  from dealers
  where nullif(trim(state), '') is not null
    and nullif(trim(district), '') is not null
    and nullif(trim(taluka), '') is not null
),

opportunity_rows as (
  select dealer_code, state, district, taluka
  from customer_pipeline
  where nullif(trim(state), '') is not null
    and nullif(trim(district), '') is not null
    and nullif(trim(taluka), '') is not null
  qualify row_number() over (
    partition by dealer_code
    order by
      updated_at desc,
      case stage when 'C3' then 5 when 'C2' then 4 when 'C1A' then 3 when 'C1' then 2 when 'C0' then 1 else 0 end desc,
      opty_id desc
  ) = 1
),

candidates as (
  select dealer_code, state, district, taluka, 1 as source_rank from dealer_rows
  union all
  select dealer_code, state, district, taluka, 2 as source_rank from opportunity_rows
)

select
  $as_of::DATE as as_of_date,
  dealer_code,
  state,
  district,
  taluka
from candidates
qualify row_number() over (partition by dealer_code order by source_rank, state, district, taluka) = 1
