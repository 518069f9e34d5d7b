// What every route shares: the app's dependencies, the request's session and language, page rendering.
import type { Context, MiddlewareHandler } from 'hono'
import type { Child } from 'hono/jsx'
import type { ReadPool } from '../../data/kysely.ts'
import type { Warehouse } from '../../data/warehouse.ts'
import { translator, type Lang, type T } from '../../views/i18n.ts'
import type { Assets, NavItem, PageContext } from '../../views/layout.tsx'
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
    path: url.pathname + url.search,
    nav: session ? deps.nav(session.user) : [],
  }
}

/** Renders the page, or for an htmx request the fragment, of the same view. */
export function render(
  c: AppContext,
  views: { page: () => Child; fragment: () => Child },
  status: 200 | 404 | 403 | 422 | 401 | 429 = 200,
) {
  c.header('Vary', 'HX-Request')
  const body = isHtmx(c) ? views.fragment() : views.page()
  return c.html(isHtmx(c) ? String(body) : `<!doctype html>${String(body)}`, status)
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
