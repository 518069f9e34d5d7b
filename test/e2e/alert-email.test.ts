import { type Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { launchChromium } from '../browser.ts'
import { parseConfig } from '../../app/config.ts'
import { buildAlert } from '../../pipelines/alert/alert.ts'
import { insertTalukas } from '../../pipelines/alert/testing.ts'
import { withWarehouse } from '../warehouse.ts'

let browser: Browser
beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
})

it('shows all three talukas on a 375 px phone screen without horizontal scrolling', async () => {
  const html = await withWarehouse(async (db) => {
    await db.write((conn) =>
      insertTalukas(conn, '2026-11-23', [
        // long real-world names, to prove they wrap rather than widen the page
        {
          state: 'Maharashtra',
          district: 'Chhatrapati Sambhajinagar',
          taluka: 'Chhatrapati Sambhajinagar Rural',
          status: 'HOTSPOT',
          leads: 42,
          leadsPrev: 20,
          leadGrowth: 110,
          intentGrowth: 80,
          total: 500,
        },
        {
          state: 'Andhra Pradesh',
          district: 'Sri Potti Sriramulu Nellore',
          taluka: 'Venkatachalam',
          status: 'EMERGING',
          leads: 12,
          leadsPrev: 8,
          leadGrowth: 50,
          retail: 2,
        },
        {
          state: 'Gujarat',
          district: 'Surat',
          taluka: 'Olpad',
          status: 'EMERGING',
          leads: 9,
          leadsPrev: 6,
          leadGrowth: 50,
          retail: 1,
        },
      ]),
    )
    return (await db.withConnection((conn) => buildAlert(conn, parseConfig({}), '2026-11-23')))!
      .html
  })
  const page = await browser.newPage({ viewport: { width: 375, height: 800 } })
  try {
    // nothing may be fetched: the email carries no external images, fonts or styles
    const requests: string[] = []
    page.on('request', (r) => {
      if (!r.url().startsWith('data:')) requests.push(r.url())
    })
    await page.setContent(html, { waitUntil: 'load' })
    const rows = page.locator('tr.row')
    await expect.poll(() => rows.count()).toBe(3)
    for (let i = 0; i < 3; i++) {
      const row = rows.nth(i)
      expect(await row.isVisible()).toBe(true)
      const box = (await row.boundingBox())!
      expect(box.x).toBeGreaterThanOrEqual(0)
      expect(box.x + box.width).toBeLessThanOrEqual(375)
    }
    const widths = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }))
    expect(widths.scroll).toBeLessThanOrEqual(widths.client)
    expect(
      await page
        .locator('.status-hotspot')
        .first()
        .evaluate((e) => getComputedStyle(e).backgroundColor),
    ).toBe('rgb(185, 28, 28)')
    expect(await rows.nth(0).innerText()).toContain('Chhatrapati Sambhajinagar Rural')
    expect(requests).toEqual([])
  } finally {
    await page.close()
  }
})
