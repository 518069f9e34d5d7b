// Test helpers for the dashboard, hotspot and admin routes: a seeded warehouse with one account per
// role, and signing in through the real /login form (session cookie and CSRF token).
import { join } from 'node:path'
import type { Hono } from 'hono'
import { parseConfig, type Config } from '../config.ts'
import { createApp } from '../server.ts'
import { addUser, type NewUser } from '../users.ts'

type NewUserSpec = Omit<NewUser, 'password'>
import { openWarehouse, type Warehouse } from '../../data/warehouse.ts'
import type { AppEnv } from '../routes/context.ts'
import { seedDashboard } from './fixture.ts'

export const PASSWORD = 'dashboard-pass-1'
export const USERS: NewUserSpec[] = [
  { username: 'rep1', role: 'rep', dealer_codes: ['D1'], dse_id: 'D1-E0' },
  { username: 'manager1', role: 'manager', dealer_codes: ['D1'] },
  { username: 'regional-gj', role: 'regional', states: ['Gujarat'] },
  { username: 'leader', role: 'leadership' },
  { username: 'admin', role: 'admin' },
]

export interface Harness {
  db: Warehouse
  config: Config
  app: Hono<AppEnv>
  dir: string
}

/** A seeded warehouse in `dir` with the accounts above and the app over it. */
export async function openHarness(
  dir: string,
  overrides: Record<string, unknown> = {},
): Promise<Harness> {
  const config = parseConfig({
    db: join(dir, 'dash.duckdb'),
    inbox_dir: join(dir, 'inbox'),
    archive_dir: join(dir, 'archive'),
    refused_dir: join(dir, 'refused'),
    ...overrides,
  })
  const db = await openWarehouse(config.db)
  await db.write(async (conn) => {
    await seedDashboard(conn)
    for (const u of USERS) await addUser(conn, { ...u, password: PASSWORD })
  })
  return { db, config, app: createApp({ db, config }), dir }
}

export interface Client {
  get(path: string, headers?: Record<string, string>): Promise<Response>
  post(
    path: string,
    body: FormData | URLSearchParams,
    headers?: Record<string, string>,
  ): Promise<Response>
  csrf: string
}

const ORIGIN = 'http://localhost'

/** Signs `username` in through POST /login and returns a client that sends its cookie (and CSRF token). */
export async function signIn(app: Hono<AppEnv>, username: string): Promise<Client> {
  const res = await app.request(`${ORIGIN}/login`, {
    method: 'POST',
    headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password: PASSWORD }).toString(),
  })
  if (res.status !== 303) throw new Error(`login of ${username} failed: ${res.status}`)
  const cookie = (res.headers.get('Set-Cookie') ?? '').split(';')[0]
  const get = async (path: string, headers: Record<string, string> = {}) =>
    app.request(`${ORIGIN}${path}`, { headers: { Cookie: cookie, ...headers } })
  const home = await (await get('/')).text()
  const csrf = /name="_csrf" value="([^"]+)"/.exec(home)?.[1] ?? ''
  return {
    csrf,
    get,
    post: async (path, body, headers = {}) =>
      app.request(`${ORIGIN}${path}`, {
        method: 'POST',
        headers: { Cookie: cookie, Origin: ORIGIN, ...headers },
        body,
      }),
  }
}
