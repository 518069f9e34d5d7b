-- retail: one row per invoice, one per Won opportunity, on the day it was won. Reads opp_outcome.
CREATE OR REPLACE VIEW retail AS
SELECT 'INV' || lpad(opty_no::VARCHAR, 8, '0') AS invoice_id, dealer_code, act_end::DATE AS retail_date,
  opty_id, ppl, pl, 1 AS qty
FROM opp_outcome
WHERE status = 'Won';
