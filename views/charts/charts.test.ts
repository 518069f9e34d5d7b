import { parseHTML } from 'linkedom'
import { describe, expect, it } from 'vitest'
import {
  dailyTrendChart,
  funnelChart,
  hotspotMapChart,
  leadLabel,
  pplByClassChart,
  scoreHistogramChart,
  talukaTrendChart,
  topByEnquiryChart,
  topLeadsChart,
  type LeadRankRow,
  type TalukaRow,
} from './index.ts'

const leads: LeadRankRow[] = Array.from({ length: 20 }, (_, i) => ({
  rank: i + 1,
  opty_id: `OP${100 + i}`,
  customer_name: i === 3 ? '<script>alert(1)</script>' : `Customer ${i + 1}`,
  dealer_code: 'D1',
  ppl: ['ACE', 'INTRA'][i % 2],
  pl: null,
  enquiry_type: ['Walk-in', 'Digital'][i % 2],
  lead_classification: 'Hot',
  stage: 'C1',
  total_score: 96.5 - i * 3,
  next_best_action: 'CLOSE',
}))

const talukas: TalukaRow[] = [
  ['Haveli', 18.5, 73.9, 'HOTSPOT', 40],
  ['Nashik', 20.0, 73.8, 'EMERGING', 20],
  ['Nagpur', 21.1, 79.1, 'STABLE', 10],
  ['Unplaced', null, null, 'NOISE', 3],
].map(([taluka, lat, lng, hotspot_status, leads_5d]) => ({
  as_of_date: '2026-11-23',
  state: 'Maharashtra',
  district: String(taluka),
  taluka: String(taluka),
  dealer_count: 2,
  leads_5d: Number(leads_5d),
  leads_prev_5d: 4,
  intent_5d: 3,
  intent_prev_5d: 1,
  retail_5d: 0,
  retail_prev_5d: 1,
  total_stock: 5,
  saleable_stock: 4,
  lead_growth_pct: 50,
  intent_growth_pct: 200,
  retail_growth_pct: -100,
  hotspot_status: String(hotspot_status),
  lat: lat as number | null,
  lng: lng as number | null,
}))

function parse(svg: string) {
  return parseHTML(`<!doctype html><html><body>${svg}</body></html>`).document.querySelector('svg')!
}

/** The text marks of a chart, in document order. */
const texts = (svg: Element, label = 'text') =>
  [...svg.querySelectorAll(`g[data-mark="${label}"] text`)].map((t) => t.textContent)

describe('charts', () => {
  it('top 20: twenty bars in score order, labelled customer · opty · PPL', () => {
    const svg = parse(topLeadsChart(leads, { title: 'Top 20 leads by score' }))
    const bars = [...svg.querySelectorAll('g[data-mark="bar"] rect')]
    expect(bars.length).toBe(20)
    // bar widths shrink with rank, and ranks run top to bottom
    const widths = bars.map((b) => Number(b.getAttribute('width')))
    const ys = bars.map((b) => Number(b.getAttribute('y')))
    for (let i = 1; i < 20; i++) {
      expect(widths[i]).toBeLessThan(widths[i - 1])
      expect(ys[i]).toBeGreaterThan(ys[i - 1])
    }
    const labels = texts(svg).slice(0, 20)
    expect(labels).toEqual(leads.map((l) => leadLabel(l)))
    expect(labels[0]).toBe('Customer 1 · OP100 · ACE')
    expect(texts(svg).slice(20)).toEqual(leads.map((l) => l.total_score.toFixed(1)))
  })

  it('is accessible, responsive and escapes text', () => {
    const html = topLeadsChart(leads, { title: 'Top 20 <leads>', description: 'Bars' })
    const svg = parse(html)
    expect(svg.getAttribute('role')).toBe('img')
    expect(svg.getAttribute('aria-label')).toBe('Top 20 <leads>')
    expect(svg.querySelector('title')!.textContent).toBe('Top 20 <leads>')
    expect(svg.querySelector('desc')!.textContent).toBe('Bars')
    expect(svg.getAttribute('width')).toBe('100%')
    expect(svg.hasAttribute('height')).toBe(false)
    expect(svg.getAttribute('viewBox')).toMatch(/^0 0 420 \d+$/)
    expect(html).not.toContain('<script>')
    expect(html).toContain('&lt;script&gt;')
    expect(html).not.toContain('<style')
    expect(html).not.toMatch(/ style=/)
  })

  it('top 5 per enquiry type: one panel per type with its name', () => {
    const rows = ['Digital', 'Walk-in'].flatMap((t) =>
      leads
        .filter((l) => l.enquiry_type === t)
        .slice(0, 5)
        .map((l, i) => ({ ...l, rank: i + 1 })),
    )
    const svg = parse(topByEnquiryChart(rows, { title: 'Top 5' }))
    expect(svg.querySelectorAll('g[data-mark="bar"] rect').length).toBe(10)
    const all = [...svg.querySelectorAll('text')].map((t) => t.textContent)
    expect(all).toContain('Digital')
    expect(all).toContain('Walk-in')
  })

  it('funnel: a bar per stage with count and conversion', () => {
    const svg = parse(
      funnelChart(
        [
          { stage: 'C0', leads: 1000, conversion_pct: null },
          { stage: 'C1', leads: 600, conversion_pct: 60 },
          { stage: 'C1A', leads: 150, conversion_pct: 25 },
        ],
        { title: 'Funnel' },
      ),
    )
    expect(svg.querySelectorAll('g[data-mark="bar"] rect').length).toBe(3)
    expect(texts(svg)).toEqual(['1,000', '600 (60.0%)', '150 (25.0%)'])
  })

  it('PPL stack, histogram, trends and the map draw what they are given', () => {
    const ppl = parse(
      pplByClassChart(
        [
          { ppl: 'ACE', lead_classification: 'Hot', leads: 5 },
          { ppl: 'ACE', lead_classification: 'Cold', leads: 7 },
          { ppl: 'INTRA', lead_classification: 'Warm', leads: 3 },
        ],
        { title: 'PPL' },
      ),
    )
    expect(ppl.querySelectorAll('g[data-mark="bar"] rect').length).toBe(3)
    expect(texts(ppl)).toEqual(['12', '3'])
    const hist = parse(
      scoreHistogramChart(
        Array.from({ length: 20 }, (_, i) => ({ bin_start: i * 5, bin_end: i * 5 + 5, leads: i })),
        { title: 'Scores' },
      ),
    )
    expect(hist.querySelectorAll('g[data-mark="rect"] rect').length).toBe(20)
    const daily = parse(
      dailyTrendChart(
        Array.from({ length: 30 }, (_, i) => ({
          date: `2026-11-${String(i + 1).padStart(2, '0')}`,
          leads: i,
          retail: 1,
        })),
        { title: 'Daily' },
      ),
    )
    expect(daily.querySelectorAll('g[data-mark="line"] path').length).toBe(2)
    const map = parse(hotspotMapChart(talukas, { title: 'Map' }))
    // three placed talukas as dots, one without coordinates left out; only the HOTSPOT is named
    expect(map.querySelectorAll('g[data-mark="dot"] circle').length).toBe(3)
    expect(texts(map)).toEqual(['Haveli'])
    const fills = [...map.querySelectorAll('g[data-mark="dot"] circle')].map((c) =>
      c.getAttribute('fill'),
    )
    expect(fills).toContain('#c62828')
    const trend = parse(
      talukaTrendChart(
        [
          {
            as_of_date: '2026-11-22',
            leads_5d: 4,
            intent_5d: 2,
            retail_5d: 1,
            hotspot_status: 'STABLE',
          },
          {
            as_of_date: '2026-11-23',
            leads_5d: 9,
            intent_5d: 5,
            retail_5d: 0,
            hotspot_status: 'HOTSPOT',
          },
        ],
        { title: 'Trend' },
      ),
    )
    expect(trend.querySelectorAll('g[data-mark="line"] path').length).toBe(3)
  })

  it('says so when there is nothing to draw', () => {
    expect(topLeadsChart([], { title: 'Top' }, 'No leads here')).toContain('No leads here')
    expect(hotspotMapChart(talukas.slice(3), { title: 'Map' })).toContain('No talukas')
  })

  it('renders the same SVG every time (snapshots)', () => {
    expect(topLeadsChart(leads.slice(0, 5), { title: 'Top 5' })).toMatchSnapshot()
    expect(
      funnelChart(
        [
          { stage: 'C0', leads: 10, conversion_pct: null },
          { stage: 'C1', leads: 5, conversion_pct: 50 },
        ],
        { title: 'Funnel' },
      ),
    ).toMatchSnapshot()
    expect(hotspotMapChart(talukas, { title: 'Map' })).toMatchSnapshot()
    expect(
      dailyTrendChart(
        [
          { date: '2026-11-22', leads: 3, retail: 1 },
          { date: '2026-11-23', leads: 5, retail: 2 },
        ],
        { title: 'Daily' },
      ),
    ).toMatchSnapshot()
  })
})
