-- customer_journey (a view, computed while written out): one row per event of an opportunity, consistent with its stage and status.
-- Reads opp_outcome. enquiry at created_at; test_drive (for most C1+), quotation (C1A+), booking (C2+)
-- at increasing fractions of the created_at .. updated_at span; invoice (Won) and lost (Lost) at updated_at.

CREATE OR REPLACE VIEW customer_journey AS
WITH o AS (
  SELECT opty_no, opty_id, created_at, act_end, stage_no, status, enquiry_type, pl, lost_reason,
    date_diff('second', created_at, act_end) AS span_sec
  FROM opp_outcome
),
events AS (
  SELECT opty_no, opty_id, 1 AS seq, 'enquiry' AS event_type, created_at AS event_at,
    enquiry_type || ' enquiry' AS detail
  FROM o
  UNION ALL
  SELECT opty_no, opty_id, 2, 'test_drive',
    created_at + INTERVAL (floor(span_sec * (0.10 + 0.25 * u1(opty_no, 70)))::BIGINT) SECOND, 'Test drive of ' || pl
  FROM o WHERE stage_no >= 1 AND u1(opty_no, 71) < 0.85
  UNION ALL
  SELECT opty_no, opty_id, 3, 'quotation',
    created_at + INTERVAL (floor(span_sec * (0.40 + 0.20 * u1(opty_no, 72)))::BIGINT) SECOND, 'Quotation for ' || pl
  FROM o WHERE stage_no >= 2
  UNION ALL
  SELECT opty_no, opty_id, 4, 'booking',
    created_at + INTERVAL (floor(span_sec * (0.65 + 0.25 * u1(opty_no, 73)))::BIGINT) SECOND, 'Booking amount received'
  FROM o WHERE stage_no >= 3
  UNION ALL
  SELECT opty_no, opty_id, 5, 'invoice', act_end, 'Invoiced: ' || pl
  FROM o WHERE status = 'Won'
  UNION ALL
  SELECT opty_no, opty_id, 6, 'lost', act_end, 'Lost: ' || lost_reason
  FROM o WHERE status = 'Lost'
)
SELECT 'EV' || lpad(opty_no::VARCHAR, 8, '0') || seq AS event_id, opty_id, event_type, event_at, detail,
  opty_no, seq
FROM events;
