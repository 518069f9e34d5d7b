// The dashboard, hotspot and admin pages in headless Chromium at 360 and 1280 px: no horizontal
// overflow, no serious or critical axe violation, htmx filter swaps; screenshots kept for a look.
import { AxeBuilder } from '@axe-core/playwright'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../browser.ts'
import { startServer } from '../../app/server.ts'
import { AS_OF } from '../../app/dashboard/fixture.ts'
import { PASSWORD, openHarness, type Harness } from '../../app/dashboard/testing.ts'

const SHOTS = process.env.SCV_SCREENSHOTS ?? join(tmpdir(), 'scv-dashboard-shots')
let dir: string
let h: Harness
let server: { port: number; close(): Promise<void> }
let browser: Browser
let base: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scv-dash-browser-'))
  mkdirSync(SHOTS, { recursive: true })
  h = await openHarness(dir)
  server = await startServer(h.db, h.config, { port: 0, host: '127.0.0.1' })
  base = `http://127.0.0.1:${server.port}`
  browser = await launchChromium()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
  await h?.db.close()
  rmSync(dir, { recursive: true, force: true })
})

async function signedIn(
  username: string,
  width: number,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width, height: 800 } })
  const page = await context.newPage()
  await page.goto(`${base}/login`)
  await page.fill('input[name=username]', username)
  await page.fill('input[name=password]', PASSWORD)
  await Promise.all([page.waitForURL(`${base}/`), page.click('form.login button[type=submit]')])
  return { context, page }
}

async function check(page: Page, name: string, width: number) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  )
  expect(overflow, `${name} at ${width} px overflows by ${overflow} px`).toBeLessThanOrEqual(0)
  const result = await new AxeBuilder({ page }).analyze()
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
  expect(bad, `${name} at ${width} px`).toEqual([])
  await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true })
}

describe('dashboard pages in Chromium', () => {
  for (const width of [360, 1280]) {
    it(`leadership pages fit ${width} px and pass axe`, async () => {
      const { context, page } = await signedIn('leader', width)
      try {
        await page.goto(`${base}/dashboard?from=2020-01-01`)
        expect(await page.locator('#charts svg[role=img]').count()).toBe(6)
        // open one table view, as a user would, before checking the layout
        await page.locator('#chart-top20 summary').click()
        await check(page, 'dashboard', width)
        await page.goto(
          `${base}/hotspots?date=${AS_OF}&state=Maharashtra&district=Pune&taluka=Haveli`,
        )
        expect(await page.locator('#trend svg').count()).toBe(1)
        await check(page, 'hotspots', width)
      } finally {
        await context.close()
      }
    })

    it(`the admin console fits ${width} px and passes axe`, async () => {
      const { context, page } = await signedIn('admin', width)
      try {
        await page.goto(`${base}/admin?alert=${AS_OF}`)
        await check(page, 'admin', width)
        await page.goto(`${base}/admin/alert/preview?date=${AS_OF}`)
        await page.screenshot({ path: join(SHOTS, `alert-preview-${width}.png`), fullPage: true })
      } finally {
        await context.close()
      }
    })
  }

  it("a taluka's trend link swaps in its trend chart with htmx", async () => {
    const { context, page } = await signedIn('leader', 1280)
    try {
      await page.goto(`${base}/hotspots?date=${AS_OF}`)
      expect(await page.locator('#trend svg').count()).toBe(0)
      await page.click('a[aria-label="Trend of Nashik"]')
      await page.waitForSelector('#trend svg[aria-label="Trend of Nashik"]')
      expect(new URL(page.url()).search).toBe(`?date=${AS_OF}`)
    } finally {
      await context.close()
    }
  })

  it('the filter form swaps the charts with htmx and puts the filters in the URL', async () => {
    const { context, page } = await signedIn('leader', 1280)
    try {
      await page.goto(`${base}/dashboard?from=2020-01-01`)
      const marker = await page.evaluate(() => {
        ;(window as unknown as { kept: boolean }).kept = true
        return true
      })
      expect(marker).toBe(true)
      await page.selectOption('select[name=dealer]', 'D3')
      await Promise.all([
        page.waitForURL(/dealer=D3/),
        page.click('form.filterbar button[type=submit]'),
      ])
      await page.waitForFunction(() =>
        document
          .querySelector('#chart-top20 a[download]')
          ?.getAttribute('href')
          ?.includes('dealer=D3'),
      )
      // the same page: htmx swapped the charts block, no full reload
      expect(await page.evaluate(() => (window as unknown as { kept?: boolean }).kept)).toBe(true)
      const labels = await page.$$eval('#chart-top20 g[data-mark="text"] text', (ts) =>
        ts.map((t) => t.textContent ?? ''),
      )
      expect(labels.length).toBeGreaterThan(0)
      expect(labels.filter((l) => l.includes(' · OP')).length).toBeGreaterThan(0)
    } finally {
      await context.close()
    }
  })

  it('run now shows the progress by polling, until the run ends', async () => {
    // a large inbox file keeps the run busy for a few seconds, so the page sees it running
    mkdirSync(h.config.inbox_dir, { recursive: true })
    const lines = ['call_id,opty_id,called_at,duration_sec']
    for (let i = 0; i < 400_000; i++) lines.push(`CB${i},OP0001,2026-11-20 10:00:00,${i % 300}`)
    writeFileSync(join(h.config.inbox_dir, 'call_log_bulk.csv'), `${lines.join('\n')}\n`)
    const { context, page } = await signedIn('admin', 1280)
    let polls = 0
    page.on('request', (r) => {
      if (r.url().endsWith('/admin/run/status')) polls++
    })
    try {
      await page.goto(`${base}/admin`)
      await page.fill('#run input[name=date]', AS_OF)
      await Promise.all([page.waitForURL(/\/admin#run$/), page.click('#run button[type=submit]')])
      expect(await page.locator('#run-status[hx-trigger="every 1s"]').count()).toBe(1)
      await page.waitForSelector('#run-status p.ok, #run-status p.error', { timeout: 90_000 })
      expect(polls).toBeGreaterThan(0)
      const status = (await page.locator('#run-status').textContent()) ?? ''
      expect(status).toContain('inbox: succeeded')
      expect(status).toContain('score: succeeded')
      expect(status).toContain('hotspots: succeeded')
    } finally {
      await context.close()
    }
  })
})
