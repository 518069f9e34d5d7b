-- opp: one row per opportunity with every attribute and its life cycle (created, closing moment, activity end).
-- Reads calendar, dealer_cum, planted_extra and catalogue lists (calendar.sql), dealer_draw, geo_pool, name lists. customer_pipeline.sql decides Won/Lost later.

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
),
all_seeds AS (
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
    AND d.k = floor(u1(e.tmp_id, 4) * d.n)::INTEGER
),
timed AS (
  SELECT *, day::TIMESTAMP + INTERVAL (32400 + floor(37800 * u1(tmp_id, 5))::INTEGER) SECOND AS created_at
  FROM all_seeds
)
-- opportunity numbers follow creation time, as a CRM's would
SELECT row_number() OVER (ORDER BY created_at, tmp_id) AS opty_no, tmp_id, dealer_no, planted_no, created_at
FROM timed;

-- Attributes and life cycle, in one pass. Each draw has its own stream number k in u1(tmp_id, k).
-- Draw keys are computed before the equi-joins (a join condition mixing both sides in an expression
-- would make DuckDB fall back to a nested-loop join).
CREATE OR REPLACE TABLE opp AS
WITH u AS (
  SELECT s.*, u1(tmp_id, 6) AS u6, u1(tmp_id, 7) AS u7, u1(tmp_id, 8) AS u8, u1(tmp_id, 9) AS u9,
    u1(tmp_id, 13) AS u13
  FROM opp_seed s
),
a AS (
  SELECT s.*, d.dealer_code, d.state AS dealer_state, d.district AS dealer_district,
    d.taluka AS dealer_taluka, d.zone_no, d.quality, d.dse_start, d.retail_push, d.no_retail,
    CASE WHEN u6 < 0.03 THEN NULL
      WHEN s.planted_no IS NOT NULL THEN
        CASE WHEN u7 < 0.35 THEN 'Hot' WHEN u7 < 0.55 THEN 'Live Deal' WHEN u7 < 0.85 THEN 'Warm' ELSE 'Cold' END
      ELSE
        CASE WHEN u7 < 0.10 THEN 'Live Deal' WHEN u7 < 0.30 THEN 'Hot' WHEN u7 < 0.62 THEN 'Warm' ELSE 'Cold' END
    END AS lead_classification,
    CASE WHEN u8 < 0.02 THEN NULL WHEN u9 < 0.70 THEN 'Retail' WHEN u9 < 0.90 THEN 'Fleet'
      ELSE 'Institutional' END AS customer_type,
    u1(s.tmp_id, 10) AS u_category,
    u1(s.tmp_id, 11) AS u_enquiry,
    getvariable('pl_by_draw')[1 + floor(u1(s.tmp_id, 12) * 1000)::INTEGER] AS pl_no,
    -- where the customer lives: the dealer's taluka, elsewhere in its district, the next district
    CASE WHEN u13 < 0.72 THEN d.taluka_pool WHEN u13 < 0.93 THEN d.district_pool
      ELSE d.neighbour_pool END AS pool_no,
    floor(u1(s.tmp_id, 14) * CASE WHEN u13 < 0.72 THEN d.taluka_pool_size
      WHEN u13 < 0.93 THEN d.district_pool_size ELSE d.neighbour_pool_size END)::INTEGER AS geo_k,
    floor(u1(s.tmp_id, 15) * d.n_dse)::BIGINT AS dse_local,
    u1(s.tmp_id, 16) < 0.01 AS dse_missing,
    1 + floor(u1(s.tmp_id, 18) * d.first_names)::INTEGER AS first_k,
    1 + floor(u1(s.tmp_id, 19) * d.last_names)::INTEGER AS last_k
  FROM u s
  JOIN dealer_draw d USING (dealer_no)
),
c AS (
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
  FROM a
),
joined AS (
  SELECT c.*,
    CASE WHEN opty_category = 'Referral' AND u_enquiry < 0.6 THEN 'Referral'
      WHEN u_enquiry < 0.32 THEN 'Walk-in' WHEN u_enquiry < 0.52 THEN 'Phone'
      WHEN u_enquiry < 0.74 THEN 'Digital' WHEN u_enquiry < 0.82 THEN 'Referral'
      WHEN u_enquiry < 0.94 THEN 'Field Activity' ELSE 'Rural Mela' END AS enquiry_type,
    g.state, g.district, g.taluka, g.pincode,
    getvariable('ppl_names')[pl_no] AS ppl,
    getvariable('pl_names')[pl_no] AS pl,
    CASE
      WHEN customer_type = 'Fleet'
        THEN getvariable('last_names')[zone_no][last_k] || ' ' || pick(getvariable('fleet_suffixes'), u1(tmp_id, 20))
      WHEN customer_type = 'Institutional'
        THEN g.taluka || ' ' || pick(getvariable('institution_suffixes'), u1(tmp_id, 20))
      ELSE getvariable('first_names')[zone_no][first_k] || ' ' || getvariable('last_names')[zone_no][last_k]
    END AS customer_name,
    -- the DSE: numbered per dealer from dse_start, diligence as in the dse table
    CASE WHEN dse_missing THEN NULL
      ELSE 'DSE-' || lpad((dse_start + dse_local + 1)::VARCHAR, 4, '0') END AS dse_id,
    round(0.5 + u2(dealer_no::BIGINT, dse_local, 11), 3) AS diligence,
    -- typical days from enquiry to decision, by intent
    CASE lead_classification WHEN 'Live Deal' THEN 6 WHEN 'Hot' THEN 12 WHEN 'Warm' THEN 22
      WHEN 'Cold' THEN 32 ELSE 25 END AS base_days,
    -- planted HOTSPOT taluka: a share of its surge converts within a couple of days
    retail_push AND u1(tmp_id, 21) < 0.3 AS quick_win,
    no_retail AS no_retail_taluka
  FROM c
  JOIN geo_pool g ON g.pool_no = c.pool_no AND g.k = c.geo_k
),
closing AS (
  SELECT j.*,
    -- days to a decision: exponential around the intent's typical cycle; a quarter of the leads
    -- linger four times longer (the stale pipeline every CRM has)
    -- the decision is taken during working hours (10:00-19:00) of its day
    greatest(created_at + INTERVAL 30 MINUTE,
      (created_at::DATE + (CASE WHEN quick_win THEN floor(3 * u1(tmp_id, 22))
        ELSE 1 + floor(-ln(1 - u1(tmp_id, 23)) * base_days * 1.2
          * CASE WHEN u1(tmp_id, 32) < 0.25 THEN 4 ELSE 1 END) END)::INTEGER)::TIMESTAMP
      + INTERVAL (36000 + floor(32400 * u1(tmp_id, 24))::INTEGER) SECOND) AS closes_at
  FROM joined j
)
SELECT
  opty_no,
  'OPTY' || lpad(opty_no::VARCHAR, 8, '0') AS opty_id,
  tmp_id, dealer_no, dealer_code, quality, created_at,
  lead_classification, customer_type, opty_category, enquiry_type, ppl, pl,
  customer_name, state, district, taluka, pincode, dse_id, diligence, base_days, quick_win, no_retail_taluka,
  closes_at,
  closes_at <= horizon() AS is_closed,
  date_diff('day', created_at::DATE, closes_at::DATE) AS close_days,
  -- open leads: activity runs to now for about half of them; the rest went quiet some time ago
  CASE WHEN closes_at <= horizon() THEN closes_at
    -- about half are worked right up to the as-of day (last update within its last 36 hours)
    WHEN u1(tmp_id, 25) < 0.55
      THEN greatest(created_at + INTERVAL 10 MINUTE, horizon() - INTERVAL (floor(129600 * u1(tmp_id, 33))::INTEGER) SECOND)
    ELSE created_at + INTERVAL (floor(date_diff('second', created_at, horizon()) * sqrt(u1(tmp_id, 26)))::BIGINT) SECOND
  END AS act_end,
  CASE WHEN u1(tmp_id, 27) < 0.08 THEN NULL
    ELSE created_at::DATE + round(base_days * (0.5 + u1(tmp_id, 28)))::INTEGER END AS expected_closure_date,
  CASE WHEN u1(tmp_id, 29) < 0.02 THEN NULL
    ELSE pick(['9', '9', '9', '9', '8', '8', '8', '7', '7', '6'], u1(tmp_id, 30))
      || lpad((hash(hash(getvariable('seed'), tmp_id, 31)) % 1000000000)::VARCHAR, 9, '0') END AS customer_phone
FROM closing;
