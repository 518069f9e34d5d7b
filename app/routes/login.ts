// Sign in (throttled per account and per address), sign out, and the language switch.
import { getConnInfo } from '@hono/node-server/conninfo'
import { Hono } from 'hono'
import { translator, type Lang } from '../../views/i18n.ts'
import { LoginPage } from '../../views/login.tsx'
import { decoyHash, verifyPassword } from '../auth/passwords.ts'
import { getPasswordHash, setLang } from '../users.ts'
import {
  pageContext,
  safeNext,
  userOf,
  type AppContext,
  type AppEnv,
  type Deps,
} from './context.ts'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** The client's address as the socket sees it (no proxy headers are trusted). */
function address(c: AppContext): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown'
  } catch {
    return 'unknown' // app.request() in tests has no socket
  }
}

export function loginRoutes(deps: Deps) {
  const app = new Hono<AppEnv>()

  app.get('/login', (c) => {
    if (c.get('session')) return c.redirect('/', 303)
    return c.html(`<!doctype html>${LoginPage({ ctx: pageContext(c, deps) })}`)
  })

  app.post('/login', async (c) => {
    const body = await c.req.parseBody()
    const username = typeof body.username === 'string' ? body.username.trim().slice(0, 64) : ''
    const password = typeof body.password === 'string' ? body.password.slice(0, 200) : ''
    const lang: Lang = body.lang === 'hi' ? 'hi' : 'en'
    const t = translator(lang)
    c.set('lang', lang)
    c.set('t', t)
    const page = (error: string, status: 401 | 422 | 429) =>
      c.html(`<!doctype html>${LoginPage({ ctx: pageContext(c, deps), error, username })}`, status)
    if (!username || !password) return page(t('login.missing'), 422)
    const addr = address(c)
    const failures = await deps.throttle.failures(username, addr)
    if (deps.throttle.locked(failures)) {
      c.header('Retry-After', String(deps.config.server.login_window_minutes * 60))
      return page(t('login.locked', { minutes: deps.config.server.login_window_minutes }), 429)
    }
    const stored = await deps.pool.use((_k, conn) => getPasswordHash(conn, username))
    // an unknown user costs the same scrypt time as a wrong password
    const ok = await verifyPassword(password, stored ?? (await decoyHash()))
    if (!ok || !stored) {
      await deps.throttle.recordFailure(username, addr)
      await sleep(deps.throttle.delayMs(failures + 1))
      return page(t('login.failed'), 401)
    }
    await deps.throttle.clear(username)
    await deps.sessions.start(c, username)
    return c.redirect('/', 303)
  })

  app.post('/logout', async (c) => {
    await deps.sessions.end(c)
    return c.redirect('/login', 303)
  })

  app.post('/lang', async (c) => {
    const user = userOf(c)
    const body = await c.req.parseBody()
    const lang = body.lang === 'hi' ? 'hi' : body.lang === 'en' ? 'en' : null
    if (lang) {
      await deps.db.write((conn) => setLang(conn, user.username, lang))
      deps.sessions.forget(user.username)
    }
    return c.redirect(safeNext(body.next), 303)
  })

  return app
}
