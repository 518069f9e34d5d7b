// Dashboard area benchmark: server time and gzip weight of the dashboard, hotspot and admin pages on
// the 1M-opportunity warehouse, measured through createApp(...).request() with a signed-in session.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { createApp } from '../app/server.ts'
import { addUser } from '../app/users.ts'
import { addDays } from '../data/dates.ts'
import { openWarehouse, rows, type Warehouse } from '../data/warehouse.ts'
import { generate } from '../pipelines/generate/generate.ts'
import { computeHotspots } from '../pipelines/hotspots/hotspots.ts'
import { ingestPaths } from '../pipelines/ingest/ingest.ts'
import { scoreAll } from '../pipelines/score/score.ts'
import { copyWarehouse } from './copy.ts'
import type { BenchContext, BenchRow } from './types.ts'

const FALLBACK_AS_OF = '2026-11-23'
const PASSWORD = 'bench-dashboard-1'
const ORIGIN = 'http://localhost'
/** past as-of dates with hotspot rows, so the taluka trend has a history to draw */
const HISTORY_DAYS = 5

/** The shared warehouse (copied, so the users and sessions we add stay out of it), or one built here. */
async function warehouse(ctx: BenchContext): Promise<{ path: string; asOf: string }> {
  const path = join(ctx.dir, 'dashboard-bench.duckdb')
  let asOf = typeof ctx.state.asOf === 'string' ? ctx.state.asOf : FALLBACK_AS_OF
  // no shared warehouse (this area run alone): build one of our own, kept between runs
  const source = existsSync(ctx.dbPath)
    ? ctx.dbPath
    : join(ctx.dir, `dashboard-source-${ctx.opportunities}.duckdb`)
  if (!existsSync(source)) {
    const dataDir = join(ctx.dir, `dashboard-demo-${ctx.opportunities}`)
    if (!existsSync(join(dataDir, 'customer_pipeline.csv')))
      await generate({ opportunities: ctx.opportunities, seed: 1, asOf, outDir: dataDir })
    const db = await openWarehouse(source)
    await ingestPaths(db, [dataDir])
    await db.close()
  }
  copyWarehouse(source, path)
  const db = await openWarehouse(path)
  try {
    const [latest] = await db.withConnection((c) =>
      rows<{ d: string | null }>(c, 'select max(created_at)::DATE as d from customer_pipeline'),
    )
    if (typeof ctx.state.asOf !== 'string' && latest.d) asOf = latest.d
  } finally {
    await db.close()
  }
  return { path, asOf }
}

/** Scores and computes hotspots where the earlier areas have not (idempotent, not measured). */
async function prepare(db: Warehouse, ctx: BenchContext, asOf: string): Promise<void> {
  const count = (sql: string, params: string[] = []) =>
    db.withConnection(async (c) => (await rows<{ n: number }>(c, sql, params))[0].n)
  if ((await count('select count(*) as n from lead_list')) === 0)
    await db.write((conn) => scoreAll(conn, ctx.config.score, { asOf, triggeredBy: 'bench' }))
  for (let i = HISTORY_DAYS - 1; i >= 0; i--) {
    const d = addDays(asOf, -i)
    const have = await count(
      'select count(*) as n from macro_market_hotspot_taluka_5d where as_of_date = $1::DATE',
      [d],
    )
    if (have === 0) await db.write((conn) => computeHotspots(conn, ctx.config, d))
  }
  await db.write(async (conn) => {
    const [{ state }] = await rows<{ state: string }>(
      conn,
      `select state from dealer_geo where as_of_date = $1::DATE group by state
       order by count(*) desc, state limit 1`,
      [asOf],
    )
    for (const u of [
      { username: 'bench-leader', role: 'leadership' },
      { username: 'bench-regional', role: 'regional', states: [state] },
      { username: 'bench-admin', role: 'admin' },
    ])
      await addUser(conn, { ...u, password: PASSWORD }, { replace: true })
    await conn.run('CHECKPOINT')
  })
}

type App = ReturnType<typeof createApp>

async function signIn(app: App, username: string): Promise<string> {
  const res = await app.request(`${ORIGIN}/login`, {
    method: 'POST',
    headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password: PASSWORD }).toString(),
  })
  if (res.status !== 303) throw new Error(`bench login of ${username} failed (${res.status})`)
  return (res.headers.get('Set-Cookie') ?? '').split(';')[0]
}

interface Timing {
  first: number
  median: number
  max: number
  gzipKb: number
}

/** The first request (cold caches), then `n` more: server time in ms, and the page's gzip size. */
async function measure(app: App, cookie: string, path: string, n = 10): Promise<Timing> {
  const once = async () => {
    const t0 = performance.now()
    const res = await app.request(`${ORIGIN}${path}`, { headers: { Cookie: cookie } })
    const body = await res.text()
    const ms = performance.now() - t0
    if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`)
    return { ms, body }
  }
  const first = await once()
  const times: number[] = []
  for (let i = 0; i < n; i++) times.push((await once()).ms)
  times.sort((a, b) => a - b)
  return {
    first: Math.round(first.ms),
    median: Math.round(times[Math.floor(times.length / 2)]),
    max: Math.round(times[times.length - 1]),
    gzipKb: Math.round(gzipSync(first.body, { level: 6 }).length / 102.4) / 10,
  }
}

export default async function dashboard(ctx: BenchContext): Promise<BenchRow[]> {
  const out: BenchRow[] = []
  const { path, asOf } = await warehouse(ctx)
  const db = await openWarehouse(path, { purpose: 'bench dashboard' })
  try {
    await prepare(db, ctx, asOf)
    const app = createApp({ db, config: ctx.config })
    const leader = await signIn(app, 'bench-leader')
    const regional = await signIn(app, 'bench-regional')
    const admin = await signIn(app, 'bench-admin')
    const [place] = await db.withConnection((c) =>
      rows<{ state: string; district: string; taluka: string }>(
        c,
        `select state, district, taluka from macro_market_hotspot_taluka_5d where as_of_date = $1::DATE
         order by leads_5d desc limit 1`,
        [asOf],
      ),
    )
    const trend = new URLSearchParams({ date: asOf, ...place }).toString()
    const pages: { measure: string; cookie: string; path: string; budget: number; kb?: number }[] =
      [
        {
          measure: 'dashboard (leadership, all India)',
          cookie: leader,
          path: '/dashboard',
          budget: 300,
          kb: 80,
        },
        {
          measure: 'dashboard (regional, one state)',
          cookie: regional,
          path: '/dashboard',
          budget: 300,
          kb: 80,
        },
        {
          measure: 'dashboard filtered (PPL ACE, 30 days)',
          cookie: leader,
          path: `/dashboard?ppl=ACE&from=${addDays(asOf, -29)}&to=${asOf}`,
          budget: 300,
          kb: 80,
        },
        {
          measure: 'dashboard top-20 CSV',
          cookie: leader,
          path: '/dashboard/csv/top20',
          budget: 300,
        },
        {
          measure: 'hotspot page with a taluka trend',
          cookie: leader,
          path: `/hotspots?${trend}`,
          budget: 200,
        },
        { measure: 'admin page', cookie: admin, path: '/admin', budget: 200 },
        {
          measure: 'admin page with alert preview',
          cookie: admin,
          path: `/admin?alert=${asOf}`,
          budget: 200,
        },
      ]
    for (const p of pages) {
      const t = await measure(app, p.cookie, p.path)
      out.push({
        area: 'dashboard',
        measure: `${p.measure}: server time, median of 10 (first ${t.first} ms, max ${t.max} ms)`,
        value: t.median,
        unit: 'ms',
        budget: `≤ ${p.budget} ms`,
        ok: t.median <= p.budget,
      })
      if (p.kb)
        out.push({
          area: 'dashboard',
          measure: `${p.measure}: page weight`,
          value: t.gzipKb,
          unit: 'KB gzip',
          budget: `≤ ${p.kb} KB`,
          ok: t.gzipKb <= p.kb,
        })
    }
  } finally {
    await db.close()
  }
  return out
}
