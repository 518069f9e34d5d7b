// The HTTP server: the Hono app assembled from security headers, compression, sessions, CSRF and one route file per area.
import { createHash } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'
import { serve } from '@hono/node-server'
import { Hono, type MiddlewareHandler } from 'hono'
import { csrf } from 'hono/csrf'
import { HTTPException } from 'hono/http-exception'
import { readPool } from '../data/kysely.ts'
import type { Warehouse } from '../data/warehouse.ts'
import { MessagePage } from '../views/login.tsx'
import type { NavItem } from '../views/layout.tsx'
import { csrfMatches, createSessionStore, isHttps } from './auth/sessions.ts'
import type { User } from './auth/scope.ts'
import { createThrottle } from './auth/throttle.ts'
import type { Config } from './config.ts'
import {
  language,
  messagePage,
  pageContext,
  sendPage,
  type AppEnv,
  type Deps,
} from './routes/context.ts'
import { leadRoutes } from './routes/leads.ts'
import { loginRoutes } from './routes/login.ts'
import { assets, staticRoutes } from './routes/static.ts'
import { todayRoutes } from './routes/today.ts'
import { uploadLimit } from './routes/admin.ts'
import { leadershipNav, leadershipRoutes } from './routes/dashboard.ts'
import { loadScoring } from './scoring.ts'

/** Navigation by role. Later areas add their entries here (dashboard, hotspots, admin). */
function navFor(user: User): NavItem[] {
  return [{ href: '/', label: 'nav.today' }, ...leadershipNav(user)]
}

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ')

function securityHeaders(https: boolean): MiddlewareHandler {
  return async (c, next) => {
    await next()
    const h = c.res.headers
    h.set('Content-Security-Policy', CSP)
    h.set('X-Content-Type-Options', 'nosniff')
    h.set('X-Frame-Options', 'DENY')
    h.set('Referrer-Policy', 'same-origin')
    h.set('Cross-Origin-Opener-Policy', 'same-origin')
    h.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=()')
    if (https) h.set('Strict-Transport-Security', 'max-age=31536000')
    if (!h.has('Cache-Control')) h.set('Cache-Control', 'private, no-cache')
  }
}

/**
 * Pages get a weak ETag over the HTML (a repeat visit with If-None-Match gets 304) and are gzipped
 * when the client accepts it. Synchronous gzip of a ~20 KB page costs well under a millisecond.
 * Pages sent through `render`/`sendPage` (routes/context.ts) already did this, once per cached page.
 */
function etagAndCompress(): MiddlewareHandler {
  return async (c, next) => {
    await next()
    const res = c.res
    // pages of render()/sendPage() come prepared (ETag, gzip, Vary): reading their body again would
    // only turn the adapter's direct write into a stream
    if (/Accept-Encoding/i.test(res.headers.get('Vary') ?? '')) return
    const type = res.headers.get('Content-Type') ?? ''
    if (!type.startsWith('text/html') || !res.body || res.headers.has('Content-Encoding')) return
    const text = await res.text()
    const headers = new Headers(res.headers)
    if (c.req.method === 'GET' && res.status === 200) {
      const etag = `W/"${createHash('sha1').update(text).digest('base64url').slice(0, 22)}"`
      headers.set('ETag', etag)
      const inm = c.req.header('If-None-Match')
      if (inm && inm.split(/\s*,\s*/).includes(etag)) {
        headers.delete('Content-Type')
        c.res = new Response(null, { status: 304, headers })
        return
      }
    }
    const vary = headers.get('Vary')
    headers.set('Vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding')
    if (/\bgzip\b/.test(c.req.header('Accept-Encoding') ?? '') && text.length > 512) {
      headers.set('Content-Encoding', 'gzip')
      headers.delete('Content-Length')
      c.res = new Response(new Uint8Array(gzipSync(text, { level: 6 })), {
        status: res.status,
        headers,
      })
    } else {
      c.res = new Response(text, { status: res.status, headers })
    }
  }
}

/** Every state-changing request of a signed-in user carries the session's CSRF token, or gets 403 and changes nothing. */
const csrfToken = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return next()
  const session = c.get('session')
  if (!session) return next() // anonymous: only /login accepts a POST; the rest redirects to it
  const type = c.req.header('Content-Type') ?? ''
  const body = /^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)
    ? await c.req.parseBody()
    : {}
  if (!csrfMatches(session, body._csrf)) throw new HTTPException(403, { message: 'csrf' })
  return next()
}

/** Anonymous requests go to the login page (htmx requests are told to go there). */
const requireUser = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  if (c.get('session')) return next()
  if (c.req.header('HX-Request') === 'true') {
    c.header('HX-Redirect', '/login')
    return c.body(null, 401)
  }
  return c.redirect('/login', c.req.method === 'GET' ? 302 : 303)
}

export function createApp(deps: { db: Warehouse; config: Config }): Hono<AppEnv> {
  return buildApp(deps).app
}

/** The app and what closing it releases (its read connections). */
function buildApp(deps: { db: Warehouse; config: Config }): { app: Hono<AppEnv>; close(): void } {
  const { db, config } = deps
  const pool = readPool(db, 2)
  const full: Deps = {
    db,
    config,
    pool,
    sessions: createSessionStore(db, pool, config),
    throttle: createThrottle(db, pool, config),
    assets,
    scoring: loadScoring,
    nav: navFor,
  }
  const app = new Hono<AppEnv>()
  app.use(securityHeaders(isHttps(config)))
  app.use(etagAndCompress())
  app.route('/', staticRoutes())
  app.use('/admin/upload', uploadLimit(config)) // before any middleware reads the body
  app.get('/healthz', (c) => c.text('ok'))
  // Origin / Sec-Fetch-Site check on every state-changing request (the public URL may sit behind a proxy)
  const publicOrigin = new URL(config.server.public_url).origin
  app.use(
    csrf({
      origin: (origin, c) => origin === new URL(c.req.url).origin || origin === publicOrigin,
    }),
  )
  app.use(async (c, next) => {
    c.set('session', await full.sessions.current(c))
    await next()
  })
  app.use(language())
  app.use(csrfToken())
  app.use('/lang', requireUser()) // the language switch is a signed-in user's; /login and /logout are not
  app.route('/', loginRoutes(full))
  app.use(requireUser())
  app.route('/', todayRoutes(full))
  app.route('/', leadRoutes(full))
  app.route('/', leadershipRoutes(full))

  app.notFound((c) => sendPage(c, messagePage(c, full, 404, c.get('t')('error.not_found'))))
  app.onError((err, c) => {
    const t = c.get('t')
    const status = err instanceof HTTPException ? err.status : 500
    if (status !== 403) console.error(err)
    const text = t
      ? t(status === 403 ? 'error.forbidden' : 'error.server')
      : status === 403
        ? 'Forbidden'
        : 'Error'
    if (c.req.header('HX-Request') === 'true' || !t)
      return c.html(`<p class="error" role="alert">${text}</p>`, status)
    const ctx = pageContext(c, full)
    return c.html(
      `<!doctype html>${MessagePage({ ctx, title: String(status), text })}`,
      status as 403 | 500,
    )
  })
  return { app, close: () => pool.close() }
}

/** Starts the app on a port (0: any free one); close() stops accepting and ends open connections. */
export async function startServer(
  db: Warehouse,
  config: Config,
  options: { port?: number; host?: string } = {},
): Promise<{ port: number; close(): Promise<void> }> {
  const { app, close: closeApp } = buildApp({ db, config })
  await loadScoring()
  return new Promise((resolve, reject) => {
    const server = serve(
      {
        fetch: app.fetch,
        port: options.port ?? config.server.port,
        hostname: options.host ?? config.server.host,
      },
      (info: AddressInfo) => {
        resolve({
          port: info.port,
          close: () =>
            new Promise<void>((done) => {
              server.close(() => {
                closeApp()
                done()
              })
              ;(server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.()
            }),
        })
      },
    )
    server.once('error', reject)
  })
}
