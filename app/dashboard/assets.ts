// The dashboard stylesheet under a content-hashed URL (cached for a year), linked from the page body.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { Hono } from 'hono'

const body = readFileSync(new URL('../../views/charts/dashboard.css', import.meta.url))
const gzip = gzipSync(body, { level: 9 })
const hash = createHash('sha256').update(body).digest('hex').slice(0, 12)

/** The URL pages link to. */
export const dashboardCss = `/static/dashboard.${hash}.css`

export function dashboardAssetRoutes() {
  const app = new Hono()
  app.get(dashboardCss, (c) => {
    const gz = /\bgzip\b/.test(c.req.header('Accept-Encoding') ?? '')
    c.header('Content-Type', 'text/css; charset=utf-8')
    c.header('Cache-Control', 'public, max-age=31536000, immutable')
    c.header('Vary', 'Accept-Encoding')
    if (gz) c.header('Content-Encoding', 'gzip')
    return c.body(new Uint8Array(gz ? gzip : body))
  })
  return app
}
