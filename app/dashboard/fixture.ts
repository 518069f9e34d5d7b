// A small, hand-checkable warehouse for the dashboard and hotspot tests (and the browser tests):
// three dealers in two states, 60 opportunities, 30 days of retail, two as-of dates of hotspots.
import type { DuckDBConnection } from '@duckdb/node-api'
import { addDays } from '../../data/dates.ts'

export const AS_OF = '2026-11-23'
export const DEALERS = [
  {
    dealer_code: 'D1',
    dealer_name: 'Pune Motors',
    state: 'Maharashtra',
    district: 'Pune',
    taluka: 'Haveli',
    lat: 18.5,
    lng: 73.9,
  },
  {
    dealer_code: 'D2',
    dealer_name: 'Nashik Wheels',
    state: 'Maharashtra',
    district: 'Nashik',
    taluka: 'Nashik',
    lat: 20.0,
    lng: 73.8,
  },
  {
    dealer_code: 'D3',
    dealer_name: 'Surat Auto',
    state: 'Gujarat',
    district: 'Surat',
    taluka: 'Choryasi',
    lat: 21.2,
    lng: 72.8,
  },
]
const STAGES = ['C0', 'C1', 'C1A', 'C2', 'C3']
const CLASSES = ['Hot', 'Warm', 'Cold', 'Live Deal', null]
const TYPES = ['Walk-in', 'Digital', 'Referral']
const PPLS = ['ACE', 'INTRA', 'YODHA']

export interface FixtureOpty {
  opty_id: string
  dealer_code: string
  dse_id: string
  created_at: string
  stage: string
  status: string
  lead_classification: string | null
  enquiry_type: string
  ppl: string
  customer_name: string
  total_score: number
  state: string
  district: string
}

/** 60 opportunities, deterministic; every 4th is closed (C3 ones Won, others Lost), the rest open. */
export const OPTYS: FixtureOpty[] = Array.from({ length: 60 }, (_, i) => {
  const dealer = DEALERS[i % 3]
  const stage = STAGES[(i * 7) % 5]
  const closed = i % 4 === 3 || stage === 'C3'
  return {
    opty_id: `OP${String(i + 1).padStart(4, '0')}`,
    dealer_code: dealer.dealer_code,
    dse_id: `${dealer.dealer_code}-E${i % 2}`,
    created_at: `${addDays(AS_OF, -((i * 11) % 80))} 10:00:00`,
    stage,
    status: closed ? (stage === 'C3' ? 'Won' : 'Lost') : 'Open',
    lead_classification: CLASSES[i % 5],
    enquiry_type: TYPES[i % 3],
    ppl: PPLS[(i >> 1) % 3],
    customer_name: `Customer ${i + 1}`,
    // distinct scores, not in id order
    total_score: ((i * 37) % 75) + 20 + (i % 10) / 10,
    state: dealer.state,
    district: dealer.district,
  }
})
export const OPEN = OPTYS.filter((o) => o.status === 'Open')

const q = (v: string | number | null) =>
  v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${v.replace(/'/g, "''")}'`
const values = (rows: (string | number | null)[][]) =>
  rows.map((r) => `(${r.map(q).join(', ')})`).join(',\n')

/** The read table the score engine builds; created here only if no migration made it. */
const LEAD_LIST = `CREATE TABLE IF NOT EXISTS lead_list (
  opty_id VARCHAR, dealer_code VARCHAR, dse_id VARCHAR, customer_name VARCHAR, customer_phone VARCHAR,
  ppl VARCHAR, pl VARCHAR, stage VARCHAR, status VARCHAR, lead_classification VARCHAR,
  enquiry_type VARCHAR, customer_type VARCHAR, state VARCHAR, district VARCHAR, taluka VARCHAR,
  created_at TIMESTAMP, expected_closure_date DATE, total_score DOUBLE, next_best_action VARCHAR,
  alternative VARCHAR, pending_followup_date DATE, last_touch_at TIMESTAMP, as_of_date DATE)`

/** Retail units per day of the 30 days to AS_OF: day k (0 = AS_OF) has (k % 3) units at D(k % 3 + 1). */
export const RETAIL = Array.from({ length: 30 }, (_, k) => ({
  invoice_id: `INV${k}`,
  dealer_code: `D${(k % 3) + 1}`,
  retail_date: addDays(AS_OF, -k),
  qty: k % 3,
})).filter((r) => r.qty > 0)

/** Talukas of two as-of dates: the day before and AS_OF. */
export const TALUKAS = [
  ['Maharashtra', 'Pune', 'Haveli', 'HOTSPOT', 12, 6],
  ['Maharashtra', 'Pune', 'Mulshi', 'EMERGING', 8, 5],
  ['Maharashtra', 'Nashik', 'Nashik', 'STABLE', 6, 6],
  ['Gujarat', 'Surat', 'Choryasi', 'NOISE', 3, 3],
] as const

export async function seedDashboard(conn: DuckDBConnection): Promise<void> {
  await conn.run(LEAD_LIST)
  await conn.run(`INSERT INTO dealers (dealer_code, dealer_name, state, district, taluka, lat, lng) VALUES
    ${values(DEALERS.map((d) => [d.dealer_code, d.dealer_name, d.state, d.district, d.taluka, d.lat, d.lng]))}`)
  await conn.run(`INSERT INTO customer_pipeline (opty_id, dealer_code, dse_id, created_at, updated_at,
      stage, status, lead_classification, enquiry_type, ppl, customer_name, state, district) VALUES
    ${values(OPTYS.map((o) => [o.opty_id, o.dealer_code, o.dse_id, o.created_at, o.created_at, o.stage, o.status, o.lead_classification, o.enquiry_type, o.ppl, o.customer_name, o.state, o.district]))}`)
  await conn.run(`INSERT INTO lead_list (opty_id, dealer_code, dse_id, customer_name, ppl, stage,
      status, lead_classification, enquiry_type, state, district, created_at, total_score,
      next_best_action, as_of_date)
    SELECT *, 'NURTURE', DATE '${AS_OF}' FROM (VALUES
    ${values(OPEN.map((o) => [o.opty_id, o.dealer_code, o.dse_id, o.customer_name, o.ppl, o.stage, o.status, o.lead_classification, o.enquiry_type, o.state, o.district, o.created_at, o.total_score]))})`)
  await conn.run(`INSERT INTO retail (invoice_id, dealer_code, retail_date, qty) VALUES
    ${values(RETAIL.map((r) => [r.invoice_id, r.dealer_code, r.retail_date, r.qty]))}`)
  for (const [n, date] of [addDays(AS_OF, -1), AS_OF].entries()) {
    await conn.run(`INSERT INTO dealer_geo VALUES
      ${values(DEALERS.map((d) => [date, d.dealer_code, d.state, d.district, d.taluka]))}`)
    await conn.run(`INSERT INTO macro_market_hotspot_taluka_5d VALUES
      ${values(TALUKAS.map(([state, district, taluka, status, leads, prev]) => [date, state, district, taluka, 2, leads - 1 + n, prev, leads - 3, prev - 2, 0, 1, 4, 2, 100, 50, -100, status]))}`)
    await conn.run(`INSERT INTO district_top3_talukas VALUES
      ${values(TALUKAS.map(([state, district, taluka, status, leads]) => [date, state, district, taluka, taluka === 'Mulshi' ? 2 : 1, status, leads - 1 + n]))}`)
  }
}
