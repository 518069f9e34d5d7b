// What every route shares: the app's dependencies, the request's session and language, page rendering.
import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import type { Context, MiddlewareHandler } from 'hono'
import { html } from 'hono/html'
import type { Child } from 'hono/jsx'
import type { ReadPool } from '../../data/kysely.ts'
import type { Warehouse } from '../../data/warehouse.ts'
import { translator, type Lang, type T } from '../../views/i18n.ts'
import type { Assets, NavItem, PageContext } from '../../views/layout.tsx'
import { MessagePage } from '../../views/login.tsx'
import type { Session, SessionStore } from '../auth/sessions.ts'
import type { Throttle } from '../auth/throttle.ts'
import type { User } from '../auth/scope.ts'
import type { Config } from '../config.ts'
import type { Scoring } from '../scoring.ts'

export interface Deps {
  db: Warehouse
  config: Config
  pool: ReadPool
  sessions: SessionStore
  throttle: Throttle
  assets: Assets
  scoring: () => Promise<Scoring>
  /** navigation entries by role; later areas (dashboard, hotspots, admin) add theirs in server.ts */
  nav: (user: User) => NavItem[]
}

export interface AppEnv {
  Variables: {
    session: Session | null
    lang: Lang
    t: T
  }
}

export type AppContext = Context<AppEnv>

/** Whether the request came from htmx (and wants the fragment rather than the whole page). */
export function isHtmx(c: Context): boolean {
  return c.req.header('HX-Request') === 'true' && c.req.header('HX-Boosted') !== 'true'
}

/** The signed-in user; routes mounted behind `requireUser` may rely on it. */
export function userOf(c: AppContext): User {
  const s = c.get('session')
  if (!s) throw new Error('route needs a signed-in user')
  return s.user
}

export function pageContext(c: AppContext, deps: Deps): PageContext {
  const session = c.get('session')
  const url = new URL(c.req.url)
  return {
    t: c.get('t'),
    lang: c.get('lang'),
    assets: deps.assets,
    user: session ? { username: session.user.username, role: session.user.role } : undefined,
    csrf: session?.csrf,
    path: herePath(c, url),
    nav: session ? deps.nav(session.user) : [],
  }
}

/**
 * "Back here" after a language switch: the page's own URL; for the answer to a form (a POST's
 * error page, e.g. of /admin/upload) the page the form was on, by its Referer, as the POST's own
 * URL has no page to go back to. Only the path is taken, and safeNext keeps it on this site.
 */
function herePath(c: AppContext, url: URL): string {
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return url.pathname + url.search
  try {
    const from = new URL(c.req.header('referer') ?? '')
    return safeNext(from.pathname + from.search)
  } catch {
    return '/'
  }
}

/**
 * A rendered HTML answer ready to send again: its UTF-8 bytes, weak ETag (200 only) and, once asked
 * for, its gzip. Routes may keep one per (data generation, URL, language, session) and send it with
 * `sendPage` without rendering, hashing or compressing again.
 */
export interface PreparedPage {
  status: 200 | 404 | 403 | 422 | 401 | 429
  body: Uint8Array<ArrayBuffer>
  etag?: string
  gzip?: Uint8Array<ArrayBuffer>
}

export function preparePage(html: string, status: PreparedPage['status'] = 200): PreparedPage {
  const body = Buffer.from(html)
  const etag =
    status === 200
      ? `W/"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`
      : undefined
  return { status, body, etag }
}

/**
 * Sends a prepared page: 304 when a GET's If-None-Match has its ETag, gzip (computed once per page)
 * when the client accepts it. The response body is bytes, which the Node adapter writes directly.
 */
export function sendPage(c: Context, page: PreparedPage): Response {
  const headers: Record<string, string> = {
    'Content-Type': 'text/html; charset=UTF-8',
    Vary: 'HX-Request, Accept-Encoding',
  }
  if (page.etag && c.req.method === 'GET') {
    headers.ETag = page.etag
    const inm = c.req.header('If-None-Match')
    if (inm && inm.split(/\s*,\s*/).includes(page.etag)) {
      delete headers['Content-Type']
      return c.body(null, 304, headers)
    }
  }
  let body = page.body
  if (body.length > 512 && /\bgzip\b/.test(c.req.header('Accept-Encoding') ?? '')) {
    body = page.gzip ??= new Uint8Array(gzipSync(page.body, { level: 6 }))
    headers['Content-Encoding'] = 'gzip'
  }
  return c.body(body, page.status, headers)
}

/** Renders the page, or for an htmx request the fragment, of the same view, ready to send (or keep). */
export function renderPage(
  c: AppContext,
  views: { page: () => Child; fragment: () => Child },
  status: PreparedPage['status'] = 200,
): PreparedPage {
  const htmx = isHtmx(c)
  const body = htmx ? views.fragment() : views.page()
  return preparePage(htmx ? String(body) : `<!doctype html>${String(body)}`, status)
}

/** A short 403/404 answer: the message page, or for an htmx request the message alone. */
export function messagePage(
  c: AppContext,
  deps: Deps,
  status: 403 | 404,
  text: string,
): PreparedPage {
  const ctx = pageContext(c, deps)
  return renderPage(
    c,
    {
      page: () => MessagePage({ ctx, title: String(status), text }),
      fragment: () => html`<p class="error" role="alert">${text}</p>`,
    },
    status,
  )
}

/** Renders the page, or for an htmx request the fragment, of the same view. */
export function render(
  c: AppContext,
  views: { page: () => Child; fragment: () => Child },
  status: PreparedPage['status'] = 200,
) {
  return sendPage(c, renderPage(c, views, status))
}

/** Sets `lang` and `t` for the request: the user's stored language, or `?lang=` on public pages. */
export function language(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const session = c.get('session')
    const asked = c.req.query('lang')
    const lang: Lang = session ? session.user.lang : asked === 'hi' || asked === 'en' ? asked : 'en'
    c.set('lang', lang)
    c.set('t', translator(lang))
    await next()
  }
}

/** A same-site path to go back to after a form (never another origin). */
export function safeNext(next: unknown, fallback = '/'): string {
  return typeof next === 'string' && /^\/(?![/\\])[^\s]*$/.test(next) && next.length < 500
    ? next
    : fallback
}
