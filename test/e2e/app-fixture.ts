// A small warehouse for the app's tests: three dealers, four reps, leads with calls, journeys and stock, scored for real.
import { join } from 'node:path'
import { todayIST } from '../../data/dates.ts'
import { openWarehouse, type Warehouse } from '../../data/warehouse.ts'
import { parseConfig, type Config } from '../../app/config.ts'
import { addUser } from '../../app/users.ts'
import type { Role } from '../../app/auth/scope.ts'
import { scoreAll } from '../../pipelines/score/score.ts'

/**
 * Dealers: D1 (Maharashtra, Pune) with reps E1 and E2; D2 (Gujarat, Surat) with rep E3; D3 is not in
 * the dealers table, its leads are in Karnataka (Mysuru), rep E4. All dates are relative to $1 (today).
 */
export const fixtureSql = `
insert into dealers (dealer_code, dealer_name, state, district, taluka) values
  ('D1', 'Pune Motors', 'Maharashtra', 'Pune', 'Haveli'),
  ('D2', 'Surat Wheels', 'Gujarat', 'Surat', 'Choryasi');

insert into customer_pipeline (opty_id, dealer_code, created_at, updated_at, stage, status, dse_id,
  lead_classification, customer_type, opty_category, enquiry_type, ppl, pl, expected_closure_date,
  customer_name, customer_phone, state, district, taluka)
select * from (values
  ('OP-1001', 'D1', $1::DATE - 1,  $1::DATE - 1,  'C1',  'Open', 'E1', 'Hot',       'Fleet',  'Referral',         'Walk-in', 'ACE',   'Ace Gold Petrol', $1::DATE + 5,  'Ramesh Patil',  '9812345621', 'Maharashtra', 'Pune', 'Haveli'),
  ('OP-1002', 'D1', $1::DATE - 10, $1::DATE - 10, 'C0',  'Open', 'E1', 'Warm',      'Retail', 'First-time Buyer', 'Phone',   'INTRA', 'Intra V30',       $1::DATE + 20, 'Sunita Jadhav', '9822000002', 'Maharashtra', 'Pune', 'Haveli'),
  ('OP-1003', 'D1', $1::DATE - 20, $1::DATE - 20, 'C1A', 'Open', 'E1', 'Live Deal', 'Retail', 'Exchange',         'Walk-in', 'ACE',   'Ace Gold Petrol', $1::DATE + 3,  'Anil Shinde',   '9822000003', 'Maharashtra', 'Pune', 'Haveli'),
  ('OP-1004', 'D1', $1::DATE - 40, $1::DATE - 40, 'C0',  'Open', 'E1', 'Cold',      'Retail', NULL,               'Web',     'YODHA', 'Yodha 2.0',       NULL,          '<script>alert(1)</script>', '9822000004', 'Maharashtra', 'Pune', 'Haveli'),
  ('OP-1005', 'D1', $1::DATE - 5,  $1::DATE - 5,  'C0',  'Open', 'E1', 'Warm',      'Retail', 'First-time Buyer', 'Phone',   'ACE',   'Ace Gold Petrol', $1::DATE + 40, 'Meena Kulkarni','9822000005', 'Maharashtra', 'Pune', 'Haveli'),
  ('OP-1006', 'D1', $1::DATE - 8,  $1::DATE - 8,  'C0',  'Open', 'E1', 'Warm',      'Retail', 'First-time Buyer', 'Walk-in', 'MAGIC', 'Magic Express',   $1::DATE + 25, 'Vijay More',    '9822000006', 'Maharashtra', 'Pune', 'Haveli'),
  ('OP-1007', 'D1', $1::DATE - 3,  $1::DATE - 3,  'C0',  'Open', 'E1', 'Cold',      'Retail', NULL,               'Web',     'INTRA', 'Intra V30',       $1::DATE + 90, 'Kavita Rao',    '9822000007', 'Maharashtra', 'Pune', 'Haveli'),
  ('OP-1008', 'D1', $1::DATE - 60, $1::DATE - 2,  'C2',  'Won',  'E1', 'Hot',       'Retail', NULL,               'Walk-in', 'ACE',   'Ace Gold Petrol', $1::DATE - 2,  'Closed Won',    '9822000008', 'Maharashtra', 'Pune', 'Haveli'),
  ('OP-2001', 'D1', $1::DATE - 2,  $1::DATE - 2,  'C1',  'Open', 'E2', 'Hot',       'Fleet',  'Repeat Purchase',  'Walk-in', 'ACE',   'Ace Gold Petrol', $1::DATE + 6,  'Other Rep Lead','9833000001', 'Maharashtra', 'Pune', 'Haveli'),
  ('OP-2002', 'D1', $1::DATE - 9,  $1::DATE - 9,  'C0',  'Open', 'E2', 'Warm',      'Retail', NULL,               'Phone',   'INTRA', 'Intra V30',       $1::DATE + 30, 'Second E2 Lead','9833000002', 'Maharashtra', 'Pune', 'Haveli'),
  ('OP-3001', 'D2', $1::DATE - 4,  $1::DATE - 4,  'C1',  'Open', 'E3', 'Hot',       'Retail', 'Referral',         'Walk-in', 'ACE',   'Ace Gold Petrol', $1::DATE + 10, 'Surat Buyer',   '9844000001', 'Gujarat',     'Surat', 'Choryasi'),
  ('OP-4001', 'D3', $1::DATE - 6,  $1::DATE - 6,  'C0',  'Open', 'E4', 'Warm',      'Retail', NULL,               'Phone',   'INTRA', 'Intra V30',       $1::DATE + 15, 'Mysuru Buyer',  '9855000001', 'Karnataka',   'Mysuru', 'Hunsur')
) as v;

insert into call_log (call_id, opty_id, called_at, duration_sec, direction, outcome, next_followup_date, dse_id) values
  ('C-1', 'OP-1002', $1::DATE - 8, 240, 'outbound', 'connected', $1::DATE - 1, 'E1'),
  ('C-2', 'OP-1003', $1::DATE - 2, 420, 'outbound', 'connected', $1::DATE + 2, 'E1'),
  ('C-3', 'OP-1003', $1::DATE - 6, 200, 'outbound', 'connected', NULL, 'E1'),
  ('C-4', 'OP-1001', $1::DATE - 1, 0, 'outbound', 'no answer', NULL, 'E1'),
  ('C-5', 'OP-2001', $1::DATE - 1, 300, 'outbound', 'connected', NULL, 'E2');

insert into customer_journey (event_id, opty_id, event_type, event_at, detail) values
  ('J-1', 'OP-1001', 'enquiry', $1::DATE - 1, 'Walk-in enquiry'),
  ('J-2', 'OP-1003', 'test_drive', $1::DATE - 5, 'Test drive at dealer'),
  ('J-3', 'OP-1003', 'quotation', $1::DATE - 3, 'Quotation shared');

insert into stock (dealer_code, pl, as_of_date, total_qty, saleable_qty, ppl) values
  ('D1', 'Ace Gold Petrol', $1::DATE - 1, 5, 4, 'ACE'),
  ('D1', 'Ace Gold Diesel', $1::DATE - 1, 2, 2, 'ACE'),
  ('D1', 'Intra V30', $1::DATE - 1, 1, 0, 'INTRA'),
  ('D2', 'Intra V30', $1::DATE - 1, 3, 3, 'INTRA'),
  ('D2', 'Ace Gold Petrol', $1::DATE - 1, 1, 1, 'ACE');
`

/** Every role, with its scope, and one password for all (tests only). */
export const fixturePassword = 'fixture-pass-1'
export const fixtureUsers: {
  username: string
  role: Role
  dealer_codes?: string[]
  dse_id?: string
  states?: string[]
  districts?: string[]
}[] = [
  { username: 'rep1', role: 'rep', dealer_codes: ['D1'], dse_id: 'E1' },
  { username: 'rep2', role: 'rep', dealer_codes: ['D1'], dse_id: 'E2' },
  { username: 'rep3', role: 'rep', dealer_codes: ['D2'], dse_id: 'E3' },
  { username: 'manager1', role: 'manager', dealer_codes: ['D1'] },
  { username: 'manager2', role: 'manager', dealer_codes: ['D2'] },
  { username: 'regional-mh', role: 'regional', states: ['Maharashtra'] },
  { username: 'regional-ka', role: 'regional', districts: ['Mysuru'] },
  { username: 'leader', role: 'leadership' },
  { username: 'admin', role: 'admin' },
]

/** Loads the fixture rows into a migrated warehouse, scores them as of today and adds the users. */
export async function loadFixture(
  db: Warehouse,
  config: Config,
  options: { users?: boolean } = {},
) {
  const today = todayIST()
  await db.write(async (conn) => {
    for (const statement of fixtureSql.split(/;\s*\n/))
      if (statement.trim()) await conn.run(statement, statement.includes('$1') ? [today] : [])
    await scoreAll(conn, config.score, { asOf: today, triggeredBy: 'test' })
    if (options.users !== false)
      for (const u of fixtureUsers) await addUser(conn, { ...u, password: fixturePassword })
  })
}

/** A fixture warehouse in `dir` with a default configuration. */
export async function openFixture(dir: string, overrides: Record<string, unknown> = {}) {
  const config = parseConfig({ db: join(dir, 'app.duckdb'), ...overrides })
  const db = await openWarehouse(config.db)
  await loadFixture(db, config)
  return { db, config }
}
