// Server-side Observable Plot: a plot spec in, an accessible, responsive SVG string out (no browser JavaScript).
import * as Plot from '@observablehq/plot'
import { parseHTML } from 'linkedom'

/** One fixed font stack so snapshots and pages look the same everywhere. */
export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'

/** Colours shared by charts and the HTML legends beside them. */
export const STATUS_COLORS: Record<string, string> = {
  HOTSPOT: '#c62828',
  EMERGING: '#e65100',
  STABLE: '#2e7d32',
  NOISE: '#757575',
}
export const STATUS_ORDER = ['HOTSPOT', 'EMERGING', 'STABLE', 'NOISE']
export const CLASS_COLORS: Record<string, string> = {
  'Live Deal': '#6a1b9a',
  Hot: '#c62828',
  Warm: '#ef6c00',
  Cold: '#1565c0',
  '(none)': '#9e9e9e',
}
export const CLASS_ORDER = ['Live Deal', 'Hot', 'Warm', 'Cold', '(none)']

export interface ChartText {
  /** short title, becomes <title> and the aria-label */
  title: string
  /** one sentence describing what is drawn, becomes <desc> */
  description?: string
}

/** Text that is shown when a chart has nothing to draw. */
export function emptyChart(text: ChartText, message: string): string {
  const w = 400
  const h = 60
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="100%" role="img" ` +
    `aria-label="${esc(text.title)}" font-family="${esc(FONT)}" font-size="13" fill="currentColor">` +
    `<title>${esc(text.title)}</title>` +
    `<text x="${w / 2}" y="${h / 2}" text-anchor="middle" dominant-baseline="middle">${esc(message)}</text></svg>`
  )
}

/**
 * Renders a Plot spec to SVG markup: intrinsic width/height become a viewBox with width 100% so the
 * chart scales to its container (readable at 360 px), Plot's inline <style> and generated class are
 * dropped (the page's CSP allows no inline styles, and snapshots stay stable), marks' aria-labels
 * become data-mark, and <title>/<desc>
 * plus role="img" make it accessible.
 */
export function renderPlot(options: Plot.PlotOptions, text: ChartText): string {
  // one server-side document for every chart: Plot builds detached nodes in it, we serialise them
  document ??= parseHTML('<!doctype html><html><body></body></html>').document
  const node = Plot.plot({
    ...options,
    document: document as unknown as Document,
    style: undefined,
    className: 'c',
  }) as unknown as Element
  const svg = node.tagName.toLowerCase() === 'svg' ? node : node.querySelector('svg')
  if (!svg) throw new Error('Plot produced no SVG')
  svg.querySelectorAll('style').forEach((s) => s.remove())
  // inside role="img" the marks are not exposed, and aria-label on a plain <g> is prohibited (axe):
  // keep Plot's mark names as data-mark for styling and tests
  svg.querySelectorAll('[aria-label]').forEach((el) => {
    el.setAttribute('data-mark', el.getAttribute('aria-label') ?? '')
    el.removeAttribute('aria-label')
  })
  svg.removeAttribute('class')
  svg.removeAttribute('height')
  svg.setAttribute('width', '100%')
  svg.setAttribute('xmlns', 'http://www.w3.org/2000/svg')
  svg.setAttribute('font-family', FONT)
  svg.setAttribute('font-size', '12')
  svg.setAttribute('role', 'img')
  svg.setAttribute('aria-label', text.title)
  const title = document.createElement('title')
  title.textContent = text.title
  const first = svg.firstChild
  svg.insertBefore(title, first)
  if (text.description) {
    const desc = document.createElement('desc')
    desc.textContent = text.description
    svg.insertBefore(desc, first)
  }
  return svg.outerHTML
}

let document: ReturnType<typeof parseHTML>['document'] | undefined

/** Shortens a label to `max` characters with an ellipsis. */
export function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`
}

/** Indian digit grouping, fixed locale so output is stable. */
export function fmt(n: number): string {
  return n.toLocaleString('en-IN')
}

/** 'YYYY-MM-DD' as a UTC midnight Date (Plot's time scales are UTC). */
export function utcDate(d: string): Date {
  return new Date(`${d}T00:00:00Z`)
}

function esc(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
}
