-- Usable geography from the packages' raw tables (geo_office_raw, geo_latlng), names normalised by title_case.
-- geo_pincode: one row per state/district/taluka/pincode that has coordinates.
-- geo_taluka: one row per taluka with enough post offices to be a believable market.
-- Skipped: taluk "NA"/"Nil"/empty/with digits, pincodes without coordinates or outside India, and
-- pincodes more than ~1.5 degrees from their district's median position (miscoded in the package).

CREATE OR REPLACE TABLE geo_pincode AS
WITH offices AS (
  SELECT
    title_case(stateName) AS state,
    title_case(districtName) AS district,
    title_case(taluk) AS taluka,
    pincode
  FROM geo_office_raw
  WHERE taluk IS NOT NULL
    AND upper(trim(taluk)) NOT IN ('NA', 'N.A.', 'N.A', 'NIL', 'NONE', '')
    AND length(trim(taluk)) >= 3
    AND NOT regexp_matches(taluk, '[0-9]')
    AND districtName IS NOT NULL AND stateName IS NOT NULL
),
located AS (
  SELECT o.state, o.district, o.taluka, lpad(o.pincode::VARCHAR, 6, '0') AS pincode,
    round(l.lat, 6) AS lat, round(l.lng, 6) AS lng, count(*)::INTEGER AS offices
  FROM offices o
  JOIN geo_latlng l ON l.pincode = o.pincode
  WHERE l.lat BETWEEN 6 AND 37 AND l.lng BETWEEN 68 AND 98
  GROUP BY ALL
),
centre AS (
  SELECT state, district, median(lat) AS clat, median(lng) AS clng
  FROM located GROUP BY ALL
)
SELECT l.*
FROM located l
JOIN centre c USING (state, district)
WHERE abs(l.lat - c.clat) <= 1.5 AND abs(l.lng - c.clng) <= 1.5;

CREATE OR REPLACE TABLE geo_taluka AS
SELECT state, district, taluka,
  sum(offices)::INTEGER AS offices,
  count(*)::INTEGER AS pincodes,
  median(lat) AS lat, median(lng) AS lng
FROM geo_pincode
GROUP BY ALL
HAVING sum(offices) >= 5;
