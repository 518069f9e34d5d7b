-- Dealers, their DSEs, the customer geography pools and the planted market talukas.
-- Reads geo_taluka, geo_pincode, district_list, dealer_word, name_item, name_size. Grain: one row per dealer.

-- Districts in play: the curated SCV markets the package knows (>= 2 usable talukas), the first
-- ceil(n_dealers / 6.5) by priority, so a small data set still has several dealers per district.
CREATE OR REPLACE TABLE market_district AS
WITH known AS (
  SELECT d.state, d.district, d.zone, d.priority, count(*) AS usable_talukas
  FROM district_list d
  JOIN geo_taluka t USING (state, district)
  GROUP BY ALL
  HAVING count(*) >= 2
)
SELECT *, 60 + floor(90 * u1(state || '|' || district, 1))::INTEGER AS weight
FROM known
QUALIFY row_number() OVER (ORDER BY priority) <= greatest(3, ceil(getvariable('n_dealers') / 6.5));

-- Dealer slots: each district gets slots in proportion to its weight; slot 0 of every district is
-- filled first, then slot 1 ..., so every district has at least two dealers when there are enough.
CREATE OR REPLACE TABLE dealer_slot AS
WITH shares AS (
  SELECT *, ceil(getvariable('n_dealers') * weight / sum(weight) OVER ())::INTEGER + 2 AS slots
  FROM market_district
)
SELECT s.state, s.district, s.zone, s.priority, r.slot
FROM shares s
JOIN range(0, 2000) r(slot) ON r.slot < s.slots
QUALIFY row_number() OVER (ORDER BY r.slot, s.priority) <= getvariable('n_dealers');

-- Dealer talukas: the biggest usable talukas of the district (by post offices), about one per two
-- dealers, so most talukas have >= 2 dealers (and a few have one: those are NOISE for hotspots).
CREATE OR REPLACE TABLE market_taluka AS
WITH per_district AS (
  SELECT state, district, count(*) AS dealers,
    (count(*) + (u1(state || '|' || district, 2) < 0.4)::INTEGER) // 2 AS wanted
  FROM dealer_slot GROUP BY state, district
),
ranked AS (
  SELECT t.*, row_number() OVER (PARTITION BY t.state, t.district ORDER BY t.offices DESC, t.taluka) AS taluka_rank,
    count(*) OVER (PARTITION BY t.state, t.district) AS available
  FROM geo_taluka t
  JOIN per_district USING (state, district)
)
SELECT r.state, r.district, r.taluka, r.taluka_rank, r.lat, r.lng,
  least(greatest(p.wanted, 1), r.available) AS n_talukas
FROM ranked r
JOIN per_district p USING (state, district)
WHERE r.taluka_rank <= greatest(p.wanted, 1);

CREATE OR REPLACE TABLE dealer AS
WITH placed AS (
  SELECT s.*,
    row_number() OVER (PARTITION BY s.state, s.district ORDER BY s.slot) - 1 AS local_no
  FROM dealer_slot s
),
with_taluka AS (
  SELECT p.*, t.taluka
  FROM placed p
  JOIN (SELECT DISTINCT state, district, n_talukas FROM market_taluka) n USING (state, district)
  JOIN market_taluka t ON t.state = p.state AND t.district = p.district
    AND t.taluka_rank = p.local_no % n.n_talukas + 1
),
numbered AS (
  SELECT *, row_number() OVER (ORDER BY state, district, taluka, local_no) AS dealer_no
  FROM with_taluka
),
pins AS (
  SELECT state, district, taluka, pincode, lat, lng,
    row_number() OVER (PARTITION BY state, district, taluka ORDER BY offices DESC, pincode) - 1 AS k,
    count(*) OVER (PARTITION BY state, district, taluka) AS n_pins
  FROM geo_pincode
),
located AS (
  SELECT n.*, p.pincode,
    round(p.lat + 0.03 * (u1(n.dealer_no, 3) - 0.5), 6) AS lat,
    round(p.lng + 0.03 * (u1(n.dealer_no, 4) - 0.5), 6) AS lng
  FROM numbered n
  JOIN (SELECT DISTINCT state, district, taluka, n_pins FROM pins) c USING (state, district, taluka)
  JOIN pins p ON p.state = n.state AND p.district = n.district AND p.taluka = n.taluka
    -- the main post office of the taluka for the first dealers, other pincodes for later ones
    AND p.k = least(floor(u1(n.dealer_no, 5) * least(c.n_pins, 4))::INTEGER, c.n_pins - 1)
)
SELECT
  'D' || lpad(dealer_no::VARCHAR, 4, '0') AS dealer_code,
  pick((SELECT list(word ORDER BY k) FROM dealer_word WHERE kind = 'stem'), u1(dealer_no, 6)) || ' ' ||
    pick((SELECT list(word ORDER BY k) FROM dealer_word WHERE kind = 'suffix'), u1(dealer_no, 7)) ||
    ' (' || taluka || ')' AS dealer_name,
  state, district, taluka,
  state || CASE WHEN lng >= median(lng) OVER (PARTITION BY state) THEN ' East' ELSE ' West' END AS region,
  zone, lat, lng,
  -- internals (not written to dealers.csv)
  dealer_no, pincode,
  50 + floor(150 * u1(dealer_no, 8))::INTEGER AS lead_weight,   -- relative enquiry volume
  round(0.6 * u1(dealer_no, 9) - 0.3, 3) AS quality,              -- dealer effect on conversion (log-odds)
  3 + floor(6 * u1(dealer_no, 10))::INTEGER AS n_dse
FROM located;

ALTER TABLE dealer ADD COLUMN dse_start INTEGER;
UPDATE dealer SET dse_start = s.dse_start
FROM (SELECT dealer_no, (sum(n_dse) OVER (ORDER BY dealer_no) - n_dse)::INTEGER AS dse_start FROM dealer) s
WHERE s.dealer_no = dealer.dealer_no;

-- DSEs: 3-8 per dealer, numbered across dealers; diligence scales how often they call.
CREATE OR REPLACE TABLE dse AS
SELECT d.dealer_code, d.dealer_no, j AS dse_local,
  'DSE-' || lpad((d.dse_start + j + 1)::VARCHAR, 4, '0') AS dse_id,
  round(0.5 + u2(d.dealer_no::BIGINT, j::BIGINT, 11), 3) AS diligence
FROM dealer d
JOIN range(0, 8) r(j) ON r.j < d.n_dse;

-- Customer geography pools: a customer lives in the dealer's taluka (pool of that taluka), elsewhere
-- in its district, or in the nearest other district of the state. Pincodes repeat by post offices,
-- so busier pincodes are likelier. One row per (pool, k).
CREATE OR REPLACE TABLE district_centre AS
SELECT state, district, median(lat) AS lat, median(lng) AS lng
FROM geo_pincode
WHERE (state, district, taluka) IN (SELECT (state, district, taluka) FROM geo_taluka)
GROUP BY ALL;

CREATE OR REPLACE TABLE market_neighbour AS
SELECT m.state, m.district,
  arg_min(c.district, (c.lat - m.lat) ^ 2 + (c.lng - m.lng) ^ 2) AS neighbour
FROM district_centre m
JOIN district_centre c ON c.state = m.state AND c.district <> m.district
WHERE (m.state, m.district) IN (SELECT (state, district) FROM market_district)
GROUP BY ALL;

CREATE OR REPLACE TABLE geo_pool AS
WITH wanted_talukas AS (
  SELECT DISTINCT state, district, taluka FROM dealer
),
wanted_districts AS (
  SELECT state, district FROM market_district
  UNION
  SELECT state, neighbour FROM market_neighbour
),
usable AS (
  SELECT p.* FROM geo_pincode p
  JOIN geo_taluka t USING (state, district, taluka)
),
rows_ AS (
  SELECT 'T|' || u.state || '|' || u.district || '|' || u.taluka AS pool, u.state, u.district, u.taluka, u.pincode, u.offices
  FROM usable u JOIN wanted_talukas USING (state, district, taluka)
  UNION ALL
  SELECT 'D|' || u.state || '|' || u.district, u.state, u.district, u.taluka, u.pincode, u.offices
  FROM usable u JOIN wanted_districts USING (state, district)
)
SELECT dense_rank() OVER (ORDER BY pool)::INTEGER AS pool_no, pool, state, district, taluka, pincode,
  (row_number() OVER (PARTITION BY pool ORDER BY taluka, pincode, rep) - 1)::INTEGER AS k
FROM rows_
JOIN range(0, 1000) r(rep) ON r.rep < least(rows_.offices, 20);

CREATE OR REPLACE TABLE geo_pool_size AS
SELECT pool, pool_no, count(*)::INTEGER AS size FROM geo_pool GROUP BY ALL;

-- The planted market events (SPEC 6 hotspots need something real to find): up to four talukas with
-- >= 2 dealers, preferably in different states, chosen by the seed. Kinds, by rank:
--   1 surge with retail growing (a HOTSPOT), 2 surge, no retail and short saleable stock,
--   3 surge with excess stock, 4 surge, no retail yet excess stock (a follow-up problem).
CREATE OR REPLACE TABLE planted_taluka AS
WITH candidates AS (
  SELECT state, district, taluka, count(*) AS dealers, sum(lead_weight) AS lead_weight,
    u1(state || '|' || district || '|' || taluka, 12) AS r
  FROM dealer
  GROUP BY ALL
  HAVING count(*) >= 2
),
chosen AS (
  SELECT *, row_number() OVER (ORDER BY rank_in_state, r) AS planted_no
  FROM (SELECT *, row_number() OVER (PARTITION BY state ORDER BY r) AS rank_in_state FROM candidates)
  QUALIFY row_number() OVER (ORDER BY rank_in_state, r) <= 4
)
SELECT state, district, taluka, dealers, lead_weight, planted_no,
  planted_no = 1 AS retail_push,
  planted_no IN (2, 4) AS no_retail,
  planted_no = 2 AS short_stock,
  planted_no IN (3, 4) AS excess_stock
FROM chosen;

-- Per dealer, everything the opportunity draws need in one row (one join per opportunity): its
-- geography, DSE numbering, planted flags, its three customer pools and the sizes of the name lists.
CREATE OR REPLACE TABLE dealer_draw AS
SELECT d.dealer_no, d.dealer_code, d.state, d.district, d.taluka, d.quality, d.n_dse, d.dse_start,
  z.zone_no,
  coalesce(pt.retail_push, FALSE) AS retail_push,
  coalesce(pt.no_retail, FALSE) AS no_retail,
  t.pool_no AS taluka_pool, t.size AS taluka_pool_size,
  w.pool_no AS district_pool, w.size AS district_pool_size,
  coalesce(nb.pool_no, w.pool_no) AS neighbour_pool, coalesce(nb.size, w.size) AS neighbour_pool_size,
  fs.size AS first_names, ls.size AS last_names
FROM dealer d
JOIN (SELECT zone, row_number() OVER (ORDER BY zone) AS zone_no FROM (SELECT DISTINCT zone FROM name_item)) z USING (zone)
JOIN geo_pool_size t ON t.pool = 'T|' || d.state || '|' || d.district || '|' || d.taluka
JOIN geo_pool_size w ON w.pool = 'D|' || d.state || '|' || d.district
LEFT JOIN market_neighbour n ON n.state = d.state AND n.district = d.district
LEFT JOIN geo_pool_size nb ON nb.pool = 'D|' || n.state || '|' || n.neighbour
LEFT JOIN planted_taluka pt ON pt.state = d.state AND pt.district = d.district AND pt.taluka = d.taluka
JOIN name_size fs ON fs.kind = 'first' AND fs.zone = d.zone
JOIN name_size ls ON ls.kind = 'last' AND ls.zone = d.zone;

-- Name lists per zone (in zone order, as zone_no above) for list lookups instead of joins.
SET VARIABLE first_names = (SELECT list(words ORDER BY zone) FROM (
  SELECT zone, list(word ORDER BY k) AS words FROM name_item WHERE kind = 'first' GROUP BY zone));

SET VARIABLE last_names = (SELECT list(words ORDER BY zone) FROM (
  SELECT zone, list(word ORDER BY k) AS words FROM name_item WHERE kind = 'last' GROUP BY zone));
