// Sessions: a random id in an HttpOnly cookie, only its SHA-256 kept in the warehouse, with a CSRF token.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { nowIST } from '../../data/dates.ts'
import type { ReadPool } from '../../data/kysely.ts'
import { kysely } from '../../data/kysely.ts'
import type { Warehouse } from '../../data/warehouse.ts'
import type { Config } from '../config.ts'
import { getUser } from '../users.ts'
import type { User } from './scope.ts'

export interface Session {
  user: User
  csrf: string
  expiresAt: string
}

export interface SessionStore {
  /** Starts a session for `username` (a fresh id at every login) and sets the cookie. */
  start(c: Context, username: string): Promise<Session>
  /** The session of the request's cookie, if valid and not expired. */
  current(c: Context): Promise<Session | null>
  /** Ends the request's session (server side and cookie). */
  end(c: Context): Promise<void>
  /** Forgets cached copies of a user's sessions (after a language or scope change). */
  forget(username: string): void
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')
/** How long a looked-up session is trusted from memory before the warehouse is asked again. */
const CACHE_MS = 30_000

export function cookieName(config: Config): string {
  return isHttps(config) ? '__Host-scv_session' : 'scv_session'
}

export function isHttps(config: Config): boolean {
  return config.server.public_url.startsWith('https://')
}

/** IST wall-clock timestamp `hours` from now. */
function expiryIST(hours: number): string {
  return nowIST(new Date(Date.now() + hours * 3600_000))
}

/** nowIST() at most a second old: enough to compare with an expiry, and cheap on every request. */
let clock = { at: 0, text: '' }
function recentNowIST(): string {
  const t = Date.now()
  if (t - clock.at >= 1000) clock = { at: t, text: nowIST(new Date(t)) }
  return clock.text
}

/** The value of cookie `name` in a Cookie header (the session id is base64url: no quoting or escapes). */
function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return undefined
}

export function createSessionStore(db: Warehouse, pool: ReadPool, config: Config): SessionStore {
  // looked-up sessions by cookie id (memory only; the warehouse keeps only the hash)
  const cache = new Map<string, { session: Session; until: number }>()
  const name = cookieName(config)
  const secure = isHttps(config)

  return {
    async start(c, username) {
      const id = randomBytes(32).toString('base64url')
      const csrf = randomBytes(24).toString('base64url')
      const now = nowIST()
      const expiresAt = expiryIST(config.server.session_hours)
      const user = await db.write(async (conn) => {
        const k = kysely(conn)
        await k.deleteFrom('sessions').where('expires_at', '<', now).execute()
        await k
          .insertInto('sessions')
          .values({
            session_hash: sha256(id),
            username,
            csrf_token: csrf,
            created_at: now,
            expires_at: expiresAt,
          })
          .execute()
        return getUser(conn, username)
      })
      if (!user) throw new Error(`user ${username} vanished during login`)
      setCookie(c, name, id, {
        httpOnly: true,
        sameSite: 'Lax',
        path: '/',
        secure,
        maxAge: Math.round(config.server.session_hours * 3600),
      })
      const session = { user, csrf, expiresAt }
      cache.set(id, { session, until: Date.now() + CACHE_MS })
      return session
    },

    async current(c) {
      const id = cookieValue(c.req.header('Cookie'), name)
      if (!id || id.length > 100) return null
      const hit = cache.get(id)
      if (hit && hit.until > Date.now())
        return hit.session.expiresAt > recentNowIST() ? hit.session : null
      const hash = sha256(id)
      const now = nowIST()
      const row = await pool.use((k) =>
        k
          .selectFrom('sessions')
          .select(['username', 'csrf_token', 'expires_at'])
          .where('session_hash', '=', hash)
          .where('expires_at', '>', now)
          .executeTakeFirst(),
      )
      if (!row) {
        cache.delete(id)
        return null
      }
      const user = await pool.use((_k, conn) => getUser(conn, row.username))
      if (!user) return null
      const session = { user, csrf: row.csrf_token, expiresAt: row.expires_at }
      if (cache.size > 10_000) cache.clear()
      cache.set(id, { session, until: Date.now() + CACHE_MS })
      return session
    },

    async end(c) {
      const id = getCookie(c, name)
      deleteCookie(c, name, { path: '/', secure })
      if (!id) return
      cache.delete(id)
      const hash = sha256(id)
      await db.write((conn) =>
        kysely(conn).deleteFrom('sessions').where('session_hash', '=', hash).execute(),
      )
    },

    forget(username) {
      for (const [k, v] of cache) if (v.session.user.username === username) cache.delete(k)
    },
  }
}

/** Constant-time comparison of a submitted CSRF token with the session's. */
export function csrfMatches(session: Session, submitted: unknown): boolean {
  if (typeof submitted !== 'string' || !submitted) return false
  const a = Buffer.from(session.csrf)
  const b = Buffer.from(submitted)
  return a.length === b.length && timingSafeEqual(a, b)
}
