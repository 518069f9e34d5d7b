-- Market hotspot outputs of SPEC 6 (one set of rows per as_of_date: history is kept, a rerun of a
-- date replaces only that date's rows) and the alert outbox of SPEC 7.

-- One row per dealer whose geography is known, per as_of_date.
CREATE TABLE dealer_geo (
  as_of_date DATE NOT NULL,
  dealer_code VARCHAR NOT NULL,
  state VARCHAR NOT NULL,
  district VARCHAR NOT NULL,
  taluka VARCHAR NOT NULL
);

-- One row per dealer per as_of_date: opportunities created in the current and previous window.
CREATE TABLE dealer_leads_5d (
  as_of_date DATE NOT NULL,
  dealer_code VARCHAR NOT NULL,
  leads_5d BIGINT NOT NULL,
  leads_prev_5d BIGINT NOT NULL,
  intent_5d BIGINT NOT NULL,
  intent_prev_5d BIGINT NOT NULL,
  lead_growth_pct DOUBLE NOT NULL,
  intent_growth_pct DOUBLE NOT NULL
);

-- One row per dealer per as_of_date: retail units (sum of qty) per window.
CREATE TABLE dealer_retail_5d (
  as_of_date DATE NOT NULL,
  dealer_code VARCHAR NOT NULL,
  retail_5d BIGINT NOT NULL,
  retail_prev_5d BIGINT NOT NULL,
  retail_growth_pct DOUBLE NOT NULL
);

-- One row per dealer per as_of_date: the dealer's latest stock snapshot on or before the date.
CREATE TABLE dealer_stock (
  as_of_date DATE NOT NULL,
  dealer_code VARCHAR NOT NULL,
  total_stock BIGINT NOT NULL,
  saleable_stock BIGINT NOT NULL
);

-- One row per dealer per as_of_date: geography, leads, retail and stock together.
CREATE TABLE dealer_market_features_5d (
  as_of_date DATE NOT NULL,
  dealer_code VARCHAR NOT NULL,
  state VARCHAR,
  district VARCHAR,
  taluka VARCHAR,
  leads_5d BIGINT NOT NULL,
  leads_prev_5d BIGINT NOT NULL,
  intent_5d BIGINT NOT NULL,
  intent_prev_5d BIGINT NOT NULL,
  lead_growth_pct DOUBLE NOT NULL,
  intent_growth_pct DOUBLE NOT NULL,
  retail_5d BIGINT NOT NULL,
  retail_prev_5d BIGINT NOT NULL,
  retail_growth_pct DOUBLE NOT NULL,
  total_stock BIGINT NOT NULL,
  saleable_stock BIGINT NOT NULL
);

-- One row per state/district/taluka per as_of_date, growths on the summed counts.
CREATE TABLE macro_market_hotspot_taluka_5d (
  as_of_date DATE NOT NULL,
  state VARCHAR NOT NULL,
  district VARCHAR NOT NULL,
  taluka VARCHAR NOT NULL,
  dealer_count BIGINT NOT NULL,
  leads_5d BIGINT NOT NULL,
  leads_prev_5d BIGINT NOT NULL,
  intent_5d BIGINT NOT NULL,
  intent_prev_5d BIGINT NOT NULL,
  retail_5d BIGINT NOT NULL,
  retail_prev_5d BIGINT NOT NULL,
  total_stock BIGINT NOT NULL,
  saleable_stock BIGINT NOT NULL,
  lead_growth_pct DOUBLE NOT NULL,
  intent_growth_pct DOUBLE NOT NULL,
  retail_growth_pct DOUBLE NOT NULL,
  hotspot_status VARCHAR NOT NULL -- HOTSPOT | EMERGING | STABLE | NOISE
);

-- Up to three talukas per district per as_of_date, ranked by status, then leads_5d, then name.
CREATE TABLE district_top3_talukas (
  as_of_date DATE NOT NULL,
  state VARCHAR NOT NULL,
  district VARCHAR NOT NULL,
  taluka VARCHAR NOT NULL,
  rank INTEGER NOT NULL,
  hotspot_status VARCHAR NOT NULL,
  leads_5d BIGINT NOT NULL
);

-- One row per alert key (alert type, as-of date, sorted recipients): written and committed before any
-- SMTP traffic, so a message is sent once. `raw` is the complete MIME message with its fixed Message-ID.
CREATE TABLE alert_outbox (
  alert_key VARCHAR NOT NULL, -- unique: inserted only when absent, by the one writer
  alert_type VARCHAR NOT NULL,
  as_of_date DATE NOT NULL,
  recipients VARCHAR[] NOT NULL,
  sender VARCHAR NOT NULL,
  subject VARCHAR NOT NULL,
  message_id VARCHAR NOT NULL,
  raw VARCHAR NOT NULL,
  status VARCHAR NOT NULL, -- pending | sent | failed
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error VARCHAR,
  next_attempt_at TIMESTAMP,
  accepted VARCHAR[],
  rejected VARCHAR[],
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  sent_at TIMESTAMP
);

-- SPEC 6 growth: previous 0 gives 100 when the current count is positive, else 0; rounded to 1 decimal.
CREATE MACRO growth_pct(cur, prev) AS
  CASE
    WHEN prev = 0 THEN CASE WHEN cur > 0 THEN 100.0 ELSE 0.0 END
    ELSE round(100.0 * (cur - prev) / prev, 1)
  END;
