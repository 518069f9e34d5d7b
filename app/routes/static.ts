// Static assets (htmx and the CSS) under content-hashed URLs, cached for a year, served pre-compressed from memory.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { gzipSync } from 'node:zlib'
import { Hono } from 'hono'
import type { Assets } from '../../views/layout.tsx'

interface Asset {
  url: string
  type: string
  body: Buffer
  gzip: Buffer
}

function asset(name: string, ext: string, type: string, body: Buffer): Asset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12)
  return { url: `/static/${name}.${hash}.${ext}`, type, body, gzip: gzipSync(body, { level: 9 }) }
}

const require = createRequire(import.meta.url)
const htmx = asset(
  'htmx',
  'js',
  'text/javascript; charset=utf-8',
  readFileSync(require.resolve('htmx.org/dist/htmx.min.js')),
)
const css = asset(
  'app',
  'css',
  'text/css; charset=utf-8',
  readFileSync(new URL('../../views/static/app.css', import.meta.url)),
)

export const assets: Assets = { css: css.url, js: htmx.url }
/** Sizes for the benchmark: bytes as sent with gzip. */
export const assetSizes = {
  jsGzip: htmx.gzip.length,
  cssGzip: css.gzip.length,
  css: css.body.length,
}

export function staticRoutes() {
  const app = new Hono()
  for (const a of [htmx, css]) {
    app.get(a.url, (c) => {
      const gz = /\bgzip\b/.test(c.req.header('Accept-Encoding') ?? '')
      c.header('Content-Type', a.type)
      c.header('Cache-Control', 'public, max-age=31536000, immutable')
      c.header('Vary', 'Accept-Encoding')
      if (gz) c.header('Content-Encoding', 'gzip')
      return c.body(new Uint8Array(gz ? a.gzip : a.body))
    })
  }
  return app
}
