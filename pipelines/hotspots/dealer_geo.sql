-- dealer_geo: one row per dealer whose geography is known, for as-of date $as_of.
-- Reads: dealers, customer_pipeline.
-- A dealers row with state, district and taluka wins. Otherwise the dealer's opportunity with the
-- latest updated_at among those that carry a full geography (ties: higher stage, then larger
-- opty_id). An opportunity's geography only places its dealer; leads are never attributed by it.
with

dealer_rows as (
  select dealer_code, state, district, taluka
  from dealers
  where trim(state) <> '' and trim(district) <> '' and trim(taluka) <> ''
),

-- arg_max over (updated_at, stage rank, opty_id): one hash aggregate instead of sorting every opportunity
opportunity_rows as (
  select
    dealer_code,
    arg_max(
      [state, district, taluka],
      {
        'updated_at': updated_at,
        'stage_rank': case stage when 'C3' then 5 when 'C2' then 4 when 'C1A' then 3 when 'C1' then 2 when 'C0' then 1 else 0 end,
        'opty_id': opty_id
      }
    ) as geo
  from customer_pipeline
  -- ingestion trims values and stores an empty one as null; '' is excluded all the same
  where state <> '' and district <> '' and taluka <> ''
  group by dealer_code
),

candidates as (
  select dealer_code, state, district, taluka, 1 as source_rank from dealer_rows
  union all
  select dealer_code, geo[1], geo[2], geo[3], 2 as source_rank from opportunity_rows
)

select
  $as_of::DATE as as_of_date,
  dealer_code,
  state,
  district,
  taluka
from candidates
qualify row_number() over (partition by dealer_code order by source_rank, state, district, taluka) = 1
