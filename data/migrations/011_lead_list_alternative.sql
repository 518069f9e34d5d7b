-- lead_list keeps, instead of all the reason codes (JSON text since migration 010), only what the
-- Today page's message needs from them: the model offered instead (the PL named by STOCK_ALT's
-- `ALT <pl> at <dealer> (n saleable…)` code), null for every other action. The lead page reads the
-- reason codes from scv_customer_score. Writing the codes here cost ~1.4 s or more of a full run
-- at 1M open opportunities. The rows are kept, in their order; lead_list_source is cleared, so that
-- the next score run compares lead_list with what it would write instead of trusting it (a row
-- this cannot read, e.g. a dealer code with a space, gets null until then).
CREATE TABLE lead_list_alt AS
SELECT * REPLACE (
  CASE WHEN next_best_action = 'STOCK_ALT' THEN nullif(regexp_extract(
    list_filter(from_json(reason_codes, '["VARCHAR"]'), lambda r: r LIKE 'ALT %')[1],
    '^ALT (.+) at \S+ \(\d+ saleable', 1
  ), '') END AS reason_codes
)
FROM lead_list;
DROP TABLE lead_list;
ALTER TABLE lead_list_alt RENAME TO lead_list;
ALTER TABLE lead_list RENAME COLUMN reason_codes TO alternative;
CREATE INDEX lead_list_opty_id ON lead_list (opty_id);
DELETE FROM lead_list_source;
