// App benchmark: page weights, Today and lead detail under 50 connections, recording an action, server memory.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { createRequire } from 'node:module'
import { assetSizes } from '../app/routes/static.ts'
import { createDemoUsers, demoPassword } from '../app/users.ts'
import { todayIST } from '../data/dates.ts'
import { openWarehouse, rows } from '../data/warehouse.ts'
import { refreshScoreFacts, scoreAll } from '../pipelines/score/score.ts'
import { copyWarehouse } from './copy.ts'
import { type BenchContext, type BenchRow, seconds } from './types.ts'

const SYNTHETIC_AS_OF = '2026-11-24'

/** The part of autocannon's result we read (the package ships no types). */
interface LoadResult {
  latency: { p50: number; p99: number }
  requests: { average: number; total: number }
  non2xx: number
  errors: number
}
const autocannon = createRequire(import.meta.url)('autocannon') as (
  options: Record<string, unknown>,
) => Promise<LoadResult>

/** The scored warehouse to measure on: the shared 1M one, else the score bench's synthetic one, else a new synthetic one. */
async function sourceWarehouse(ctx: BenchContext): Promise<{ path: string; source: string }> {
  if (existsSync(ctx.dbPath)) {
    const db = await openWarehouse(ctx.dbPath, { readOnly: true })
    const scored = await db
      .withConnection((c) => rows<{ n: number }>(c, 'select count(*) as n from lead_list'))
      .then(([r]) => r.n > 0)
      .catch(() => false)
      .finally(() => db.close())
    if (scored) return { path: ctx.dbPath, source: 'demo warehouse' }
  }
  const scored = join(ctx.dir, `score-synthetic-${ctx.opportunities}.duckdb`)
  if (existsSync(scored)) return { path: scored, source: 'synthetic warehouse' }
  const path = join(ctx.dir, `app-synthetic-${ctx.opportunities}.duckdb`)
  if (!existsSync(path)) {
    const db = await openWarehouse(path)
    try {
      await db.write(async (conn) => {
        const text = readFileSync(join(import.meta.dirname, 'score_synthetic.sql'), 'utf8')
        for (const statement of text.split(/;\s*\n/)) {
          const code = statement.replace(/--.*$/gm, '').trim()
          if (!code) continue
          const params: Record<string, string | number> = {}
          if (code.includes('$n')) params.n = ctx.opportunities
          if (code.includes('$as_of')) params.as_of = SYNTHETIC_AS_OF
          await conn.run(statement, params)
        }
        await scoreAll(conn, ctx.config.score, { asOf: SYNTHETIC_AS_OF, triggeredBy: 'bench' })
        await conn.run('CHECKPOINT')
      })
    } finally {
      await db.close()
    }
  }
  return { path, source: 'synthetic warehouse' }
}

/** CPU seconds (user + system) the process has used so far. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100 // utime, stime in clock ticks (100/s)
}

function peakRss(pid: number): { peak: number; now: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0)
  return { peak: Math.round(kb('VmHWM') / 1024), now: Math.round(kb('VmRSS') / 1024) }
}

export default async function app(ctx: BenchContext): Promise<BenchRow[]> {
  const out: BenchRow[] = []
  const row = (
    measure: string,
    value: number | string,
    unit: string,
    budget?: string,
    ok?: boolean,
  ) => out.push({ area: 'app', measure, value, unit, budget, ok })

  const { path: source, source: label } = await sourceWarehouse(ctx)
  // measure on a copy: recording actions must not change the warehouse later areas read
  const dbPath = join(ctx.dir, 'app-bench.duckdb')
  copyWarehouse(source, dbPath)

  const db = await openWarehouse(dbPath, { purpose: 'bench app' })
  let rep: { username: string; password: string }
  try {
    // the state after the morning run: facts as of the day the server records actions for (what
    // the inbox job and an admin upload do after loading a file, timed when it recomputes them)
    const started = performance.now()
    if (await db.write((c) => refreshScoreFacts(c, ctx.config.score, todayIST())))
      row(
        'recompute the score facts single rescores read (after a load, scores nothing)',
        seconds(started),
        's',
      )
    const users = await createDemoUsers(db)
    rep = users.find((u) => u.role === 'rep')!
    const [c] = await db.withConnection((conn) =>
      rows<{ n: number; leads: number }>(
        conn,
        `select count(*) as leads, (select count(*) from customer_pipeline) as n from lead_list`,
      ),
    )
    row(
      `warehouse: ${label}, ${c.leads.toLocaleString('en')} open leads`,
      c.n.toLocaleString('en'),
      'opportunities',
    )
  } finally {
    await db.close()
  }

  const configPath = join(ctx.dir, 'app-bench.json')
  writeFileSync(configPath, JSON.stringify({ schedule: { enabled: false } }))
  const child = spawn(
    process.execPath,
    ['bin/scv.js', 'serve', '--db', dbPath, '--config', configPath, '--port', '0'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  const base = await new Promise<string>((resolve, reject) => {
    let text = ''
    child.stdout.on('data', (d) => {
      text += d
      const m = /serving (http:\/\/[^/\s]+)\//.exec(text)
      if (m) resolve(m[1])
    })
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${text}`)))
  })
  try {
    const login = await fetch(`${base}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: rep.username, password: demoPassword('rep') }),
    })
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]
    if (login.status !== 303 || !cookie) throw new Error(`bench login failed: ${login.status}`)
    const headers = { cookie }

    const today = await (await fetch(`${base}/`, { headers })).text()
    const csrf = /name="_csrf" value="([^"]+)"/.exec(today)?.[1] ?? ''
    const lead = /href="\/leads\/([^"]+)"/.exec(today)?.[1] ?? ''
    // page weight with a full page of leads: the manager's Today (the rep may have fewer than 50)
    for (const who of ['rep', 'manager'] as const) {
      const r = await fetch(`${base}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ username: `demo-${who}`, password: demoPassword(who) }),
      })
      const c = (r.headers.get('set-cookie') ?? '').split(';')[0]
      const html = await (await fetch(`${base}/`, { headers: { cookie: c } })).text()
      const shown = (html.match(/class="lead[ "]/g) ?? []).length
      const size = gzipSync(html, { level: 6 }).length
      row(
        `Today HTML of the ${who}, ${shown} leads, gzip`,
        Math.round(size / 102.4) / 10,
        'KB',
        '≤ 14 KB',
        size <= 14 * 1024,
      )
    }
    row(
      'all JavaScript (htmx, no app script), gzip',
      Math.round(assetSizes.jsGzip / 102.4) / 10,
      'KB',
      '≤ 16 KB',
      assetSizes.jsGzip <= 16 * 1024,
    )
    row(
      'CSS (raw / gzip)',
      `${Math.round(assetSizes.css / 102.4) / 10} / ${Math.round(assetSizes.cssGzip / 102.4) / 10}`,
      'KB',
      '≤ 8 KB',
      assetSizes.css <= 8 * 1024,
    )

    const load = async (title: string, url: string) => {
      await autocannon({ url, connections: 10, duration: 2, headers }) // warm-up
      const cpu0 = cpuSeconds(child.pid!)
      const r = await autocannon({ url, connections: 50, duration: 10, headers })
      const cpuMs = ((cpuSeconds(child.pid!) - cpu0) * 1000) / Math.max(1, r.requests.total)
      const non2xx = r.non2xx + r.errors
      // what a request costs the server, independent of other load on the machine
      row(`${title}: server CPU per request`, Math.round(cpuMs * 10) / 10, 'ms')
      row(
        `${title}: p50 / p99 latency, 50 connections`,
        `${r.latency.p50} / ${r.latency.p99}`,
        'ms',
        'p99 ≤ 50 ms',
        r.latency.p99 <= 50 && non2xx === 0,
      )
      row(
        `${title}: throughput`,
        Math.round(r.requests.average),
        'req/s',
        '≥ 500 req/s',
        r.requests.average >= 500 && non2xx === 0,
      )
    }
    await load('Today', `${base}/`)
    await load('lead detail', `${base}/leads/${lead}`)

    const form = new URLSearchParams({
      _csrf: csrf,
      action_type: 'called',
      connected: 'yes',
      duration_min: '2',
    }).toString()
    const record = (connections: number, amount: number) =>
      autocannon({
        url: `${base}/leads/${lead}/actions`,
        method: 'POST',
        connections,
        amount,
        headers: {
          ...headers,
          origin: base,
          'HX-Request': 'true',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: form,
      })
    // one rep at a time: what a rep sees when nobody else is recording (not the budget's measure);
    // the first actions after a start prepare the rescore's statements (not counted)
    await record(1, 5)
    const alone = await record(1, 50)
    row(
      'record an action, one connection: p50 / p99',
      `${alone.latency.p50} / ${alone.latency.p99}`,
      'ms',
    )
    const action = await record(4, 200)
    row(
      'record an action (write + rescore + fragment): p50 / p99, 4 connections',
      `${action.latency.p50} / ${action.latency.p99}`,
      'ms',
      'p99 ≤ 100 ms',
      action.latency.p99 <= 100 && action.non2xx + action.errors === 0,
    )
    const rss = peakRss(child.pid!)
    row(
      'server memory (RSS peak / now)',
      `${rss.peak} / ${rss.now}`,
      'MB',
      '≤ 600 MB',
      rss.peak <= 600,
    )
  } finally {
    child.kill('SIGTERM')
    await new Promise((r) => child.once('exit', r))
  }
  return out
}
