// Tests of the demo data generator: contract columns, determinism, real geography, integrity, consistency, planted events, ground truth, CLI.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../app/cli.ts'
import { rows } from '../../data/warehouse.ts'
import { dealerCount, generate, plantedEvents, TABLES, type GenerateResult } from './generate.ts'
import { districtRows, loadGeography, pincodesJsonPath, TITLE_CASE_MACRO } from './geography.ts'

const AS_OF = '2026-11-23'
const N = 3000
const SEED = 7

/** The columns of SPEC 3: required and optional, in the order the generator writes them. */
const CONTRACT: Record<string, string[]> = {
  customer_pipeline: [
    'opty_id',
    'dealer_code',
    'created_at',
    'updated_at',
    'stage',
    'status',
    'dse_id',
    'lead_classification',
    'customer_type',
    'opty_category',
    'enquiry_type',
    'ppl',
    'pl',
    'expected_closure_date',
    'customer_name',
    'customer_phone',
    'state',
    'district',
    'taluka',
    'pincode',
    'lost_reason',
  ],
  customer_journey: ['event_id', 'opty_id', 'event_type', 'event_at', 'detail'],
  call_log: [
    'call_id',
    'opty_id',
    'called_at',
    'duration_sec',
    'direction',
    'outcome',
    'next_followup_date',
    'dse_id',
  ],
  stock: ['dealer_code', 'pl', 'as_of_date', 'total_qty', 'saleable_qty', 'ppl'],
  retail: ['invoice_id', 'dealer_code', 'retail_date', 'opty_id', 'ppl', 'pl', 'qty'],
  dealers: [
    'dealer_code',
    'dealer_name',
    'state',
    'district',
    'taluka',
    'region',
    'zone',
    'lat',
    'lng',
  ],
}

let root: string
let outDir: string
let result: GenerateResult
let instance: DuckDBInstance
let conn: DuckDBConnection

const one = async (sql: string) => (await rows(conn, sql))[0]
const count = async (sql: string) => Number(Object.values(await one(sql))[0])

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'scv-generate-'))
  outDir = join(root, 'a')
  result = await generate({ opportunities: N, seed: SEED, asOf: AS_OF, outDir })
  instance = await DuckDBInstance.create(':memory:')
  conn = await instance.connect()
  for (const table of TABLES) {
    const path = join(outDir, `${table}.csv`).replaceAll("'", "''")
    await conn.run(
      `CREATE TABLE ${table} AS SELECT * FROM read_csv('${path}', header = true, all_varchar = true)`,
    )
  }
  // typed views of what the tests compare
  await conn.run(`CREATE VIEW opp AS SELECT * REPLACE (created_at::TIMESTAMP AS created_at,
    updated_at::TIMESTAMP AS updated_at) FROM customer_pipeline`)
  await conn.run(`CREATE VIEW calls AS SELECT * REPLACE (called_at::TIMESTAMP AS called_at,
    duration_sec::INTEGER AS duration_sec) FROM call_log`)
  await conn.run(
    `CREATE VIEW events AS SELECT * REPLACE (event_at::TIMESTAMP AS event_at) FROM customer_journey`,
  )
  await conn.run(`CREATE VIEW stocks AS SELECT * REPLACE (as_of_date::DATE AS as_of_date,
    total_qty::INTEGER AS total_qty, saleable_qty::INTEGER AS saleable_qty) FROM stock`)
})

afterAll(() => {
  conn?.closeSync()
  instance?.closeSync()
  if (root) rmSync(root, { recursive: true, force: true })
})

describe('scv generate output', () => {
  it('writes the six tables with exactly the columns of SPEC 3 and reports the rows written', () => {
    for (const table of TABLES) {
      const text = readFileSync(join(outDir, `${table}.csv`), 'utf8')
      const lines = text.trimEnd().split('\n')
      expect(lines[0], table).toBe(CONTRACT[table].join(','))
      expect(result.files[table], table).toBe(lines.length - 1)
    }
    expect(result.files.customer_pipeline).toBe(N)
    expect(readdirSync(outDir).sort()).toEqual(TABLES.map((t) => `${t}.csv`).sort())
    expect(result.dealers).toBe(dealerCount(N))
  })

  it('writes ISO dates and whole-second timestamps', async () => {
    expect(
      await count(
        `SELECT count(*) FROM customer_pipeline WHERE NOT regexp_full_match(created_at, '\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}')
         OR NOT regexp_full_match(updated_at, '\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}')
         OR NOT regexp_full_match(coalesce(expected_closure_date, '2026-01-01'), '\\d{4}-\\d{2}-\\d{2}')`,
      ),
    ).toBe(0)
  })

  it('is byte-identical for the same seed and as-of date, and differs for another seed', async () => {
    const again = join(root, 'b')
    const other = join(root, 'c')
    await generate({ opportunities: N, seed: SEED, asOf: AS_OF, outDir: again })
    await generate({ opportunities: N, seed: SEED + 1, asOf: AS_OF, outDir: other })
    for (const table of TABLES) {
      const a = readFileSync(join(outDir, `${table}.csv`))
      expect(a.equals(readFileSync(join(again, `${table}.csv`))), table).toBe(true)
    }
    const a = readFileSync(join(outDir, 'customer_pipeline.csv'))
    expect(a.equals(readFileSync(join(other, 'customer_pipeline.csv')))).toBe(false)
  })

  it('places dealers and customers in talukas that exist in the geography package (100 %)', async () => {
    await conn.run(TITLE_CASE_MACRO)
    await conn.run(
      `CREATE TABLE package AS SELECT DISTINCT title_case(stateName) AS state, title_case(districtName) AS district,
         title_case(taluk) AS taluka, lpad(pincode::VARCHAR, 6, '0') AS pincode
       FROM read_json($1)`,
      [pincodesJsonPath()],
    )
    const unknown = (table: string) =>
      count(`SELECT count(*) FROM ${table} t WHERE NOT EXISTS (SELECT 1 FROM package p
        WHERE p.state = t.state AND p.district = t.district AND p.taluka = t.taluka)`)
    expect(await count('SELECT count(*) FROM dealers')).toBeGreaterThan(0)
    expect(await unknown('dealers')).toBe(0)
    expect(await unknown('customer_pipeline')).toBe(0)
    // a customer's pincode is a real pincode of that taluka
    expect(
      await count(`SELECT count(*) FROM customer_pipeline t WHERE pincode IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM package p WHERE (p.state, p.district, p.taluka, p.pincode) = (t.state, t.district, t.taluka, t.pincode))`),
    ).toBe(0)
    // no placeholder talukas, names normalised
    expect(
      await count(
        `SELECT count(*) FROM dealers WHERE taluka IN ('Na', 'Nil', 'NA') OR taluka = upper(taluka)`,
      ),
    ).toBe(0)
    // dealers are located in India near their taluka, and several states are represented
    expect(
      await count(
        'SELECT count(*) FROM dealers WHERE lat::DOUBLE NOT BETWEEN 8 AND 35 OR lng::DOUBLE NOT BETWEEN 68 AND 97',
      ),
    ).toBe(0)
    expect(await count('SELECT count(DISTINCT state) FROM dealers')).toBeGreaterThanOrEqual(3)
  })

  it('keeps customers near their dealer: mostly the same district, never another state', async () => {
    const r = await one(`SELECT avg((o.district = d.district)::INTEGER) AS same_district,
        avg((o.taluka = d.taluka AND o.district = d.district)::INTEGER) AS same_taluka,
        sum((o.state <> d.state)::INTEGER) AS other_state
      FROM customer_pipeline o JOIN dealers d USING (dealer_code)`)
    expect(Number(r.same_district)).toBeGreaterThan(0.85)
    expect(Number(r.same_taluka)).toBeGreaterThan(0.6)
    expect(Number(r.other_state)).toBe(0)
  })

  it('keeps every reference pointing at something that exists', async () => {
    expect(
      await count(
        'SELECT count(*) FROM call_log c WHERE NOT EXISTS (SELECT 1 FROM customer_pipeline o WHERE o.opty_id = c.opty_id)',
      ),
    ).toBe(0)
    expect(
      await count(
        'SELECT count(*) FROM customer_journey e WHERE NOT EXISTS (SELECT 1 FROM customer_pipeline o WHERE o.opty_id = e.opty_id)',
      ),
    ).toBe(0)
    expect(
      await count(
        `SELECT count(*) FROM retail r WHERE NOT EXISTS (SELECT 1 FROM customer_pipeline o
         WHERE o.opty_id = r.opty_id AND o.dealer_code = r.dealer_code AND o.pl = r.pl AND o.ppl = r.ppl)`,
      ),
    ).toBe(0)
    for (const table of ['customer_pipeline', 'stock', 'retail'])
      expect(
        await count(
          `SELECT count(*) FROM ${table} t WHERE NOT EXISTS (SELECT 1 FROM dealers d WHERE d.dealer_code = t.dealer_code)`,
        ),
        table,
      ).toBe(0)
    // each DSE works for exactly one dealer, in opportunities and in calls
    expect(
      await count(`SELECT count(*) FROM (
        SELECT dse_id FROM (SELECT dse_id, dealer_code FROM customer_pipeline WHERE dse_id IS NOT NULL
          UNION SELECT c.dse_id, o.dealer_code FROM call_log c JOIN customer_pipeline o USING (opty_id))
        GROUP BY dse_id HAVING count(DISTINCT dealer_code) > 1)`),
    ).toBe(0)
    // keys are unique
    for (const [table, key] of [
      ['customer_pipeline', 'opty_id'],
      ['customer_journey', 'event_id'],
      ['call_log', 'call_id'],
      ['retail', 'invoice_id'],
      ['dealers', 'dealer_code'],
      ['stock', 'dealer_code, pl, as_of_date'],
    ])
      expect(await count(`SELECT count(*) - count(DISTINCT (${key})) FROM ${table}`), table).toBe(0)
  })

  it('gives dealers 3–8 DSEs with ids like DSE-0001 and codes like D0001', async () => {
    const r = await one(`SELECT min(n) AS lo, max(n) AS hi FROM (
      SELECT dealer_code, count(DISTINCT dse_id) AS n FROM customer_pipeline WHERE dse_id IS NOT NULL GROUP BY 1)`)
    expect(Number(r.lo)).toBeGreaterThanOrEqual(3)
    expect(Number(r.hi)).toBeLessThanOrEqual(8)
    expect(
      await count(
        `SELECT count(*) FROM customer_pipeline WHERE NOT regexp_full_match(dse_id, 'DSE-\\d{4}')`,
      ),
    ).toBe(0)
    expect(
      await count(
        `SELECT count(*) FROM dealers WHERE NOT regexp_full_match(dealer_code, 'D\\d{4}')`,
      ),
    ).toBe(0)
  })

  it('keeps stage, status, dates and journey consistent', async () => {
    const bad = async (label: string, where: string, from = 'opp') =>
      expect(await count(`SELECT count(*) FROM ${from} WHERE ${where}`), label).toBe(0)
    await bad('Won is C3', "status = 'Won' AND stage <> 'C3'")
    await bad('C3 is Won', "stage = 'C3' AND status <> 'Won'")
    await bad('Open is C0..C2', "status = 'Open' AND stage NOT IN ('C0', 'C1', 'C1A', 'C2')")
    await bad(
      'Lost has a reason',
      "status = 'Lost' AND (lost_reason IS NULL OR stage NOT IN ('C0', 'C1', 'C1A', 'C2'))",
    )
    await bad('only Lost has a reason', "status <> 'Lost' AND lost_reason IS NOT NULL")
    await bad(
      'updated after created, not after the as-of day',
      `updated_at < created_at OR updated_at > TIMESTAMP '${AS_OF} 23:59:59'`,
    )
    await bad('history of 12+ months', `created_at < DATE '${AS_OF}' - INTERVAL 400 DAY`)
    expect(
      await count(`SELECT count(*) FROM opp WHERE created_at < DATE '${AS_OF}' - INTERVAL 365 DAY`),
    ).toBeGreaterThan(0)
    await bad(
      'events within the opportunity span',
      'e.event_at < o.created_at OR e.event_at > o.updated_at',
      'events e JOIN opp o USING (opty_id)',
    )
    await bad(
      'calls within the opportunity span',
      'c.called_at < o.created_at OR c.called_at > o.updated_at',
      'calls c JOIN opp o USING (opty_id)',
    )
    await bad(
      'one enquiry each',
      `(SELECT count(*) FROM events e WHERE e.opty_id = o.opty_id AND e.event_type = 'enquiry') <> 1`,
      'opp o',
    )
    await bad(
      'journey matches stage',
      `(e.event_type = 'quotation' AND o.stage IN ('C0', 'C1'))
       OR (e.event_type = 'booking' AND o.stage IN ('C0', 'C1', 'C1A'))
       OR (e.event_type = 'test_drive' AND o.stage = 'C0')
       OR (e.event_type = 'invoice' AND o.status <> 'Won')
       OR (e.event_type = 'lost' AND o.status <> 'Lost')`,
      'events e JOIN opp o USING (opty_id)',
    )
    await bad(
      'Won has its invoice event and Lost its lost event',
      `(status = 'Won' AND NOT EXISTS (SELECT 1 FROM events e WHERE e.opty_id = o.opty_id AND e.event_type = 'invoice'))
       OR (status = 'Lost' AND NOT EXISTS (SELECT 1 FROM events e WHERE e.opty_id = o.opty_id AND e.event_type = 'lost'))`,
      'opp o',
    )
    await bad(
      'event types are lower snake case',
      "NOT regexp_full_match(event_type, '[a-z]+(_[a-z]+)*')",
      'events',
    )
    const td = await one(`SELECT avg(EXISTS (SELECT 1 FROM events e WHERE e.opty_id = o.opty_id
      AND e.event_type = 'test_drive')::INTEGER) AS share FROM opp o WHERE stage <> 'C0'`)
    expect(Number(td.share)).toBeGreaterThan(0.6)
    // old opportunities are mostly closed; open ones exist for the app to show
    const old = await one(`SELECT avg((status = 'Open')::INTEGER) AS open_share FROM opp
      WHERE created_at < DATE '${AS_OF}' - INTERVAL 180 DAY`)
    expect(Number(old.open_share)).toBeLessThan(0.05)
    expect(await count("SELECT count(*) FROM opp WHERE status = 'Open'")).toBeGreaterThan(N * 0.05)
  })

  it('writes one retail row for each Won opportunity, on the day it was won', async () => {
    expect(await count('SELECT count(*) FROM retail')).toBe(
      await count("SELECT count(*) FROM customer_pipeline WHERE status = 'Won'"),
    )
    expect(
      await count(`SELECT count(*) FROM opp o WHERE status = 'Won' AND NOT EXISTS (
        SELECT 1 FROM retail r WHERE r.opty_id = o.opty_id AND r.retail_date::DATE = o.updated_at::DATE AND r.qty = '1')`),
    ).toBe(0)
  })

  it('writes plausible calls, phones, product lines and stock', async () => {
    const c = await one(`SELECT count(*) AS n, sum((duration_sec = 0)::INTEGER) AS missed,
        sum((duration_sec > 0 AND duration_sec NOT BETWEEN 20 AND 600)::INTEGER) AS odd,
        avg((next_followup_date IS NOT NULL)::INTEGER) AS with_followup,
        median(duration_sec) FILTER (WHERE duration_sec > 0) AS median_connected,
        avg(duration_sec) FILTER (WHERE duration_sec > 0) AS mean_connected
      FROM calls`)
    expect(Number(c.odd)).toBe(0)
    expect(Number(c.missed)).toBeGreaterThan(0)
    expect(Number(c.with_followup)).toBeGreaterThan(0.4)
    expect(Number(c.median_connected)).toBeLessThan(Number(c.mean_connected)) // skewed
    expect(Number(c.n) / N).toBeGreaterThan(1.5)
    // some open leads have an overdue follow-up
    expect(
      await count(`SELECT count(*) FROM (SELECT opty_id, arg_max(next_followup_date, called_at) AS due
        FROM calls GROUP BY 1) f JOIN opp o USING (opty_id)
        WHERE o.status = 'Open' AND f.due::DATE < DATE '${AS_OF}'`),
    ).toBeGreaterThan(0)
    expect(
      await count(
        `SELECT count(*) FROM customer_pipeline WHERE customer_phone IS NOT NULL AND NOT regexp_full_match(customer_phone, '[6-9]\\d{9}')`,
      ),
    ).toBe(0)
    expect(
      await count(
        'SELECT count(*) FROM customer_pipeline WHERE customer_phone IS NULL OR expected_closure_date IS NULL',
      ),
    ).toBeGreaterThan(0)
    const ppl = await rows(conn, 'SELECT DISTINCT ppl FROM customer_pipeline ORDER BY 1')
    expect(ppl.map((r) => r.ppl)).toEqual(['ACE', 'INTRA', 'MAGIC', 'YODHA'])
    expect(
      await count('SELECT count(*) FROM stocks WHERE saleable_qty > total_qty OR saleable_qty < 0'),
    ).toBe(0)
    expect(await count('SELECT count(*) FROM stocks WHERE saleable_qty = 0')).toBeGreaterThan(0)
    // daily snapshots for the last 15 days, weekly before
    expect(
      await count(
        `SELECT count(DISTINCT as_of_date) FROM stocks WHERE as_of_date > DATE '${AS_OF}' - INTERVAL 15 DAY`,
      ),
    ).toBe(15)
  })

  it('follows the calendar: fewer enquiries on Sundays, more in the festival season', async () => {
    const r = await one(`SELECT
        sum((dayofweek(created_at) = 0)::INTEGER) / 1.0 / sum((dayofweek(created_at) = 3)::INTEGER) AS sunday_vs_wednesday,
        count(*) FILTER (WHERE month(created_at) = 10 AND year(created_at) = 2026) /
          1.0 / count(*) FILTER (WHERE month(created_at) = 8 AND year(created_at) = 2026) AS october_vs_august
      FROM opp`)
    expect(Number(r.sunday_vs_wednesday)).toBeLessThan(0.7)
    expect(Number(r.october_vs_august)).toBeGreaterThan(1.15)
  })
})

describe('ground truth', () => {
  const wonRate = async (where: string) =>
    Number(
      (
        await one(
          `SELECT avg((status = 'Won')::INTEGER) AS r FROM opp WHERE status <> 'Open' AND ${where}`,
        )
      ).r,
    )

  it('converts 15–35 % of closed opportunities, Hot and Live Deal far more than Cold', async () => {
    const overall = await wonRate('TRUE')
    expect(overall).toBeGreaterThan(0.15)
    expect(overall).toBeLessThan(0.35)
    const cold = await wonRate("lead_classification = 'Cold'")
    expect(await wonRate("lead_classification = 'Hot'")).toBeGreaterThan(2.5 * cold)
    expect(await wonRate("lead_classification = 'Live Deal'")).toBeGreaterThan(2.5 * cold)
    expect(await wonRate("lead_classification = 'Warm'")).toBeGreaterThan(cold)
  })

  it('converts Fleet more than Retail, and Repeat Purchase more than First-time Buyer', async () => {
    expect(await wonRate("customer_type = 'Fleet'")).toBeGreaterThan(
      await wonRate("customer_type = 'Retail'"),
    )
    expect(await wonRate("opty_category = 'Repeat Purchase'")).toBeGreaterThan(
      await wonRate("opty_category = 'First-time Buyer'"),
    )
  })

  it('converts more with more connected calls and with stock at the dealer', async () => {
    await conn.run(`CREATE TABLE features AS
      SELECT o.opty_id, o.status,
        (SELECT count(*) FROM calls c WHERE c.opty_id = o.opty_id AND c.duration_sec > 0) AS connected,
        (SELECT arg_max(s.saleable_qty, s.as_of_date) FROM stocks s
          WHERE s.dealer_code = o.dealer_code AND s.pl = o.pl AND s.as_of_date <= o.updated_at::DATE) AS saleable
      FROM opp o WHERE o.status <> 'Open'`)
    const rate = async (where: string) =>
      Number(
        (await one(`SELECT avg((status = 'Won')::INTEGER) AS r FROM features WHERE ${where}`)).r,
      )
    expect(await rate('connected >= 3')).toBeGreaterThan(1.5 * (await rate('connected = 0')))
    expect(await rate('saleable >= 3')).toBeGreaterThan(await rate('saleable = 0'))
  })
})

describe('planted market events', () => {
  it('surges leads and high-intent leads by 60 %+ in the last 5 days in each planted taluka', async () => {
    expect(result.planted.length).toBeGreaterThanOrEqual(3)
    expect(result.planted.length).toBeLessThanOrEqual(6)
    for (const p of result.planted) {
      expect(p.dealers.length, p.taluka).toBeGreaterThanOrEqual(2)
      const w = await one(`SELECT
          count(*) FILTER (WHERE o.created_at::DATE BETWEEN DATE '${AS_OF}' - 4 AND DATE '${AS_OF}') AS cur,
          count(*) FILTER (WHERE o.created_at::DATE BETWEEN DATE '${AS_OF}' - 9 AND DATE '${AS_OF}' - 5) AS prev,
          count(*) FILTER (WHERE o.created_at::DATE BETWEEN DATE '${AS_OF}' - 4 AND DATE '${AS_OF}'
            AND o.lead_classification IN ('Hot', 'Warm', 'Live Deal')) AS intent_cur,
          count(*) FILTER (WHERE o.created_at::DATE BETWEEN DATE '${AS_OF}' - 9 AND DATE '${AS_OF}' - 5
            AND o.lead_classification IN ('Hot', 'Warm', 'Live Deal')) AS intent_prev,
          (SELECT count(*) FROM dealers d WHERE (d.state, d.district, d.taluka) = ('${p.state}', '${p.district}', '${p.taluka}')) AS dealer_count
        FROM opp o JOIN dealers d USING (dealer_code)
        WHERE (d.state, d.district, d.taluka) = ('${p.state}', '${p.district}', '${p.taluka}')`)
      expect(Number(w.dealer_count), p.taluka).toBe(p.dealers.length)
      expect(Number(w.cur), p.taluka).toBeGreaterThanOrEqual(5)
      expect(Number(w.cur), p.taluka).toBeGreaterThanOrEqual(1.6 * Number(w.prev))
      expect(Number(w.intent_cur), p.taluka).toBeGreaterThanOrEqual(1.6 * Number(w.intent_prev))
    }
  })

  it('has no retail in the last 5 days where planted so, and excess stock where planted so', async () => {
    const kinds = result.planted
    expect(kinds.some((p) => p.noRetail)).toBe(true)
    expect(kinds.some((p) => p.excessStock)).toBe(true)
    for (const p of kinds) {
      const codes = p.dealers.map((d) => `'${d}'`).join(', ')
      const r = await one(`SELECT
          (SELECT count(*) FROM retail WHERE dealer_code IN (${codes})
            AND retail_date::DATE BETWEEN DATE '${AS_OF}' - 4 AND DATE '${AS_OF}') AS retail_5d,
          (SELECT count(*) FROM customer_pipeline WHERE dealer_code IN (${codes})
            AND created_at::DATE BETWEEN DATE '${AS_OF}' - 4 AND DATE '${AS_OF}') AS leads_5d,
          (SELECT sum(total_qty) FROM stocks WHERE dealer_code IN (${codes}) AND as_of_date = DATE '${AS_OF}') AS total_stock,
          (SELECT sum(saleable_qty) FROM stocks WHERE dealer_code IN (${codes}) AND as_of_date = DATE '${AS_OF}') AS saleable_stock`)
      if (p.noRetail) expect(Number(r.retail_5d), p.taluka).toBe(0)
      if (p.retailPush) expect(Number(r.retail_5d), p.taluka).toBeGreaterThan(0)
      if (p.excessStock)
        expect(Number(r.total_stock), p.taluka).toBeGreaterThan(2 * Number(r.leads_5d))
      if (p.shortStock)
        expect(Number(r.saleable_stock), p.taluka).toBeLessThanOrEqual(p.dealers.length * 2)
    }
  })

  it('names the same events without writing files (plantedEvents)', async () => {
    expect(await plantedEvents({ opportunities: N, seed: SEED, asOf: AS_OF })).toEqual(
      result.planted,
    )
  })
})

describe('geography', () => {
  it('finds every curated SCV district in the package with at least two usable talukas', async () => {
    const db = await DuckDBInstance.create(':memory:')
    const c = await db.connect()
    try {
      await loadGeography(c)
      const found = await rows(
        c,
        `SELECT d.state, d.district, count(t.taluka) AS talukas
        FROM district_list d LEFT JOIN geo_taluka t USING (state, district) GROUP BY ALL`,
      )
      expect(found.length).toBe(districtRows().length)
      expect(found.length).toBeGreaterThanOrEqual(60)
      const missing = found.filter((r) => Number(r.talukas) < 2).map((r) => r.district)
      expect(missing).toEqual([])
      // unusable package rows are skipped
      expect(
        Number(
          (await rows(c, "SELECT count(*) AS n FROM geo_pincode WHERE taluka IN ('Na', 'Nil')"))[0]
            .n,
        ),
      ).toBe(0)
    } finally {
      c.closeSync()
      db.closeSync()
    }
  })

  it('scales dealers with the data set: about 600 from 90k opportunities', () => {
    expect(dealerCount(1_000_000)).toBe(600)
    expect(dealerCount(90_000)).toBe(600)
    expect(dealerCount(20_000)).toBeLessThan(600)
    expect(dealerCount(500)).toBeGreaterThanOrEqual(12)
  })
})

describe('scv generate command', () => {
  it('writes the six files and prints the planted events', async () => {
    const dir = join(root, 'cli')
    const out: string[] = []
    const code = await main(
      ['generate', '--opportunities', '500', '--seed', '3', '--as-of', AS_OF, '--out', dir],
      (s) => out.push(s),
    )
    expect(code).toBe(0)
    for (const table of TABLES) expect(existsSync(join(dir, `${table}.csv`)), table).toBe(true)
    expect(out.join('\n')).toMatch(/Planted market events/)
  })

  it('rejects a non-numeric --opportunities and a bad --as-of with exit 2 and one line', () => {
    for (const args of [
      ['--opportunities', 'abc'],
      ['--as-of', '2026-13-45'],
    ]) {
      const r = spawnSync(
        process.execPath,
        ['bin/scv.js', 'generate', ...args, '--out', join(root, 'never')],
        { cwd: join(import.meta.dirname, '../..'), encoding: 'utf8' },
      )
      expect(r.status, args.join(' ')).toBe(2)
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1)
      expect(r.stderr, args.join(' ')).toMatch(args[0])
    }
    expect(existsSync(join(root, 'never'))).toBe(false)
  })

  it('rejects sizes out of range and a negative seed with exit 2', async () => {
    for (const args of [
      ['--opportunities', '50'],
      ['--opportunities', '5000001'],
      ['--seed=-1'],
      ['--seed', '1.5'],
    ])
      expect(await main(['generate', ...args, '--out', join(root, 'never')]), args.join(' ')).toBe(
        2,
      )
    expect(existsSync(join(root, 'never'))).toBe(false)
  })
})
