// Test fixtures for the score engine: rows written straight into the source tables of 001_sources.sql.
import type { DuckDBConnection } from '@duckdb/node-api'
import { addDays } from '../../data/dates.ts'

export interface OptyRow {
  opty_id: string
  dealer_code?: string
  created_at: string
  updated_at?: string
  stage?: string
  status?: string
  dse_id?: string | null
  lead_classification?: string | null
  customer_type?: string | null
  opty_category?: string | null
  enquiry_type?: string | null
  ppl?: string | null
  pl?: string | null
  expected_closure_date?: string | null
  customer_name?: string | null
  customer_phone?: string | null
  state?: string | null
  district?: string | null
  taluka?: string | null
}

export async function addOpty(conn: DuckDBConnection, o: OptyRow): Promise<void> {
  await conn.run(
    `insert into customer_pipeline (opty_id, dealer_code, created_at, updated_at, stage, status, dse_id,
       lead_classification, customer_type, opty_category, enquiry_type, ppl, pl, expected_closure_date,
       customer_name, customer_phone, state, district, taluka)
     values ($1, $2, $3::TIMESTAMP, $4::TIMESTAMP, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::DATE,
       $15, $16, $17, $18, $19)`,
    [
      o.opty_id,
      o.dealer_code ?? 'D1',
      o.created_at,
      o.updated_at ?? o.created_at,
      o.stage ?? 'C0',
      o.status ?? 'Open',
      o.dse_id === undefined ? 'DSE1' : o.dse_id,
      o.lead_classification ?? null,
      o.customer_type ?? null,
      o.opty_category ?? null,
      o.enquiry_type ?? null,
      o.ppl ?? null,
      o.pl ?? null,
      o.expected_closure_date ?? null,
      o.customer_name ?? null,
      o.customer_phone ?? null,
      o.state ?? null,
      o.district ?? null,
      o.taluka ?? null,
    ],
  )
}

export async function addCall(
  conn: DuckDBConnection,
  c: {
    call_id: string
    opty_id: string
    called_at: string
    duration_sec: number
    next_followup_date?: string | null
  },
): Promise<void> {
  await conn.run(
    `insert into call_log (call_id, opty_id, called_at, duration_sec, next_followup_date)
     values ($1, $2, $3::TIMESTAMP, $4, $5::DATE)`,
    [c.call_id, c.opty_id, c.called_at, c.duration_sec, c.next_followup_date ?? null],
  )
}

export async function addAction(
  conn: DuckDBConnection,
  a: {
    opty_id: string
    action_type: string
    acted_at: string
    connected?: boolean | null
    duration_sec?: number | null
    next_followup_date?: string | null
    action_id?: number
  },
): Promise<void> {
  await conn.run(
    `insert into lead_actions (action_id, opty_id, user_name, action_type, connected, duration_sec,
       next_followup_date, acted_at)
     values (coalesce($1, nextval('lead_action_id')), $2, 'rep1', $3, $4, $5, $6::DATE, $7::TIMESTAMP)`,
    [
      a.action_id ?? null,
      a.opty_id,
      a.action_type,
      a.connected ?? null,
      a.duration_sec ?? null,
      a.next_followup_date ?? null,
      a.acted_at,
    ],
  )
}

export async function addStock(
  conn: DuckDBConnection,
  s: {
    dealer_code: string
    pl: string
    as_of_date: string
    saleable_qty: number
    total_qty?: number
    ppl?: string | null
  },
): Promise<void> {
  await conn.run(
    `insert into stock (dealer_code, pl, as_of_date, total_qty, saleable_qty, ppl)
     values ($1, $2, $3::DATE, $4, $5, $6)`,
    [
      s.dealer_code,
      s.pl,
      s.as_of_date,
      s.total_qty ?? s.saleable_qty,
      s.saleable_qty,
      s.ppl ?? null,
    ],
  )
}

export async function addDealer(
  conn: DuckDBConnection,
  d: { dealer_code: string; state?: string | null; district?: string | null },
): Promise<void> {
  await conn.run(`insert into dealers (dealer_code, state, district) values ($1, $2, $3)`, [
    d.dealer_code,
    d.state ?? null,
    d.district ?? null,
  ])
}

export async function addJourney(
  conn: DuckDBConnection,
  e: { event_id: string; opty_id: string; event_type: string; event_at: string },
): Promise<void> {
  await conn.run(
    `insert into customer_journey (event_id, opty_id, event_type, event_at) values ($1, $2, $3, $4::TIMESTAMP)`,
    [e.event_id, e.opty_id, e.event_type, e.event_at],
  )
}

/**
 * Five open opportunities O1..O5 at dealer D1 (Pune) wanting Ace Gold (1 saleable there), reps R1
 * and R2, each with one connected call: the small warehouse the score run's tests share.
 */
export async function seedFive(conn: DuckDBConnection, asOf: string): Promise<void> {
  const at = (days: number) => `${addDays(asOf, days)} 10:00:00`
  await addDealer(conn, { dealer_code: 'D1', state: 'MH', district: 'Pune' })
  await addStock(conn, {
    dealer_code: 'D1',
    pl: 'Ace Gold',
    ppl: 'ACE',
    as_of_date: addDays(asOf, -1),
    saleable_qty: 1,
  })
  for (let i = 1; i <= 5; i++) {
    await addOpty(conn, {
      opty_id: `O${i}`,
      created_at: at(-i * 4),
      lead_classification: ['Hot', 'Warm', 'Cold', 'Live Deal', null][i - 1],
      pl: 'Ace Gold',
      ppl: 'ACE',
      dse_id: i % 2 ? 'R1' : 'R2',
      customer_name: `Customer ${i}`,
    })
    await addCall(conn, {
      call_id: `C${i}`,
      opty_id: `O${i}`,
      called_at: at(-i),
      duration_sec: 40 * i,
    })
  }
}

/**
 * Two open opportunities SA1 and SA2 at D1 (add seedFive's dealer first) wanting Intra V30, of
 * which D1 has none saleable, while it has 2 Intra V50 (same PPL) saleable. SA1, not touched for
 * 10 days, gets STOCK_ALT offering Intra V50; SA2's call set a follow-up due yesterday, so
 * FOLLOWUP_DUE wins and nothing is offered.
 */
export async function seedStockedOut(conn: DuckDBConnection, asOf: string): Promise<void> {
  const at = (days: number) => `${addDays(asOf, days)} 10:00:00`
  const stock = { dealer_code: 'D1', ppl: 'INTRA', as_of_date: addDays(asOf, -1) }
  await addStock(conn, { ...stock, pl: 'Intra V30', saleable_qty: 0, total_qty: 1 })
  await addStock(conn, { ...stock, pl: 'Intra V50', saleable_qty: 2 })
  for (const opty_id of ['SA1', 'SA2'])
    await addOpty(conn, {
      opty_id,
      created_at: at(-10),
      lead_classification: 'Warm',
      pl: 'Intra V30',
      ppl: 'INTRA',
      dse_id: 'R1',
      customer_name: `Customer ${opty_id}`,
    })
  await addCall(conn, {
    call_id: 'C-SA2',
    opty_id: 'SA2',
    called_at: at(-3),
    duration_sec: 60,
    next_followup_date: addDays(asOf, -1),
  })
}
