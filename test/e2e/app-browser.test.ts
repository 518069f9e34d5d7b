// The rep's journey in headless Chromium at 360×740, with and without JavaScript, with axe on every page.
import { AxeBuilder } from '@axe-core/playwright'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../browser.ts'
import { startServer } from '../../app/server.ts'
import { addUser } from '../../app/users.ts'
import { addDays, todayIST } from '../../data/dates.ts'
import type { Warehouse } from '../../data/warehouse.ts'
import { fixturePassword, openFixture } from './app-fixture.ts'

let dir: string
let db: Warehouse
let server: { port: number; close(): Promise<void> }
let browser: Browser
let base: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scv-browser-'))
  const opened = await openFixture(dir)
  db = opened.db
  // a second account on the same DSE, so the no-JS journey has its own language setting
  await db.write((conn) =>
    addUser(conn, {
      username: 'rep1b',
      role: 'rep',
      dealer_codes: ['D1'],
      dse_id: 'E1',
      password: fixturePassword,
    }),
  )
  server = await startServer(db, opened.config, { port: 0, host: '127.0.0.1' })
  base = `http://127.0.0.1:${server.port}`
  browser = await launchChromium()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
  await db?.close()
  rmSync(dir, { recursive: true, force: true })
})

/**
 * axe-core on the current page: no serious or critical violation. axe runs as a script, so a page
 * loaded with JavaScript disabled is checked by copying its HTML into a scripted page of the same origin.
 */
async function expectAccessible(page: Page, scripted: boolean) {
  let target = page
  let scratch: BrowserContext | undefined
  if (!scripted) {
    scratch = await browser.newContext({ viewport: { width: 360, height: 740 } })
    target = await scratch.newPage()
    await target.goto(`${base}/healthz`)
    await target.setContent(await page.content(), { waitUntil: 'load' })
  }
  const result = await new AxeBuilder({ page: target }).analyze().finally(() => scratch?.close())
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
  expect(bad, `${page.url()}`).toEqual([])
}

const text = async (page: Page, selector: string) =>
  ((await page.locator(selector).first().textContent()) ?? '').trim()

const order = (page: Page) =>
  page.$$eval('#leads .lead a.main', (links) =>
    links.map((a) => (a.getAttribute('href') ?? '').replace('/leads/', '')),
  )

async function journey(opts: {
  javaScript: boolean
  username: string
  lead: string
  above: string
}) {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    javaScriptEnabled: opts.javaScript,
  })
  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  const errors: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  page.on('pageerror', (e) => errors.push(e.message))
  try {
    await page.goto(`${base}/`)
    expect(new URL(page.url()).pathname).toBe('/login')
    await expectAccessible(page, opts.javaScript)
    await page.fill('#username', opts.username)
    await page.fill('#password', fixturePassword)
    await page.click('form.login button[type=submit]')
    await page.waitForURL(`${base}/`)
    expect(await text(page, 'h1')).toBe('Today')
    await expectAccessible(page, opts.javaScript)
    // nothing scrolls sideways at 360 px
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    const before = await order(page)
    expect(before[0]).toBe('OP-1002') // the overdue follow-up is pinned first
    expect(before.indexOf(opts.lead)).toBeGreaterThan(before.indexOf(opts.above))

    await page.click(`a[href="/leads/${opts.lead}"]`)
    await page.waitForURL(`${base}/leads/${opts.lead}`)
    await expectAccessible(page, opts.javaScript)
    const oldScore = Number(await page.locator('#score .big').textContent())
    const date = addDays(todayIST(), 3)
    const form = page.locator('form:has(input[name=action_type][value=called])')
    await form.locator('input[name=connected][value=yes]').check()
    await form.locator('input[name=duration_min]').fill('5')
    await form.locator('input[name=next_followup_date]').fill(date)
    await form.locator('button[type=submit]').click()
    await page.locator('.flash').waitFor()
    const newScore = Number(await page.locator('#score .big').textContent())
    expect(newScore).toBeGreaterThan(oldScore)
    expect(await text(page, '.flash')).toContain(`${oldScore.toFixed(1)} → ${newScore.toFixed(1)}`)
    expect(await text(page, '.pending')).toContain('Next follow-up')
    // with htmx the page was swapped in place; without JavaScript the form posted and redirected
    if (opts.javaScript) expect(page.url()).toBe(`${base}/leads/${opts.lead}`)
    else expect(page.url()).toContain(`/leads/${opts.lead}?saved=`)
    await expectAccessible(page, opts.javaScript)

    await page.click('a[href="/"] >> nth=1')
    await page.waitForURL(`${base}/`)
    const after = await order(page)
    expect(after.indexOf(opts.lead)).toBeLessThan(after.indexOf(opts.above))

    if (opts.javaScript) {
      // search swaps the list in place (htmx) and pushes the URL
      await page.fill('input[name=q]', 'kulkarni')
      await page.locator('form[role=search] button[type=submit]').click()
      await page.waitForURL(/q=kulkarni/)
      await expect.poll(() => order(page)).toEqual(['OP-1005'])
    }

    await page.click('button[name=lang][value=hi]')
    await page.waitForURL(/\/(\?.*)?$/)
    expect(await page.getAttribute('html', 'lang')).toBe('hi')
    expect(await text(page, 'h1')).toBe('आज')
    await expectAccessible(page, opts.javaScript)
    await page.goto(`${base}/leads/${opts.lead}`)
    expect(await text(page, '#record-h')).toBe('क्या हुआ, दर्ज करें')
    await expectAccessible(page, opts.javaScript)
    expect(errors).toEqual([])
  } finally {
    await context.close()
  }
}

describe('the rep in a browser', () => {
  it('logs in, records a connected call, sees the score and order change, switches to Hindi (htmx)', async () => {
    await journey({ javaScript: true, username: 'rep1', lead: 'OP-1006', above: 'OP-1005' })
  }, 120_000)

  it('does the same with JavaScript disabled', async () => {
    await journey({ javaScript: false, username: 'rep1b', lead: 'OP-1004', above: 'OP-1007' })
  }, 120_000)
})
