// The leadership dashboard (`/dashboard`): charts within the user's scope, filters in the URL, htmx
// swaps of the charts block, each chart alone, and each chart's CSV of exactly the rows drawn.
import { Hono } from 'hono'
import { dashboardAssetRoutes, dashboardCss } from '../dashboard/assets.ts'
import { ADMIN_ROLES, DASHBOARD_ROLES, csvResponse, onlyRoles } from '../dashboard/access.ts'
import type { NavItem } from '../../views/layout.tsx'
import { adminRoutes } from './admin.ts'
import { hotspotRoutes } from './hotspots.ts'
import {
  chartIds,
  chartText,
  dashboardCharts,
  type ChartDef,
  type Rows,
} from '../dashboard/charts.ts'
import { toCsv } from '../dashboard/csv.ts'
import { filterQuery, parseFilters, type Filters } from '../dashboard/filters.ts'
import { filterOptions, latestAsOf, type FilterOptions } from '../dashboard/queries.ts'
import { scopeKey, type User } from '../auth/scope.ts'
import type { T } from '../../views/i18n.ts'
import {
  ChartCard,
  DashboardCharts,
  DashboardPage,
  SingleChartPage,
  type ChartCardModel,
} from '../../views/dashboard.tsx'
import { pageContext, render, userOf, type AppContext, type AppEnv, type Deps } from './context.ts'

const CACHE_MS = 60_000
/**
 * Small per-process caches: the latest as-of date and each scope's filter menus change only with a
 * write (a pipeline run or an upload), so an entry lasts while the warehouse generation is unchanged.
 */
function cacheOver(db: { readonly generation: number }) {
  const cache = new Map<string, { at: number; generation: number; value: Promise<unknown> }>()
  return function cached<V>(key: string, load: () => Promise<V>): Promise<V> {
    const hit = cache.get(key)
    if (hit && hit.generation === db.generation && Date.now() - hit.at < CACHE_MS)
      return hit.value as Promise<V>
    const value = load()
    cache.set(key, { at: Date.now(), generation: db.generation, value })
    value.catch(() => cache.delete(key))
    if (cache.size > 500) cache.clear()
    return value
  }
}

export function dashboardRoutes(deps: Deps) {
  const app = new Hono<AppEnv>()
  const gate = onlyRoles(DASHBOARD_ROLES)
  // one per app: two apps in one process (tests) never share an entry
  const cached = cacheOver(deps.db)

  async function filtersOf(c: AppContext): Promise<Filters> {
    const to = await cached('asof', () => deps.pool.use((_k, conn) => latestAsOf(conn)))
    return parseFilters(c.req.query(), to)
  }

  async function card(
    id: string,
    def: ChartDef,
    user: User,
    f: Filters,
    t: T,
  ): Promise<{ card: ChartCardModel; rows: Rows }> {
    const rows = await deps.pool.use((_k, conn) => def.load(conn, user, f))
    return {
      rows,
      card: {
        id,
        title: `chart.${id}`,
        svg: def.draw(rows, chartText(t, id), t('dash.empty'), t),
        columns: def.columns,
        rows,
        csvHref: `/dashboard/csv/${id}${filterQuery(f)}`,
        selfHref: `/dashboard/chart/${id}${filterQuery(f)}`,
        legend: def.legend?.(rows, t),
      },
    }
  }

  app.get('/dashboard', gate, async (c) => {
    const user = userOf(c)
    const t = c.get('t')
    const f = await filtersOf(c)
    const [options, ...cards] = await Promise.all([
      cached<FilterOptions>(`opts:${scopeKey(user)}`, () =>
        deps.pool.use((_k, conn) => filterOptions(conn, user)),
      ),
      ...chartIds.map((id) => card(id, dashboardCharts[id], user, f, t)),
    ])
    const model = { filters: f, options, charts: cards.map((x) => x.card), cssHref: dashboardCss }
    return render(c, {
      page: () => DashboardPage({ ctx: pageContext(c, deps), model }),
      fragment: () => DashboardCharts({ t, model }),
    })
  })

  app.get('/dashboard/chart/:id', gate, async (c) => {
    const id = c.req.param('id')
    const def = dashboardCharts[id]
    if (!Object.hasOwn(dashboardCharts, id) || !def) return c.notFound()
    const f = await filtersOf(c)
    const t = c.get('t')
    const { card: model } = await card(id, def, userOf(c), f, t)
    model.selfHref = undefined
    return render(c, {
      page: () =>
        SingleChartPage({
          ctx: pageContext(c, deps),
          card: model,
          cssHref: dashboardCss,
          back: `/dashboard${filterQuery(f)}`,
        }),
      fragment: () => ChartCard({ t, card: model }),
    })
  })

  app.get('/dashboard/csv/:id', gate, async (c) => {
    const id = c.req.param('id').replace(/\.csv$/, '')
    if (!Object.hasOwn(dashboardCharts, id)) return c.notFound()
    const def = dashboardCharts[id]
    const f = await filtersOf(c)
    const rows = await deps.pool.use((_k, conn) => def.load(conn, userOf(c), f))
    return csvResponse(
      toCsv(
        rows,
        def.columns.map((col) => col.key),
      ),
      `${id}_${f.from}_${f.to}.csv`,
    )
  })

  return app
}

/** Navigation entries of the dashboard, hotspot and admin pages for the roles that may open them. */
export function leadershipNav(user: User): NavItem[] {
  const items: NavItem[] = []
  if (DASHBOARD_ROLES.includes(user.role)) {
    items.push({ href: '/dashboard', label: 'nav.dashboard' })
    items.push({ href: '/hotspots', label: 'nav.hotspots' })
  }
  if (ADMIN_ROLES.includes(user.role)) items.push({ href: '/admin', label: 'nav.admin' })
  return items
}

/** Everything of this area, mounted by server.ts behind the signed-in check. */
export function leadershipRoutes(deps: Deps) {
  const app = new Hono<AppEnv>()
  app.route('/', dashboardAssetRoutes())
  app.route('/', dashboardRoutes(deps))
  app.route('/', hotspotRoutes(deps))
  app.route('/', adminRoutes(deps))
  return app
}
