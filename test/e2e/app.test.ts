// The app through app.request(): authorisation matrix for every route and fragment × every role, CSRF, escaping, login throttling.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../app/server.ts'
import { rows, type Warehouse } from '../../data/warehouse.ts'
import type { Config } from '../../app/config.ts'
import { addDays, todayIST } from '../../data/dates.ts'
import { fixturePassword, openFixture } from './app-fixture.ts'
import { createExtrasCache } from '../../app/routes/leads.ts'
import { getUser } from '../../app/users.ts'
import type { User } from '../../app/auth/scope.ts'
import { kysely } from '../../data/kysely.ts'

const ORIGIN = 'http://localhost'
const FORM = 'application/x-www-form-urlencoded'

let dir: string
let db: Warehouse
let config: Config
let app: ReturnType<typeof createApp>
const sessions: Record<string, { cookie: string; csrf: string }> = {}

const open = {
  E1: ['OP-1001', 'OP-1002', 'OP-1003', 'OP-1004', 'OP-1005', 'OP-1006', 'OP-1007'],
  E2: ['OP-2001', 'OP-2002'],
  E3: ['OP-3001'],
  E4: ['OP-4001'],
}
const allOpen = [...open.E1, ...open.E2, ...open.E3, ...open.E4]
/** What each role may see among the open leads (the closed OP-1008 belongs to E1 at D1). */
const visible: Record<string, string[]> = {
  rep1: open.E1,
  rep2: open.E2,
  rep3: open.E3,
  manager1: [...open.E1, ...open.E2],
  manager2: open.E3,
  'regional-mh': [...open.E1, ...open.E2],
  'regional-ka': open.E4,
  leader: allOpen,
  admin: allOpen,
}
const seesClosed = new Set(['rep1', 'manager1', 'regional-mh', 'leader', 'admin'])
const everyLead = [...allOpen, 'OP-1008', 'OP-9999']

async function request(
  path: string,
  opts: {
    user?: string
    method?: string
    form?: Record<string, string>
    headers?: Record<string, string>
    address?: string
  } = {},
) {
  const headers: Record<string, string> = { ...opts.headers }
  if (opts.user) headers.cookie = sessions[opts.user].cookie
  let body: string | undefined
  if (opts.form) {
    headers['content-type'] = FORM
    body = new URLSearchParams(opts.form).toString()
  }
  const env = { incoming: { socket: { remoteAddress: opts.address ?? '127.0.0.1' } } }
  return app.request(
    path,
    { method: opts.method ?? (opts.form ? 'POST' : 'GET'), headers, body },
    env,
  )
}

const leadIds = (html: string) =>
  [...html.matchAll(/href="\/leads\/([^"/?]+)"/g)].map((m) => decodeURIComponent(m[1])).sort()

const actionCount = async () =>
  (await db.withConnection((c) => rows(c, 'select count(*) as n from lead_actions')))[0].n as number

async function login(username: string, address = '127.0.0.1') {
  return request('/login', {
    form: { username, password: fixturePassword },
    headers: { origin: ORIGIN },
    address,
  })
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scv-app-'))
  ;({ db, config } = await openFixture(dir))
  app = createApp({ db, config })
  for (const user of Object.keys(visible)) {
    const res = await login(user)
    expect(res.status).toBe(303)
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]
    const page = await app.request('/', { headers: { cookie } })
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? ''
    sessions[user] = { cookie, csrf }
  }
}, 120_000)

afterAll(async () => {
  await db?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('authorisation matrix', () => {
  for (const [user, expected] of Object.entries(visible)) {
    it(`${user}: Today lists exactly the leads of the scope, page and fragment`, async () => {
      const page = await request('/', { user })
      expect(page.status).toBe(200)
      expect(leadIds(await page.text())).toEqual([...expected].sort())
      const fragment = await request('/?page=1', { user, headers: { 'HX-Request': 'true' } })
      const html = await fragment.text()
      expect(html.startsWith('<section id="leads"')).toBe(true)
      expect(leadIds(html)).toEqual([...expected].sort())
      // searching by an id outside the scope finds nothing
      const outside = allOpen.find((id) => !expected.includes(id))
      if (outside) {
        const search = await request(`/?q=${outside}`, { user })
        expect(leadIds(await search.text())).toEqual([])
      }
    })

    it(`${user}: lead pages and fragments answer 404 outside the scope, existing or not`, async () => {
      for (const id of everyLead) {
        const allowed = expected.includes(id) || (id === 'OP-1008' && seesClosed.has(user))
        const page = await request(`/leads/${id}`, { user })
        expect([id, page.status]).toEqual([id, allowed ? 200 : 404])
        const fragment = await request(`/leads/${id}`, { user, headers: { 'HX-Request': 'true' } })
        expect([id, fragment.status]).toEqual([id, allowed ? 200 : 404])
        if (allowed) expect(await fragment.text()).toMatch(/^<article id="lead"/)
      }
    })

    it(`${user}: posting an action to a lead outside the scope is 404 and writes nothing`, async () => {
      const before = await actionCount()
      for (const id of everyLead.filter((x) => !expected.includes(x) && x !== 'OP-1008')) {
        for (const htmx of [false, true]) {
          const res = await request(`/leads/${id}/actions`, {
            user,
            form: {
              _csrf: sessions[user].csrf,
              action_type: 'called',
              connected: 'yes',
              duration_min: '3',
            },
            headers: { origin: ORIGIN, ...(htmx ? { 'HX-Request': 'true' } : {}) },
          })
          expect([id, res.status]).toEqual([id, 404])
        }
      }
      expect(await actionCount()).toBe(before)
    })
  }

  it('leadership may look but not record: 403 and nothing written', async () => {
    const before = await actionCount()
    const res = await request('/leads/OP-1001/actions', {
      user: 'leader',
      form: { _csrf: sessions.leader.csrf, action_type: 'visited' },
      headers: { origin: ORIGIN },
    })
    expect(res.status).toBe(403)
    const page = await res.text()
    expect(page).toMatch(/^<!doctype html>/)
    expect(page).toContain('<h1>403</h1>')
    const fragment = await request('/leads/OP-1001/actions', {
      user: 'leader',
      form: { _csrf: sessions.leader.csrf, action_type: 'visited' },
      headers: { origin: ORIGIN, 'HX-Request': 'true' },
    })
    expect(fragment.status).toBe(403)
    expect(await fragment.text()).toMatch(/^<p class="error" role="alert">[^<]+<\/p>$/)
    const missing = await request('/leads/OP-9999', { user: 'leader' })
    expect(await missing.text()).toContain('<h1>404</h1>')
    const missingFragment = await request('/leads/OP-9999', {
      user: 'leader',
      headers: { 'HX-Request': 'true' },
    })
    expect(await missingFragment.text()).toMatch(/^<p class="error" role="alert">[^<]+<\/p>$/)
    const noRoute = await request('/no/such/page', { user: 'leader' })
    expect(noRoute.status).toBe(404)
    expect(await noRoute.text()).toContain('<h1>404</h1>')
    expect(await actionCount()).toBe(before)
  })

  it('shows phone numbers only to the rep and manager of the lead dealer', async () => {
    for (const user of ['rep1', 'manager1']) {
      const html = await (await request('/', { user })).text()
      expect(html).toContain('tel:+919812345621')
      expect(html).toContain('https://wa.me/919812345621?text=')
    }
    for (const user of ['regional-mh', 'leader', 'admin']) {
      const html = await (await request('/leads/OP-1001', { user })).text()
      expect(html).toContain('98xxxxxx21')
      expect(html).not.toContain('9812345621')
      expect(html).not.toContain('wa.me')
    }
  })

  it('shows managers their team by DSE with overdue counts', async () => {
    const html = await (await request('/', { user: 'manager1' })).text()
    expect(html).toContain('class="team"')
    expect(html).toMatch(/href="\/\?dse=E1"/)
    expect(html).toMatch(/href="\/\?dse=E2"/)
    const e2 = await (await request('/?dse=E2', { user: 'manager1' })).text()
    expect(leadIds(e2)).toEqual(open.E2)
    // a rep cannot widen the scope with ?dse=
    const rep = await (await request('/?dse=E2', { user: 'rep1' })).text()
    expect(leadIds(rep)).toEqual(open.E1)
  })

  it('sends anonymous requests to /login and writes nothing', async () => {
    for (const path of ['/', '/?q=Ramesh', '/leads/OP-1001', '/leads/OP-9999']) {
      const res = await request(path)
      expect(res.status).toBe(302)
      expect(res.headers.get('location')).toBe('/login')
      const hx = await request(path, { headers: { 'HX-Request': 'true' } })
      expect(hx.status).toBe(401)
      expect(hx.headers.get('HX-Redirect')).toBe('/login')
    }
    const before = await actionCount()
    const post = await request('/leads/OP-1001/actions', {
      form: { action_type: 'visited' },
      headers: { origin: ORIGIN },
    })
    expect(post.status).toBe(303)
    expect(post.headers.get('location')).toBe('/login')
    expect(await actionCount()).toBe(before)
    // the language switch sits beside /login (before requireUser): anonymous, it is a redirect too
    const anonLang = (headers: Record<string, string>) =>
      request('/lang', { form: { lang: 'hi', next: '/' }, headers: { origin: ORIGIN, ...headers } })
    const plain = await anonLang({})
    expect(plain.status).toBe(303)
    expect(plain.headers.get('location')).toBe('/login')
    const hxLang = await anonLang({ 'HX-Request': 'true' })
    expect(hxLang.status).toBe(401)
    expect(hxLang.headers.get('HX-Redirect')).toBe('/login')
  })
})

describe('Today', () => {
  it('pins due follow-ups first, then orders by score', async () => {
    const html = await (await request('/', { user: 'rep1' })).text()
    const ids = [...html.matchAll(/href="\/leads\/([^"]+)"/g)].map((m) => m[1])
    expect(ids[0]).toBe('OP-1002') // follow-up overdue
    const scores = [...html.matchAll(/<span class="sr">Score <\/span>([\d.]+)/g)].map((m) =>
      Number(m[1]),
    )
    expect(scores.slice(1)).toEqual([...scores.slice(1)].sort((a, b) => b - a))
  })

  it('searches by name, phone and id, and filters by PPL, stage and class', async () => {
    const ids = async (q: string) =>
      leadIds(await (await request(`/?${q}`, { user: 'rep1' })).text())
    expect(await ids('q=kulkarni')).toEqual(['OP-1005'])
    expect(await ids('q=98220%2000006')).toEqual(['OP-1006'])
    expect(await ids('q=OP-1003')).toEqual(['OP-1003'])
    expect(await ids('ppl=INTRA')).toEqual(['OP-1002', 'OP-1007'])
    expect(await ids('stage=C1A')).toEqual(['OP-1003'])
    expect(await ids('cls=Hot')).toEqual(['OP-1001'])
    expect(await ids('q=%25')).toEqual([]) // LIKE wildcards are escaped
  })

  it('pages by server.page_size', async () => {
    const small = createApp({
      db,
      config: { ...config, server: { ...config.server, page_size: 3 } },
    })
    const get = async (q: string) =>
      (await small.request(`/${q}`, { headers: { cookie: sessions.rep1.cookie } })).text()
    const first = await get('')
    const third = await get('?page=3')
    expect(leadIds(first)).toHaveLength(3)
    expect(leadIds(third)).toHaveLength(1)
    expect(first).toContain('href="/?page=2"')
    expect(first).toContain('Page 1 of 3')
  })

  it('sends security headers, an ETag, and gzip when asked', async () => {
    const res = await request('/', { user: 'rep1', headers: { 'Accept-Encoding': 'gzip' } })
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('referrer-policy')).toBe('same-origin')
    expect(res.headers.get('content-encoding')).toBe('gzip')
    const etag = res.headers.get('etag')
    expect(etag).toMatch(/^W\/"/)
    const again = await request('/', { user: 'rep1', headers: { 'If-None-Match': etag! } })
    expect(again.status).toBe(304)
  })

  it('serves htmx and the CSS under hashed, immutable URLs without inline script or style', async () => {
    const html = await (await request('/', { user: 'rep1' })).text()
    const js = /src="(\/static\/htmx\.[0-9a-f]{12}\.js)"/.exec(html)?.[1]
    const css = /href="(\/static\/app\.[0-9a-f]{12}\.css)"/.exec(html)?.[1]
    expect(js && css).toBeTruthy()
    for (const url of [js!, css!]) {
      const res = await request(url)
      expect(res.status).toBe(200)
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    }
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/)
    expect(html).not.toMatch(/\sstyle=|\son[a-z]+=|hx-on|js:/i)
  })
})

describe('form fields', () => {
  it('labels every control: each label names an existing id or wraps its control', async () => {
    const pages = [
      await (await request('/login')).text(),
      await (await request('/', { user: 'manager1' })).text(),
      await (await request('/leads/OP-1001', { user: 'rep1' })).text(),
    ]
    let labelled = 0
    for (const html of pages) {
      expect(html).not.toMatch(/for="(undefined)?"/)
      for (const m of html.matchAll(/<label class="field"( for="([^"]+)")?><span>[^<]+<\/span>/g)) {
        labelled++
        if (m[2]) expect(html).toContain(`id="${m[2]}"`)
      }
    }
    // username, password; PPL, stage, class filters; duration, lost reason, 4 dates, 5 notes
    expect(labelled).toBe(2 + 3 + 11)
  })
})

describe('escaping', () => {
  it('renders a customer named <script>alert(1)</script> escaped everywhere', async () => {
    const pages = [
      await request('/', { user: 'rep1' }),
      await request('/?q=script', { user: 'rep1', headers: { 'HX-Request': 'true' } }),
      await request('/leads/OP-1004', { user: 'rep1' }),
      await request('/leads/OP-1004', { user: 'leader', headers: { 'HX-Request': 'true' } }),
    ]
    for (const res of pages) {
      const html = await res.text()
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
      expect(html).not.toContain('<script>alert(1)')
    }
  })
})

describe('recording actions', () => {
  it('writes the action and rescores at once; without JS it redirects (303)', async () => {
    const before = await actionCount()
    const date = addDays(todayIST(), 3)
    const res = await request('/leads/OP-1006/actions', {
      user: 'rep1',
      form: {
        _csrf: sessions.rep1.csrf,
        action_type: 'called',
        connected: 'yes',
        duration_min: '5',
        next_followup_date: date,
      },
      headers: { origin: ORIGIN },
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toMatch(/^\/leads\/OP-1006\?saved=55\.0&from=39\.0$/)
    expect(await actionCount()).toBe(before + 1)
    const [lead] = await db.withConnection((c) =>
      rows(c, "select total_score, pending_followup_date from lead_list where opty_id = 'OP-1006'"),
    )
    expect(lead).toEqual({ total_score: 55, pending_followup_date: date })
    const [action] = await db.withConnection((c) =>
      rows(c, "select * from lead_actions where opty_id = 'OP-1006'"),
    )
    expect(action).toMatchObject({
      user_name: 'rep1',
      dse_id: 'E1',
      action_type: 'called',
      connected: true,
      duration_sec: 300,
      next_followup_date: date,
    })
  })

  it('answers htmx with the updated fragment', async () => {
    const res = await request('/leads/OP-1007/actions', {
      user: 'manager1',
      form: { _csrf: sessions.manager1.csrf, action_type: 'visited', note: 'showroom visit' },
      headers: { origin: ORIGIN, 'HX-Request': 'true' },
    })
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toMatch(/^<article id="lead"/)
    expect(html).toContain('class="flash"')
    expect(html).toContain('showroom visit')
    // the reason codes of scv_customer_score in words, one item per code the score stored
    const [score] = await db.withConnection((c) =>
      rows<{ reason_codes: string[] }>(
        c,
        `select from_json(reason_codes, '["VARCHAR"]') as reason_codes from scv_customer_score
         where opty_id = 'OP-1007'`,
      ),
    )
    const reasons = /<ul class="reasons">(.*?)<\/ul>/s.exec(html)?.[1] ?? ''
    expect(score.reason_codes.length).toBeGreaterThan(1)
    expect(reasons.match(/<li/g)).toHaveLength(score.reason_codes.length)
  })

  it('validates input with clear errors and writes nothing', async () => {
    const before = await actionCount()
    const cases: [Record<string, string>, RegExp][] = [
      [{ action_type: 'lost' }, /Why was it lost\? is required/],
      [{ action_type: 'lost', lost_reason: 'aliens' }, /choose one of the options/],
      [{ action_type: 'followup' }, /Next follow-up date is required/],
      [{ action_type: 'followup', next_followup_date: '2026-02-30' }, /enter a date as YYYY-MM-DD/],
      [{ action_type: 'followup', next_followup_date: '2020-01-01' }, /cannot be before today/],
      [
        { action_type: 'followup', next_followup_date: addDays(todayIST(), 400) },
        /within 180 days/,
      ],
      [{ action_type: 'called', connected: 'yes', duration_min: '0' }, /needs a length above 0/],
      [{ action_type: 'called', connected: 'yes', duration_min: '-3' }, /between 0 and 240/],
      [{ action_type: 'visited', note: 'x'.repeat(501) }, /at most 500 characters/],
      [{ action_type: 'drop_table' }, /choose one of the options/],
      [{}, /choose one of the options/],
      [
        { action_type: 'called', duration_min: '2' },
        /Did the customer answer\?: choose one of the options/,
      ],
      [{ action_type: 'called', connected: 'maybe' }, /choose one of the options/],
      [{ action_type: 'called', connected: 'yes', duration_min: 'abc' }, /between 0 and 240/],
      [{ action_type: 'called', connected: 'yes', duration_min: '241' }, /between 0 and 240/],
      [{ action_type: 'called', connected: 'yes', duration_min: '1e2' }, /between 0 and 240/],
      [{ action_type: 'called', connected: 'yes', duration_min: '2.555' }, /between 0 and 240/],
    ]
    for (const [form, message] of cases) {
      for (const htmx of [false, true]) {
        const res = await request('/leads/OP-1005/actions', {
          user: 'rep1',
          form: { _csrf: sessions.rep1.csrf, ...form },
          headers: { origin: ORIGIN, ...(htmx ? { 'HX-Request': 'true' } : {}) },
        })
        expect(res.status).toBe(422)
        expect(await res.text()).toMatch(message)
      }
    }
    expect(await actionCount()).toBe(before)
  })

  it('takes a call length with a decimal comma as well as a point', async () => {
    for (const [duration_min, seconds] of [
      ['1,5', 90],
      ['2.25', 135],
    ] as const) {
      const res = await request('/leads/OP-1007/actions', {
        user: 'rep1',
        form: { _csrf: sessions.rep1.csrf, action_type: 'called', connected: 'yes', duration_min },
        headers: { origin: ORIGIN },
      })
      expect(res.status).toBe(303)
      const [action] = await db.withConnection((c) =>
        rows(
          c,
          "select duration_sec from lead_actions where opty_id = 'OP-1007' order by acted_at desc, rowid desc limit 1",
        ),
      )
      expect(action.duration_sec).toBe(seconds)
    }
  })

  it('closes a lost lead: it leaves Today and its page says closed', async () => {
    const res = await request('/leads/OP-1004/actions', {
      user: 'rep1',
      form: { _csrf: sessions.rep1.csrf, action_type: 'lost', lost_reason: 'price' },
      headers: { origin: ORIGIN },
    })
    expect(res.status).toBe(303)
    expect(leadIds(await (await request('/', { user: 'rep1' })).text())).not.toContain('OP-1004')
    const page = await (await request('/leads/OP-1004', { user: 'rep1' })).text()
    expect(page).toContain('This lead is closed (Lost)')
    expect(page).not.toContain('action_type')
  })
})

describe('lead detail cache', () => {
  it('shows what a pipeline run wrote as soon as the run is recorded', async () => {
    expect(await (await request('/leads/OP-1001', { user: 'rep1' })).text()).not.toContain(
      'Showroom revisit',
    )
    await db.write(async (conn) => {
      await conn.run(
        `insert into customer_journey (event_id, opty_id, event_type, event_at, detail)
         values ('J-9', 'OP-1001', 'visit', now()::TIMESTAMP, 'Showroom revisit')`,
      )
      await conn.run(
        `insert into pipeline_runs (pipeline, started_at, finished_at, status)
         values ('ingest', now()::TIMESTAMP, now()::TIMESTAMP, 'succeeded')`,
      )
    })
    expect(await (await request('/leads/OP-1001', { user: 'rep1' })).text()).toContain(
      'Showroom revisit',
    )
  })
})

describe('Today cache', () => {
  it('shows a rescored list as soon as the pipeline run is recorded', async () => {
    expect(await (await request('/', { user: 'rep2' })).text()).not.toContain('Renamed Customer')
    await db.write(async (conn) => {
      await conn.run(
        "update lead_list set customer_name = 'Renamed Customer' where opty_id = 'OP-2002'",
      )
      await conn.run(
        `insert into pipeline_runs (pipeline, started_at, finished_at, status)
         values ('score', now()::TIMESTAMP, now()::TIMESTAMP, 'succeeded')`,
      )
    })
    expect(await (await request('/', { user: 'rep2' })).text()).toContain('Renamed Customer')
  })
})

describe('page cache', () => {
  it("keeps the scope's decision per scope: one user's answer never serves another's", async () => {
    const cache = createExtrasCache()
    const user = (username: string) =>
      db.withConnection((conn) => getUser(conn, username)) as Promise<User>
    const [rep1, rep2, manager1] = await Promise.all(['rep1', 'rep2', 'manager1'].map(user))
    const found = (u: User, id: string, generation = 'g1') =>
      db.withConnection((conn) => cache.lead(kysely(conn), u, id, generation))
    expect((await found(rep1, 'OP-1001'))?.open?.opty_id).toBe('OP-1001')
    expect(await found(rep2, 'OP-1001')).toBeNull()
    expect((await found(manager1, 'OP-1001'))?.open?.opty_id).toBe('OP-1001')
    expect(await found(rep1, 'OP-2001')).toBeNull()
    expect((await found(rep2, 'OP-2001'))?.open?.opty_id).toBe('OP-2001')
    // the same scope (another object) shares the answer; a new generation asks again
    const rep1Again = (await user('rep1'))!
    expect((await found(rep1Again, 'OP-1001'))?.open?.opty_id).toBe('OP-1001')
    expect(await found(rep2, 'OP-1001', 'g2')).toBeNull()
  })

  it('drops every kept page after any write through the warehouse, not only pipeline runs', async () => {
    const today = await (await request('/', { user: 'rep1' })).text()
    const lead = await (await request('/leads/OP-1002', { user: 'rep1' })).text()
    expect(today).not.toContain('Quietly Renamed')
    expect(lead).not.toContain('Quietly Renamed')
    // an upload or an admin change writes without a pipeline_runs row
    await db.write((conn) =>
      conn.run("update lead_list set customer_name = 'Quietly Renamed' where opty_id = 'OP-1002'"),
    )
    expect(await (await request('/', { user: 'rep1' })).text()).toContain('Quietly Renamed')
    const fragment = await request('/leads/OP-1002', {
      user: 'rep1',
      headers: { 'HX-Request': 'true' },
    })
    expect(await fragment.text()).toContain('Quietly Renamed')
    expect(await (await request('/leads/OP-1002', { user: 'rep1' })).text()).toContain(
      'Quietly Renamed',
    )
  })

  it('shows a recorded action on the lead page and in Today right after it, kept page or not', async () => {
    const before = await (await request('/leads/OP-1003', { user: 'rep1' })).text()
    expect(before).not.toContain('cache-check note')
    await request('/', { user: 'rep1' }) // kept before the action
    const date = addDays(todayIST(), 0)
    const res = await request('/leads/OP-1003/actions', {
      user: 'rep1',
      form: {
        _csrf: sessions.rep1.csrf,
        action_type: 'followup',
        next_followup_date: date,
        note: 'cache-check note',
      },
      headers: { origin: ORIGIN },
    })
    expect(res.status).toBe(303)
    expect(await (await request('/leads/OP-1003', { user: 'rep1' })).text()).toContain(
      'cache-check note',
    )
    const [{ total_score }] = await db.withConnection((c) =>
      rows(c, "select total_score from lead_list where opty_id = 'OP-1003'"),
    )
    const list = await (await request('/', { user: 'rep1' })).text()
    const item = list.slice(list.indexOf('href="/leads/OP-1003"'))
    expect(item.slice(0, 2000)).toContain(String(Number(total_score).toFixed(1)))
  })

  it("never gives one user's kept page to another: own phone rule, own session's CSRF token", async () => {
    for (const path of ['/leads/OP-1001', '/']) {
      const mine = await (await request(path, { user: 'rep1' })).text()
      expect(mine).toContain('9812345621')
      expect(mine).toContain(sessions.rep1.csrf)
      for (const other of ['regional-mh', 'leader', 'manager1']) {
        const html = await (await request(path, { user: other })).text()
        expect(html).toContain(sessions[other].csrf)
        expect(html).not.toContain(sessions.rep1.csrf)
        if (other !== 'manager1') expect(html).not.toContain('9812345621')
      }
    }
  })

  it('sends a kept page with the same ETag, 304 for it, and gzip of the same bytes', async () => {
    const { gunzipSync } = await import('node:zlib')
    const plain = await request('/leads/OP-1004', { user: 'rep1' })
    const text = await plain.text()
    const etag = plain.headers.get('etag')
    expect(etag).toMatch(/^W\/"/)
    expect(plain.headers.get('vary')).toContain('Accept-Encoding')
    expect(plain.headers.get('content-security-policy')).toContain("default-src 'none'")
    const zipped = await request('/leads/OP-1004', {
      user: 'rep1',
      headers: { 'Accept-Encoding': 'gzip, deflate' },
    })
    expect(zipped.headers.get('content-encoding')).toBe('gzip')
    expect(zipped.headers.get('etag')).toBe(etag)
    expect(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString()).toBe(text)
    const again = await request('/leads/OP-1004', {
      user: 'rep1',
      headers: { 'If-None-Match': etag! },
    })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
    // another session of a different user never matches that ETag's page
    const other = await request('/leads/OP-1004', {
      user: 'manager1',
      headers: { 'If-None-Match': etag! },
    })
    expect(other.status).toBe(200)
  })
})

describe('CSRF', () => {
  const post = (form: Record<string, string>, headers: Record<string, string>) =>
    request('/leads/OP-1005/actions', { user: 'rep1', form, headers })
  const valid = () => ({ _csrf: sessions.rep1.csrf, action_type: 'visited' })

  it('refuses a POST without, or with a wrong, token or origin: 403 and nothing written', async () => {
    const before = await actionCount()
    const cases: [Record<string, string>, Record<string, string>][] = [
      [{ action_type: 'visited' }, { origin: ORIGIN }],
      [{ ...valid(), _csrf: 'wrong' }, { origin: ORIGIN }],
      [{ ...valid(), _csrf: sessions.rep2.csrf }, { origin: ORIGIN }],
      [valid(), {}],
      [valid(), { origin: 'https://evil.example' }],
      [valid(), { 'sec-fetch-site': 'cross-site' }],
    ]
    for (const [form, headers] of cases) {
      expect((await post(form, headers)).status).toBe(403)
      expect((await post(form, { ...headers, 'HX-Request': 'true' })).status).toBe(403)
    }
    const lang = await request('/lang', {
      user: 'rep1',
      form: { lang: 'hi', next: '/' },
      headers: { origin: ORIGIN },
    })
    expect(lang.status).toBe(403)
    const logout = await request('/logout', {
      user: 'rep1',
      form: {},
      headers: { origin: ORIGIN },
    })
    expect(logout.status).toBe(403)
    expect((await request('/', { user: 'rep1' })).status).toBe(200)
    expect(await actionCount()).toBe(before)
    const [u] = await db.withConnection((c) =>
      rows(c, "select lang from users where username = 'rep1'"),
    )
    expect(u.lang).toBe('en')
  })
})

describe('language', () => {
  it('switches to Hindi with a plain form post, stored on the user', async () => {
    const res = await request('/lang', {
      user: 'rep3',
      form: { _csrf: sessions.rep3.csrf, lang: 'hi', next: '/leads/OP-3001' },
      headers: { origin: ORIGIN },
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/leads/OP-3001')
    const html = await (await request('/', { user: 'rep3' })).text()
    expect(html).toContain('<html lang="hi"')
    expect(html).toContain('आज')
    expect(html).toContain('टेस्ट ड्राइव का प्रस्ताव दें')
    const evil = await request('/lang', {
      user: 'rep3',
      form: { _csrf: sessions.rep3.csrf, lang: 'en', next: '//evil.example/' },
      headers: { origin: ORIGIN },
    })
    expect(evil.headers.get('location')).toBe('/')
  })

  it('goes back to the page a refused form was on, not to the URL it posted to', async () => {
    const refused = (headers: Record<string, string>) =>
      request('/leads/OP-3001/actions', {
        user: 'rep3',
        form: { _csrf: sessions.rep3.csrf, action_type: 'followup' },
        headers: { origin: ORIGIN, ...headers },
      })
    const next = async (res: Response) => {
      expect(res.status).toBe(422)
      return /name="next" value="([^"]*)"/.exec(await res.text())?.[1]
    }
    expect(await next(await refused({ referer: `${ORIGIN}/leads/OP-3001?saved=1` }))).toBe(
      '/leads/OP-3001?saved=1',
    )
    expect(await next(await refused({}))).toBe('/')
  })
})

describe('login', () => {
  it('refuses a wrong password and an unknown user alike', async () => {
    for (const username of ['rep1', 'nobody']) {
      const res = await request('/login', {
        form: { username, password: 'wrong-password' },
        headers: { origin: ORIGIN },
        address: '10.9.9.9',
      })
      expect(res.status).toBe(401)
      expect(res.headers.get('set-cookie')).toBeNull()
      expect(await res.text()).toContain('Wrong username or password.')
    }
  })

  it('locks an account after login_max_failures, and an address after as many failures', async () => {
    const max = 3
    const strict = createApp({
      db,
      config: { ...config, server: { ...config.server, login_max_failures: max } },
    })
    const request = (
      path: string,
      opts: { form: Record<string, string>; headers: Record<string, string>; address: string },
    ) =>
      strict.request(
        path,
        {
          method: 'POST',
          headers: { ...opts.headers, 'content-type': FORM },
          body: new URLSearchParams(opts.form).toString(),
        },
        { incoming: { socket: { remoteAddress: opts.address } } },
      )
    const login = (username: string, address: string) =>
      request('/login', {
        form: { username, password: fixturePassword },
        headers: { origin: ORIGIN },
        address,
      })
    for (let i = 0; i < max; i++) {
      const res = await request('/login', {
        form: { username: 'rep2', password: `wrong-${i}` },
        headers: { origin: ORIGIN },
        address: `10.0.0.${i + 1}`,
      })
      expect(res.status).toBe(401)
    }
    // the right password from a fresh address is refused now, without checking it
    const locked = await request('/login', {
      form: { username: 'rep2', password: fixturePassword },
      headers: { origin: ORIGIN },
      address: '10.0.1.1',
    })
    expect(locked.status).toBe(429)
    expect(await locked.text()).toContain('Too many failed attempts')
    // other accounts from other addresses are unaffected
    expect((await login('rep3', '10.0.1.2')).status).toBe(303)
    // one address guessing across accounts is locked too
    const addr = '10.0.2.1'
    for (let i = 0; i < max; i++)
      await request('/login', {
        form: { username: `guess-${i}`, password: 'x' },
        headers: { origin: ORIGIN },
        address: addr,
      })
    expect((await login('manager2', addr)).status).toBe(429)
    const [n] = await db.withConnection((c) =>
      rows(c, "select count(*) as n from login_failures where throttle_key = 'user:rep2'"),
    )
    expect(n.n).toBe(max)
  }, 60_000)

  it('logs out with a POST: the session no longer works', async () => {
    const res = await login('rep3', '10.0.3.1')
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Lax/)
    const page = await (await app.request('/', { headers: { cookie } })).text()
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? ''
    const out = await app.request('/logout', {
      method: 'POST',
      headers: { cookie, origin: ORIGIN, 'content-type': FORM },
      body: `_csrf=${csrf}`,
    })
    expect(out.status).toBe(303)
    expect((await app.request('/', { headers: { cookie } })).status).toBe(302)
  })

  it('uses a __Host- Secure cookie when the public URL is https', async () => {
    const secure = createApp({
      db,
      config: { ...config, server: { ...config.server, public_url: 'https://scv.example' } },
    })
    const res = await secure.request(
      '/login',
      {
        method: 'POST',
        headers: { origin: 'https://scv.example', 'content-type': FORM },
        body: `username=admin&password=${fixturePassword}`,
      },
      { incoming: { socket: { remoteAddress: '10.0.4.1' } } },
    )
    expect(res.status).toBe(303)
    expect(res.headers.get('set-cookie')).toMatch(
      /^__Host-scv_session=.*Path=\/; HttpOnly; Secure; SameSite=Lax/,
    )
  })
})
