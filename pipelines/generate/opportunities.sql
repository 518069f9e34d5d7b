-- opp: one row per opportunity with every attribute and its life cycle (created, closing moment, activity end).
-- Reads calendar, dealer_cum, product_cum, planted_extra (calendar.sql), dealer, dse, geo_pool, name_item. customer_pipeline.sql decides Won/Lost later.

-- Base enquiries: a day by the calendar's weights, a dealer by its size.
CREATE OR REPLACE TABLE opp_seed AS
WITH draws AS (
  SELECT i AS tmp_id,
    floor(u1(i, 1) * getvariable('day_total'))::BIGINT AS day_draw,
    floor(u1(i, 2) * getvariable('dealer_total'))::BIGINT AS dealer_draw
  FROM range(1, getvariable('n_base') + 1) t(i)
),
dated AS (
  SELECT d.tmp_id, d.dealer_draw, c.day FROM draws d ASOF JOIN calendar c ON d.day_draw >= c.cum_start
)
SELECT x.tmp_id, x.day, dc.dealer_no, NULL::INTEGER AS planted_no
FROM dated x ASOF JOIN dealer_cum dc ON x.dealer_draw >= dc.cum_start
UNION ALL
-- Planted enquiries: the dealers of the planted taluka, the last 5 days, leaning to the latest.
SELECT tmp_id, (getvariable('as_of') - floor(5 * pow(u1(tmp_id, 3), 1.3))::INTEGER)::DATE AS day,
  dealer_no, planted_no
FROM (
  SELECT getvariable('n_base') + row_number() OVER (ORDER BY p.planted_no, r.j) AS tmp_id,
    p.planted_no, r.j, p.state, p.district, p.taluka
  FROM planted_extra p JOIN range(0, 100000) r(j) ON r.j < p.extra_leads
) e
JOIN (
  SELECT state, district, taluka, dealer_no,
    row_number() OVER (PARTITION BY state, district, taluka ORDER BY dealer_no) - 1 AS k,
    count(*) OVER (PARTITION BY state, district, taluka) AS n
  FROM dealer
) d ON d.state = e.state AND d.district = e.district AND d.taluka = e.taluka
  AND d.k = floor(u1(e.tmp_id, 4) * d.n)::INTEGER;

-- Attributes. Each draw has its own stream number k in u1(tmp_id, k).
CREATE OR REPLACE TABLE opp_attr AS
SELECT
  s.tmp_id, s.planted_no, d.dealer_no, d.dealer_code, d.state AS dealer_state, d.district AS dealer_district,
  d.taluka AS dealer_taluka, d.zone, d.quality, d.n_dse,
  s.day::TIMESTAMP + INTERVAL (32400 + floor(37800 * u1(s.tmp_id, 5))::INTEGER) SECOND AS created_at,
  CASE WHEN u1(s.tmp_id, 6) < 0.03 THEN NULL
    WHEN s.planted_no IS NOT NULL THEN
      CASE WHEN u1(s.tmp_id, 7) < 0.35 THEN 'Hot' WHEN u1(s.tmp_id, 7) < 0.55 THEN 'Live Deal'
        WHEN u1(s.tmp_id, 7) < 0.85 THEN 'Warm' ELSE 'Cold' END
    ELSE
      CASE WHEN u1(s.tmp_id, 7) < 0.10 THEN 'Live Deal' WHEN u1(s.tmp_id, 7) < 0.30 THEN 'Hot'
        WHEN u1(s.tmp_id, 7) < 0.62 THEN 'Warm' ELSE 'Cold' END
  END AS lead_classification,
  CASE WHEN u1(s.tmp_id, 8) < 0.02 THEN NULL WHEN u1(s.tmp_id, 9) < 0.70 THEN 'Retail'
    WHEN u1(s.tmp_id, 9) < 0.90 THEN 'Fleet' ELSE 'Institutional' END AS customer_type,
  u1(s.tmp_id, 10) AS u_category,
  u1(s.tmp_id, 11) AS u_enquiry,
  floor(u1(s.tmp_id, 12) * 1000)::INTEGER AS product_draw,
  u1(s.tmp_id, 13) AS u_geo,
  u1(s.tmp_id, 14) AS u_geo_k,
  floor(u1(s.tmp_id, 15) * d.n_dse)::INTEGER AS dse_local,
  u1(s.tmp_id, 16) < 0.01 AS dse_missing
FROM opp_seed s
JOIN dealer d USING (dealer_no);

CREATE OR REPLACE TABLE opp_cat AS
SELECT a.*,
  CASE WHEN u1(tmp_id, 17) < 0.03 THEN NULL
    WHEN customer_type = 'Fleet' THEN
      CASE WHEN u_category < 0.35 THEN 'Repeat Purchase' WHEN u_category < 0.60 THEN 'Additional Vehicle'
        WHEN u_category < 0.70 THEN 'Referral' WHEN u_category < 0.80 THEN 'Exchange'
        WHEN u_category < 0.90 THEN 'First-time Buyer' ELSE 'Finance Scheme' END
    ELSE
      CASE WHEN u_category < 0.42 THEN 'First-time Buyer' WHEN u_category < 0.52 THEN 'Repeat Purchase'
        WHEN u_category < 0.65 THEN 'Referral' WHEN u_category < 0.77 THEN 'Exchange'
        WHEN u_category < 0.90 THEN 'Finance Scheme' ELSE 'Additional Vehicle' END
  END AS opty_category
FROM opp_attr a;

CREATE OR REPLACE TABLE opp_e AS
  SELECT c.*,
    CASE WHEN opty_category = 'Referral' AND u_enquiry < 0.6 THEN 'Referral'
      WHEN u_enquiry < 0.32 THEN 'Walk-in' WHEN u_enquiry < 0.52 THEN 'Phone'
      WHEN u_enquiry < 0.74 THEN 'Digital' WHEN u_enquiry < 0.82 THEN 'Referral'
      WHEN u_enquiry < 0.94 THEN 'Field Activity' ELSE 'Rural Mela' END AS enquiry_type,
    CASE WHEN u_geo < 0.72 THEN 'T|' || dealer_state || '|' || dealer_district || '|' || dealer_taluka
      WHEN u_geo < 0.93 THEN 'D|' || dealer_state || '|' || dealer_district
      ELSE 'D|' || dealer_state || '|' || n.neighbour END AS pool
  FROM opp_cat c
  LEFT JOIN market_neighbour n ON n.state = c.dealer_state AND n.district = c.dealer_district;

-- (draw keys are computed before the equi-joins: a join condition that mixes both sides in an
-- expression would make DuckDB fall back to a nested-loop join)
CREATE OR REPLACE TABLE opp_geo AS
WITH keyed AS (
  SELECT e.*, floor(e.u_geo_k * z.size)::INTEGER AS geo_k
  FROM opp_e e
  JOIN geo_pool_size z ON z.pool = e.pool
)
SELECT keyed.*, g.state, g.district, g.taluka, g.pincode
FROM keyed
JOIN geo_pool g ON g.pool = keyed.pool AND g.k = keyed.geo_k;

CREATE OR REPLACE TABLE opp_prod AS
SELECT g.*, p.ppl, p.pl, p.pl_no
FROM opp_geo g
JOIN product_draw d ON d.draw = g.product_draw
JOIN product p ON p.pl_no = d.pl_no;

CREATE OR REPLACE TABLE opp_named AS
WITH keyed AS (
  SELECT p.*,
    floor(u1(p.tmp_id, 18) * fs.size)::INTEGER AS first_k,
    floor(u1(p.tmp_id, 19) * ls.size)::INTEGER AS last_k
  FROM opp_prod p
  JOIN name_size fs ON fs.kind = 'first' AND fs.zone = p.zone
  JOIN name_size ls ON ls.kind = 'last' AND ls.zone = p.zone
)
SELECT keyed.*,
  CASE
    WHEN customer_type = 'Fleet' THEN ln.word || ' ' || pick(getvariable('fleet_suffixes'), u1(tmp_id, 20))
    WHEN customer_type = 'Institutional' THEN keyed.taluka || ' ' || pick(getvariable('institution_suffixes'), u1(tmp_id, 20))
    ELSE fn.word || ' ' || ln.word
  END AS customer_name
FROM keyed
JOIN name_item fn ON fn.kind = 'first' AND fn.zone = keyed.zone AND fn.k = keyed.first_k
JOIN name_item ln ON ln.kind = 'last' AND ln.zone = keyed.zone AND ln.k = keyed.last_k;

-- Life cycle: when the decision comes (if before the as-of "now", the opportunity is closed), and
-- until when there is activity (calls, events, updated_at). Numbered by creation time.
CREATE OR REPLACE TABLE opp AS
WITH life AS (
  SELECT n.*,
    -- typical days from enquiry to decision, by intent
    CASE lead_classification WHEN 'Live Deal' THEN 6 WHEN 'Hot' THEN 12 WHEN 'Warm' THEN 22
      WHEN 'Cold' THEN 32 ELSE 25 END AS base_days,
    -- planted HOTSPOT taluka: a share of its surge converts within a couple of days
    coalesce(pt.retail_push AND u1(tmp_id, 21) < 0.3, FALSE) AS quick_win,
    coalesce(pt.no_retail, FALSE) AS no_retail_taluka
  FROM opp_named n
  LEFT JOIN planted_taluka pt ON pt.state = n.dealer_state AND pt.district = n.dealer_district
    AND pt.taluka = n.dealer_taluka
),
closing AS (
  SELECT l.*,
    -- days to a decision: exponential around the intent's typical cycle; a quarter of the leads
    -- linger four times longer (the stale pipeline every CRM has)
    created_at + INTERVAL (CASE WHEN quick_win THEN floor(2.5 * 86400 * u1(tmp_id, 22))::BIGINT
      ELSE (1 + floor(-ln(1 - u1(tmp_id, 23)) * base_days * 1.2
        * CASE WHEN u1(tmp_id, 32) < 0.25 THEN 4 ELSE 1 END))::BIGINT * 86400
        + floor(28800 * u1(tmp_id, 24))::BIGINT - 14400
    END) SECOND AS closes_at,
    row_number() OVER (ORDER BY created_at, tmp_id) AS opty_no
  FROM life l
)
SELECT
  c.opty_no,
  'OPTY' || lpad(c.opty_no::VARCHAR, 8, '0') AS opty_id,
  c.*  EXCLUDE (opty_no),
  CASE WHEN dse_missing THEN NULL ELSE x.dse_id END AS dse_id,
  x.diligence,
  closes_at <= horizon() AS is_closed,
  date_diff('day', created_at::DATE, closes_at::DATE) AS close_days,
  -- open leads: activity runs to now for about half of them; the rest went quiet some time ago
  CASE WHEN closes_at <= horizon() THEN closes_at
    WHEN u1(tmp_id, 25) < 0.55 THEN horizon()
    ELSE created_at + INTERVAL (floor(date_diff('second', created_at, horizon()) * sqrt(u1(tmp_id, 26)))::BIGINT) SECOND
  END AS act_end,
  CASE WHEN u1(tmp_id, 27) < 0.08 THEN NULL
    ELSE created_at::DATE + round(base_days * (0.5 + u1(tmp_id, 28)))::INTEGER END AS expected_closure_date,
  CASE WHEN u1(tmp_id, 29) < 0.02 THEN NULL
    ELSE (CASE WHEN u1(tmp_id, 30) < 0.40 THEN '9' WHEN u1(tmp_id, 30) < 0.65 THEN '8'
      WHEN u1(tmp_id, 30) < 0.90 THEN '7' ELSE '6' END)
      || lpad((hash(hash(getvariable('seed'), tmp_id, 31)) % 1000000000)::VARCHAR, 9, '0') END AS customer_phone
FROM closing c
JOIN dse x ON x.dealer_no = c.dealer_no AND x.dse_local = c.dse_local;
