// Test fixtures for hotspots and alerts: small source rows written straight into a warehouse.
import type { DuckDBConnection } from '@duckdb/node-api'

export interface Opp {
  id: string
  dealer: string
  created: string
  cls?: string | null
  stage?: string
  updated?: string
  state?: string | null
  district?: string | null
  taluka?: string | null
}

export async function insertDealers(
  conn: DuckDBConnection,
  dealers: [
    code: string,
    state: string | null,
    district: string | null,
    taluka: string | null,
    name?: string,
  ][],
): Promise<void> {
  for (const [code, state, district, taluka, name] of dealers)
    await conn.run(
      'insert into dealers (dealer_code, dealer_name, state, district, taluka) values ($1, $2, $3, $4, $5)',
      [code, name ?? null, state, district, taluka],
    )
}

export async function insertOpps(conn: DuckDBConnection, opps: Opp[]): Promise<void> {
  for (const o of opps)
    await conn.run(
      `insert into customer_pipeline (opty_id, dealer_code, created_at, updated_at, stage, status,
         lead_classification, state, district, taluka)
       values ($1, $2, $3::TIMESTAMP, $4::TIMESTAMP, $5, 'Open', $6, $7, $8, $9)`,
      [
        o.id,
        o.dealer,
        `${o.created} 10:00:00`,
        o.updated ?? `${o.created} 10:00:00`,
        o.stage ?? 'C0',
        o.cls === undefined ? 'Cold' : o.cls,
        o.state ?? null,
        o.district ?? null,
        o.taluka ?? null,
      ],
    )
}

let oppSeq = 0
/** `n` opportunities for a dealer created on a date, the first `hot` of them Hot, the rest Cold. */
export function leads(dealer: string, created: string, n: number, hot = 0): Opp[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `O${String(++oppSeq).padStart(6, '0')}`,
    dealer,
    created,
    cls: i < hot ? 'Hot' : 'Cold',
  }))
}

export async function insertRetail(
  conn: DuckDBConnection,
  rows: [dealer: string, date: string, qty: number][],
): Promise<void> {
  for (const [dealer, date, qty] of rows)
    await conn.run(
      `insert into retail (invoice_id, dealer_code, retail_date, qty) values ($1, $2, $3::DATE, $4)`,
      [`I${++oppSeq}`, dealer, date, qty],
    )
}

export async function insertStock(
  conn: DuckDBConnection,
  rows: [dealer: string, pl: string, date: string, total: number, saleable: number][],
): Promise<void> {
  for (const [dealer, pl, date, total, saleable] of rows)
    await conn.run(
      `insert into stock (dealer_code, pl, as_of_date, total_qty, saleable_qty) values ($1, $2, $3::DATE, $4, $5)`,
      [dealer, pl, date, total, saleable],
    )
}
