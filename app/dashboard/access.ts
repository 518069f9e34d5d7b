// Who may open the dashboard, hotspot and admin pages: everyone else gets 404 (as if they did not exist).
import type { MiddlewareHandler } from 'hono'
import type { Role } from '../auth/scope.ts'
import type { AppEnv } from '../routes/context.ts'

export const DASHBOARD_ROLES: readonly Role[] = ['regional', 'leadership', 'admin']
export const ADMIN_ROLES: readonly Role[] = ['admin']

/** Route guard: the signed-in user's role must be one of `roles`, else 404. */
export function onlyRoles(roles: readonly Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const role = c.get('session')?.user.role
    if (!role || !roles.includes(role)) return c.notFound()
    await next()
  }
}

/** Attachment headers for a CSV download. */
export function csvResponse(body: string, filename: string): Response {
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`,
      'Cache-Control': 'private, no-cache',
    },
  })
}
