import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rows } from '../../data/warehouse.ts'
import { startSmtp } from '../../pipelines/alert/testing.ts'
import { chartIds } from '../dashboard/charts.ts'
import { toCsv } from '../dashboard/csv.ts'
import { AS_OF, OPEN } from '../dashboard/fixture.ts'
import { parseFilters } from '../dashboard/filters.ts'
import { funnel, topLeads } from '../dashboard/queries.ts'
import { PASSWORD, openHarness, signIn, type Client, type Harness } from '../dashboard/testing.ts'
import { addUser } from '../users.ts'
import type { User } from '../auth/scope.ts'

const LEADER: User = {
  username: 'leader',
  role: 'leadership',
  dealer_codes: [],
  dse_id: null,
  states: [],
  districts: [],
  lang: 'en',
}

let h: Harness
let dir: string
const as: Record<string, Client> = {}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scv-dash-'))
  h = await openHarness(dir)
  for (const u of ['rep1', 'manager1', 'regional-gj', 'leader', 'admin'])
    as[u] = await signIn(h.app, u)
}, 120_000)

afterAll(async () => {
  await h?.db.close()
  rmSync(dir, { recursive: true, force: true })
})

const trendQ = `?date=${AS_OF}&state=Maharashtra&district=Pune&taluka=Haveli`
const leadershipGets = [
  '/dashboard',
  '/dashboard?state=Gujarat&ppl=ACE',
  '/dashboard/chart/top20',
  '/dashboard/csv/top20',
  '/dashboard/csv/funnel?from=2020-01-01',
  '/hotspots',
  `/hotspots${trendQ}`,
  `/hotspots/trend${trendQ}`,
  `/hotspots/csv/talukas?date=${AS_OF}`,
  `/hotspots/csv/map?date=${AS_OF}`,
  `/hotspots/csv/top3?date=${AS_OF}`,
  `/hotspots/csv/trend${trendQ}`,
]
const adminGets = [
  '/admin',
  `/admin?alert=${AS_OF}`,
  '/admin/run/status',
  '/admin/rejected/1',
  `/admin/alert/preview?date=${AS_OF}`,
]

async function csvOf(res: Response) {
  expect(res.status).toBe(200)
  expect(res.headers.get('Content-Type')).toMatch(/^text\/csv/)
  return res.text()
}

describe('authorisation', () => {
  it('a rep and a manager get 404 for every dashboard, hotspot and admin page, fragment and download', async () => {
    for (const who of ['rep1', 'manager1']) {
      for (const path of [...leadershipGets, ...adminGets]) {
        const page = await as[who].get(path)
        expect(page.status, `${who} ${path}`).toBe(404)
        const fragment = await as[who].get(path, { 'HX-Request': 'true' })
        expect(fragment.status, `${who} ${path} (htmx)`).toBe(404)
      }
      const form = new FormData()
      form.set('_csrf', as[who].csrf)
      form.set('file', new File(['dealer_code\nDX\n'], 'dealers_x.csv'))
      expect((await as[who].post('/admin/upload', form)).status).toBe(404)
      const run = new URLSearchParams({ _csrf: as[who].csrf, date: AS_OF })
      expect(
        (
          await as[who].post('/admin/run', run, {
            'Content-Type': 'application/x-www-form-urlencoded',
          })
        ).status,
      ).toBe(404)
    }
    const [n] = await h.db.withConnection((conn) =>
      rows<{ n: number }>(conn, "select count(*) as n from dealers where dealer_code = 'DX'"),
    )
    expect(n.n).toBe(0)
  })

  it('regional and leadership users get the dashboard and hotspots, but not admin', async () => {
    for (const who of ['regional-gj', 'leader']) {
      for (const path of leadershipGets) {
        const res = await as[who].get(path)
        // a Gujarat user asking for a Pune taluka's trend gets 404: outside the scope
        const outside = who === 'regional-gj' && /^\/hotspots\/(trend|csv\/trend)/.test(path)
        // without htmx the trend link lands on the hotspot page
        const expected = outside ? 404 : path.startsWith('/hotspots/trend') ? 302 : 200
        expect(res.status, `${who} ${path}`).toBe(expected)
      }
      for (const path of adminGets) expect((await as[who].get(path)).status, path).toBe(404)
    }
    for (const path of adminGets.slice(0, 2))
      expect((await as.admin.get(path)).status, path).toBe(200)
    // the run status is a fragment; a plain request is sent to the admin page
    expect((await as.admin.get('/admin/run/status')).status).toBe(302)
  })

  it('every POST of the admin console is 404 for everyone but admin, and changes nothing', async () => {
    const form = { 'Content-Type': 'application/x-www-form-urlencoded' }
    for (const who of ['rep1', 'manager1', 'regional-gj', 'leader']) {
      const upload = new FormData()
      upload.set('_csrf', as[who].csrf)
      upload.set('file', new File(['dealer_code\nDY\n'], 'dealers_y.csv'))
      expect((await as[who].post('/admin/upload', upload)).status, `${who} upload`).toBe(404)
      const run = new URLSearchParams({ _csrf: as[who].csrf, date: AS_OF })
      expect((await as[who].post('/admin/run', run, form)).status, `${who} run`).toBe(404)
      const send = new URLSearchParams({ _csrf: as[who].csrf, date: AS_OF, to: 'x@example.com' })
      expect((await as[who].post('/admin/alert/send', send, form)).status, `${who} send`).toBe(404)
      const style = await as[who].get('/admin/alert/style/x.css')
      expect(style.status, `${who} style`).toBe(404)
    }
    const [n] = await h.db.withConnection((conn) =>
      rows<{ n: number }>(
        conn,
        "select (select count(*) from dealers where dealer_code = 'DY') + (select count(*) from pipeline_runs where triggered_by like 'admin:%') as n",
      ),
    )
    expect(n.n).toBe(0)
    // not run in the background either: the admin's run status is still idle
    const status = await as.admin.get('/admin/run/status', { 'HX-Request': 'true' })
    expect(await status.text()).not.toMatch(/running|succeeded|failed/)
  })

  it('every chart, fragment and CSV of the dashboard is 404 for a rep and a manager, 200 for leadership', async () => {
    for (const id of chartIds) {
      for (const path of [`/dashboard/chart/${id}`, `/dashboard/csv/${id}.csv`]) {
        for (const who of ['rep1', 'manager1'])
          expect((await as[who].get(path, { 'HX-Request': 'true' })).status, `${who} ${path}`).toBe(
            404,
          )
        expect((await as.leader.get(path)).status, path).toBe(200)
      }
    }
    expect((await as.leader.get('/dashboard/chart/nope')).status).toBe(404)
    expect((await as.leader.get('/dashboard/csv/toString')).status).toBe(404)
  })

  it('anonymous requests go to the login page', async () => {
    const res = await h.app.request('http://localhost/dashboard')
    expect(res.status).toBe(302)
    expect(res.headers.get('Location')).toBe('/login')
  })

  it("a regional user's charts and CSVs contain only their region", async () => {
    const csv = await csvOf(await as['regional-gj'].get('/dashboard/csv/top20?from=2020-01-01'))
    const lines = csv.trim().split('\r\n').slice(1)
    expect(lines.length).toBe(OPEN.filter((o) => o.state === 'Gujarat').length)
    expect(lines.every((l) => l.split(',')[3] === 'D3')).toBe(true)
    const page = await (await as['regional-gj'].get('/dashboard?from=2020-01-01')).text()
    const ids = [...page.matchAll(/OP\d{4}/g)].map((m) => m[0])
    expect(ids.length).toBeGreaterThan(0)
    const gujarat = new Set(OPEN.filter((o) => o.state === 'Gujarat').map((o) => o.opty_id))
    expect(ids.every((id) => gujarat.has(id))).toBe(true)
    expect(page).not.toContain('Pune Motors')
    const talukas = await csvOf(await as['regional-gj'].get(`/hotspots/csv/talukas?date=${AS_OF}`))
    expect(
      talukas
        .trim()
        .split('\r\n')
        .slice(1)
        .map((l) => l.split(',')[0]),
    ).toEqual(['Choryasi'])
    const hot = await (await as['regional-gj'].get('/hotspots')).text()
    expect(hot).toContain('Choryasi')
    expect(hot).not.toContain('Haveli')
  })
})

describe('dashboard', () => {
  it('renders every chart as SVG with a table and a CSV link, filters kept in the URLs', async () => {
    const res = await as.leader.get('/dashboard?ppl=ACE&from=2020-01-01')
    expect(res.status).toBe(200)
    const html = await res.text()
    for (const id of ['top20', 'by_enquiry', 'ppl', 'funnel', 'scores', 'daily']) {
      expect(html).toContain(`id="chart-${id}"`)
      expect(html).toContain(
        `href="/dashboard/csv/${id}?ppl=ACE&amp;from=2020-01-01&amp;to=${AS_OF}"`,
      )
    }
    expect(html.match(/<svg[^>]*role="img"/g)?.length).toBe(6)
    // each chart is drawn with its own title and description (i18n keys chart.<id>, chart.<id>.desc)
    const en = JSON.parse(readFileSync('views/i18n/en.json', 'utf8')) as Record<string, string>
    for (const id of chartIds) {
      const svg = /<svg[^>]*role="img"[\s\S]*?<\/svg>/.exec(
        html.slice(html.indexOf(`id="chart-${id}"`)),
      )?.[0]
      expect(svg, id).toContain(`aria-label="${en[`chart.${id}`]}"`)
      expect(svg, id).toContain(en[`chart.${id}.desc`].slice(0, 30))
    }
    expect(html).toContain('<option value="ACE" selected="">')
    expect(html).not.toMatch(/<script(?![^>]*src=)/)
  })

  it('an htmx request gets the charts fragment only', async () => {
    const res = await as.leader.get('/dashboard?state=Maharashtra', { 'HX-Request': 'true' })
    const html = await res.text()
    expect(html.startsWith('<div id="charts"')).toBe(true)
    expect(html).not.toContain('<html')
  })

  it('the top-20 CSV equals the query behind the chart, and the chart draws those 20 rows', async () => {
    const f = parseFilters({ from: '2020-01-01' }, AS_OF)
    const expected = await h.db.withConnection(async (conn) => topLeads(conn, LEADER, f, 20))
    const csv = await csvOf(await as.leader.get('/dashboard/csv/top20?from=2020-01-01'))
    expect(csv).toBe(
      toCsv(expected, [
        'rank',
        'customer_name',
        'opty_id',
        'dealer_code',
        'ppl',
        'pl',
        'enquiry_type',
        'lead_classification',
        'stage',
        'total_score',
        'next_best_action',
      ]),
    )
    expect(expected.length).toBe(20)
    const card = await (
      await as.leader.get('/dashboard/chart/top20?from=2020-01-01', { 'HX-Request': 'true' })
    ).text()
    expect(card.match(/<rect /g)?.length).toBeGreaterThanOrEqual(20)
    const labels = [...card.matchAll(/<text[^>]*>(Customer \d+ · OP\d{4}[^<]*)<\/text>/g)].map(
      (m) => m[1],
    )
    expect(labels).toEqual(expected.map((r) => `${r.customer_name} · ${r.opty_id} · ${r.ppl}`))
  })

  it("the funnel's CSV matches a hand count", async () => {
    const csv = await csvOf(await as.leader.get('/dashboard/csv/funnel?dealer=D2&from=2020-01-01'))
    const f = parseFilters({ dealer: 'D2', from: '2020-01-01' }, AS_OF)
    const rowsDrawn = await h.db.withConnection((conn) => funnel(conn, LEADER, f))
    expect(csv).toBe(toCsv(rowsDrawn, ['stage', 'leads', 'conversion_pct']))
    expect(csv.split('\r\n')[1]).toBe('C0,20,')
  })

  it('speaks Hindi to a Hindi user', async () => {
    await h.db.write((conn) =>
      addUser(conn, { username: 'leader-hi', role: 'leadership', lang: 'hi', password: PASSWORD }),
    )
    const hi = await signIn(h.app, 'leader-hi')
    const html = await (await hi.get('/dashboard')).text()
    expect(html).toContain('<html lang="hi">')
    expect(html).toContain('स्कोर के अनुसार शीर्ष 20 लीड')
    expect(html).toContain('aria-label="स्कोर के अनुसार शीर्ष 20 लीड"')
    const hot = await (await hi.get('/hotspots')).text()
    expect(hot).toContain('बाज़ार हॉटस्पॉट')
  })

  it('a malformed filter does not break the page', async () => {
    const res = await as.leader.get('/dashboard?from=2026-13-45&to=nonsense&state=%3Cscript%3E')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).not.toContain('<script>')
  })
})

describe('hotspots', () => {
  it('shows the taluka table with status and growth, top 3, the map and the trend', async () => {
    const html = await (await as.leader.get(`/hotspots${trendQ}`)).text()
    expect(html).toContain('class="st st-HOTSPOT"')
    expect(html).toContain('+100.0%')
    expect(html).toContain('Top 3')
    expect(html).toContain('aria-label="Taluka map"')
    expect(html).toContain('aria-label="Trend of Haveli"')
    const trend = await as.leader.get(`/hotspots/trend${trendQ}`, { 'HX-Request': 'true' })
    expect((await trend.text()).startsWith('<div id="trend">')).toBe(true)
    const csv = await csvOf(await as.leader.get(`/hotspots/csv/trend${trendQ}`))
    expect(csv).toBe(
      `as_of_date,leads_5d,intent_5d,retail_5d,hotspot_status\r\n2026-11-22,11,9,0,HOTSPOT\r\n${AS_OF},12,9,0,HOTSPOT\r\n`,
    )
  })

  it('a new as-of date written to the warehouse shows at once on the hotspot page', async () => {
    const next = '2099-01-01'
    expect(await (await as.leader.get('/hotspots')).text()).not.toContain(next)
    const copy = `insert into macro_market_hotspot_taluka_5d
      select * replace (date '${next}' as as_of_date) from macro_market_hotspot_taluka_5d
      where as_of_date = '${AS_OF}'`
    await h.db.write((conn) => conn.run(copy))
    try {
      expect(await (await as.leader.get('/hotspots')).text()).toContain(next)
    } finally {
      await h.db.write((conn) =>
        conn.run(`delete from macro_market_hotspot_taluka_5d where as_of_date = '${next}'`),
      )
    }
    expect(await (await as.leader.get('/hotspots')).text()).not.toContain(next)
  })

  it("the map's CSV has the columns and rows of the map's table, in its order", async () => {
    const html = await (await as.leader.get(`/hotspots?date=${AS_OF}`)).text()
    const csv = await csvOf(await as.leader.get(`/hotspots/csv/map?date=${AS_OF}`))
    const [header, ...lines] = csv.trim().split('\r\n')
    expect(header).toBe('taluka,district,state,lat,lng,leads_5d,hotspot_status')
    expect(lines.length).toBeGreaterThan(0)
    for (const line of lines) expect(html).toContain(`<td>${line.split(',')[0]}</td>`)
  })
})

describe('admin', () => {
  const upload = async (name: string, text: string) => {
    const form = new FormData()
    form.set('_csrf', as.admin.csrf)
    form.set('file', new File([text], name, { type: 'text/csv' }))
    return as.admin.post('/admin/upload', form)
  }
  const count = async (table: string) =>
    (
      await h.db.withConnection((conn) =>
        rows<{ n: number }>(conn, `select count(*) as n from ${table}`),
      )
    )[0].n

  it('an upload refused whole shows the error and loads nothing', async () => {
    const before = await count('call_log')
    const res = await upload('call_log_bad.csv', 'call_id,opty_id\nC1,OP0001\n')
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain('Refused, nothing loaded')
    expect(html).toMatch(/called_at/)
    expect(html).toMatch(/duration_sec/)
    expect(await count('call_log')).toBe(before)
  })

  it('a good upload shows the row accounting and its rejected rows can be downloaded', async () => {
    const res = await upload(
      'dealers_new.csv',
      'dealer_code,dealer_name,state,lat\nD9,New Dealer,Goa,15.4\nD8,Another,Goa,not-a-number\nD9,New Dealer 2,Goa,15.5\n',
    )
    expect(res.status).toBe(200)
    const html = await res.text()
    const facts = [...html.matchAll(/<dt>([^<]+)<\/dt><dd>(\d+)<\/dd>/g)].map(
      (m) => `${m[1]}=${m[2]}`,
    )
    expect(facts).toEqual(['Read=3', 'Loaded=1', 'Rejected=1', 'Superseded=1'])
    const link = /href="(\/admin\/rejected\/\d+)"/.exec(html)?.[1]
    expect(link).toBeTruthy()
    const csv = await csvOf(await as.admin.get(link!))
    expect(csv.split('\r\n')[0]).toBe('file_name,table_name,line_number,reason,raw_line')
    expect(csv).toContain('not-a-number')
    expect(await count("dealers where dealer_code = 'D9'")).toBe(1)
    // the facts single rescores read were recomputed after the load (nothing was scored)
    const [kept] = await h.db.withConnection((conn) =>
      rows<{ sources: string; last: number }>(
        conn,
        `select sources, (select max(run_id) from ingest_runs where status = 'loaded') as last
         from score_facts_source`,
      ),
    )
    expect(kept.sources).toBe(String(kept.last))
    const again = await (
      await upload(
        'dealers_new.csv',
        'dealer_code,dealer_name,state,lat\nD9,New Dealer,Goa,15.4\nD8,Another,Goa,not-a-number\nD9,New Dealer 2,Goa,15.5\n',
      )
    ).text()
    expect(again).toContain('already loaded')
  })

  it('loads a Parquet upload through the same ingestion', async () => {
    const file = join(dir, 'dealers_pq.parquet')
    await h.db.withConnection((conn) =>
      conn.run(
        `COPY (SELECT 'DP' || i AS dealer_code, 'Parquet ' || i AS dealer_name, 'Goa' AS state
               FROM range(4) t(i)) TO '${file}' (FORMAT parquet)`,
      ),
    )
    const form = new FormData()
    form.set('_csrf', as.admin.csrf)
    form.set('file', new File([readFileSync(file)], 'dealers_pq.parquet'))
    const res = await as.admin.post('/admin/upload', form)
    expect(res.status).toBe(200)
    const facts = [...(await res.text()).matchAll(/<dt>([^<]+)<\/dt><dd>(\d+)<\/dd>/g)].map(
      (m) => `${m[1]}=${m[2]}`,
    )
    expect(facts).toEqual(['Read=4', 'Loaded=4', 'Rejected=0', 'Superseded=0'])
    expect(await count("dealers where dealer_code like 'DP%'")).toBe(4)
  })

  it('bad uploads are refused with 422, name no server path, and load nothing', async () => {
    const before = await count('dealers')
    const none = await upload('dealers_empty.csv', '')
    expect(none.status).toBe(422)
    expect(await none.text()).toContain('role="alert"')
    const withoutFile = new FormData()
    withoutFile.set('_csrf', as.admin.csrf)
    expect((await as.admin.post('/admin/upload', withoutFile)).status).toBe(422)
    for (const [name, text] of [
      ['no_such_table.csv', 'a,b\n1,2\n'],
      ['../../../dealers_up.csv', 'x,y\n1,2\n'],
      ['dealers_broken.parquet', 'PAR1 this is not parquet'],
    ]) {
      const res = await upload(name, text)
      expect(res.status, name).toBe(422)
      const html = await res.text()
      expect(html, name).toContain('role="alert"')
      expect(html, name).not.toContain(dir)
    }
    expect(await count('dealers')).toBe(before)
    expect(existsSync(join(dir, '..', 'dealers_up.csv'))).toBe(false)
  })

  it('an impossible date in the alert preview or hotspot links is ignored, not an error', async () => {
    expect((await as.admin.get('/admin?alert=2026-02-31')).status).toBe(200)
    expect((await as.admin.get('/admin/alert/preview?date=2026-02-31')).status).toBe(404)
    expect((await as.leader.get('/hotspots?date=2026-02-31')).status).toBe(200)
  })

  it('refuses an upload over the size limit with 413', async () => {
    const small = await openHarness(mkdtempSync(join(dir, 'limit-')), {
      server: { upload_max_mb: 0.001 },
    })
    try {
      const client = await signIn(small.app, 'admin')
      const form = new FormData()
      form.set('_csrf', client.csrf)
      form.set('file', new File(['dealer_code\n' + 'D1\n'.repeat(2000)], 'dealers_big.csv'))
      const res = await client.post('/admin/upload', form)
      expect(res.status).toBe(413)
      expect(await res.text()).toContain('larger than 0.001 MB')
    } finally {
      await small.db.close()
    }
  })

  it('a POST without the CSRF token is refused and loads nothing', async () => {
    const form = new FormData()
    form.set('file', new File(['dealer_code\nDZ\n'], 'dealers_z.csv'))
    expect((await as.admin.post('/admin/upload', form)).status).toBe(403)
    expect(await count("dealers where dealer_code = 'DZ'")).toBe(0)
  })

  it('previews the exact alert email with its styles as a same-origin sheet, and test-sends it', async () => {
    const page = await (await as.admin.get(`/admin?alert=${AS_OF}`)).text()
    expect(page).toContain('Macro Market Hotspot Alert')
    const preview = await as.admin.get(`/admin/alert/preview?date=${AS_OF}`)
    expect(preview.status).toBe(200)
    const html = await preview.text()
    expect(html).toContain('Haveli')
    expect(html).not.toMatch(/\sstyle="/)
    const sheet = /href="(\/admin\/alert\/style\/[0-9a-f]+\.css)"/.exec(html)?.[1]
    const css = await as.admin.get(sheet!)
    expect(css.status).toBe(200)
    expect(await css.text()).toContain('!important')
    expect((await as.admin.get('/admin/alert/preview?date=2001-01-01')).status).toBe(404)

    const smtp = await startSmtp()
    const saved = process.env.SCV_SMTP_URL
    process.env.SCV_SMTP_URL = smtp.url
    try {
      const body = new URLSearchParams({ _csrf: as.admin.csrf, date: AS_OF, to: 'ceo@example.com' })
      const sent = await as.admin.post('/admin/alert/send', body, {
        'Content-Type': 'application/x-www-form-urlencoded',
      })
      expect(sent.status).toBe(200)
      expect(smtp.received.length).toBe(1)
      expect(smtp.received[0].to).toEqual(['ceo@example.com'])
      const bad = new URLSearchParams({ _csrf: as.admin.csrf, date: AS_OF, to: 'not an address' })
      const refused = await (
        await as.admin.post('/admin/alert/send', bad, {
          'Content-Type': 'application/x-www-form-urlencoded',
        })
      ).text()
      expect(refused).toContain('not an email address')
      expect(smtp.received.length).toBe(1)
    } finally {
      if (saved === undefined) delete process.env.SCV_SMTP_URL
      else process.env.SCV_SMTP_URL = saved
      await smtp.close()
    }
  })

  it('runs the pipeline in the background and shows its progress until done', async () => {
    const body = new URLSearchParams({ _csrf: as.admin.csrf, date: AS_OF })
    const res = await as.admin.post('/admin/run', body, {
      'Content-Type': 'application/x-www-form-urlencoded',
    })
    expect(res.status).toBe(303)
    let status = ''
    for (let i = 0; i < 120; i++) {
      status = await (await as.admin.get('/admin/run/status', { 'HX-Request': 'true' })).text()
      if (!status.includes('hx-trigger="every 1s"')) break
      await new Promise((r) => setTimeout(r, 250))
    }
    expect(status).toContain('Finished')
    expect(status).toContain('score: succeeded')
    expect(status).toContain('hotspots: succeeded')
    const page = await (await as.admin.get('/admin')).text()
    expect(page).toContain(`<td>score</td><td>${AS_OF}</td><td>succeeded</td>`)
  })

  it('refuses "Run now" for a date that is not one, and starts nothing', async () => {
    const before = await (await as.admin.get('/admin')).text()
    for (const date of ['2026-02-31', 'yesterday']) {
      const body = new URLSearchParams({ _csrf: as.admin.csrf, date })
      const res = await as.admin.post('/admin/run', body, {
        'Content-Type': 'application/x-www-form-urlencoded',
      })
      expect(res.status).toBe(422)
      expect(await res.text()).toContain('enter a date as YYYY-MM-DD')
    }
    const after = await (await as.admin.get('/admin')).text()
    expect(after).not.toContain('Running since')
    const runsTable = (html: string) => html.slice(html.indexOf('id="h-runs"'))
    expect(runsTable(after)).toBe(runsTable(before))
  })

  it('lists the users with their scope', async () => {
    const html = await (await as.admin.get('/admin')).text()
    expect(html).toContain('regional-gj')
    expect(html).toContain('states Gujarat')
  })
})
