import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { DuckDBConnection } from '@duckdb/node-api'
import { simpleParser } from 'mailparser'
import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../app/config.ts'
import { UserError } from '../../data/errors.ts'
import { rows } from '../../data/warehouse.ts'
import { withWarehouse } from '../../test/warehouse.ts'
import { computeHotspots } from '../hotspots/hotspots.ts'
import { insertDealers, insertOpps, insertRetail, leads } from '../hotspots/fixtures.ts'
import {
  AlertNotSentError,
  buildAlert,
  resumePending,
  runAlert,
  runAlertRecorded,
} from './alert.ts'
import { freePort, insertTalukas, startSmtp } from './testing.ts'

const D = '2026-11-23'
const config = parseConfig({ alert: { recipients: ['Leader@Example.com', 'head@example.com'] } })

/** Two talukas from source rows: T1 HOTSPOT (Alpha, Beta), T2 EMERGING with no retail (Gamma). */
async function seed(conn: DuckDBConnection) {
  await insertDealers(conn, [
    ['A', 'Maharashtra', 'Pune', 'T1', 'Alpha Motors'],
    ['B', 'Maharashtra', 'Pune', 'T1', 'Beta <Motors>'],
    ['C', 'Maharashtra', 'Pune', 'T2', 'Gamma Wheels'],
    ['Dd', 'Maharashtra', 'Pune', 'T2'],
  ])
  await insertOpps(conn, [
    ...leads('A', '2026-11-21', 6, 4),
    ...leads('B', '2026-11-22', 2, 2),
    ...leads('A', '2026-11-16', 4, 2),
    ...leads('C', '2026-11-21', 5, 1),
    ...leads('Dd', '2026-11-16', 2, 1),
  ])
  await insertRetail(conn, [
    ['A', '2026-11-21', 2],
    ['A', '2026-11-16', 1],
  ])
  await computeHotspots(conn, config, D)
}

/** Candidates with hand-computed priorities: H1 75.0; E1, E2, E3, E4 all 37.5. */
async function tiedTalukas(conn: DuckDBConnection) {
  await insertTalukas(conn, D, [
    // 50 + min(300,200)/10 + 0 (intent falling) + 15 (no retail) − 10 (100 > 2 × 10 in stock)
    {
      taluka: 'H1',
      status: 'HOTSPOT',
      leads: 10,
      leadsPrev: 2,
      leadGrowth: 300,
      intentGrowth: -50,
      total: 100,
    },
    // 30 + 5 + 2.5 + 0 (retail 1)
    { taluka: 'E1', status: 'EMERGING', leads: 8, leadGrowth: 50, intentGrowth: 25, retail: 1 },
    {
      state: 'A',
      district: 'Z',
      taluka: 'E2',
      status: 'EMERGING',
      leads: 6,
      leadGrowth: 25,
      intentGrowth: 50,
      retail: 1,
    },
    {
      state: 'A',
      district: 'Y',
      taluka: 'E3',
      status: 'EMERGING',
      leads: 6,
      leadGrowth: 50,
      intentGrowth: 25,
      retail: 1,
    },
    {
      state: 'B',
      district: 'A',
      taluka: 'E4',
      status: 'EMERGING',
      leads: 6,
      leadGrowth: 50,
      intentGrowth: 25,
      retail: 1,
    },
    { taluka: 'S1', status: 'STABLE', leads: 50, leadGrowth: 200 },
    { taluka: 'N1', status: 'NOISE', leads: 50, leadGrowth: 200, dealers: 1 },
  ])
}

describe('buildAlert', () => {
  it('ranks by priority, ties by leads_5d, then state, district, taluka; top 3 only', async () => {
    await withWarehouse(async (db) => {
      await db.write(tiedTalukas)
      const content = await db.withConnection((conn) => buildAlert(conn, config, D))
      expect(content!.json.talukas.map((t) => [t.taluka, t.priority])).toEqual([
        ['H1', 75],
        ['E1', 37.5],
        ['E3', 37.5],
      ])
      const five = parseConfig({ alert: { top_n: 5 } })
      const all = await db.withConnection((conn) => buildAlert(conn, five, D))
      expect(all!.json.talukas.map((t) => t.taluka)).toEqual(['H1', 'E1', 'E3', 'E2', 'E4'])
      expect(all!.subject).toBe('🚨 Macro Market Hotspot Alert | Top 5 Talukas | 23 Nov 2026')
    })
  })

  it('gives every row its reason codes with numbers', async () => {
    await withWarehouse(async (db) => {
      await db.write(tiedTalukas)
      const content = await db.withConnection((conn) => buildAlert(conn, config, D))
      expect(content!.json.talukas[0]).toEqual({
        state: 'S',
        district: 'D',
        taluka: 'H1',
        hotspot_status: 'HOTSPOT',
        priority: 75,
        reasons: [
          'LEADS 10 in 5 days (+300.0 % vs 2)',
          'HIGH_INTENT 0 (−50.0 % vs 0)',
          'RETAIL_GAP 0 retail units in 5 days (0 before)',
          'SALEABLE_STOCK 0 of 100 units',
          'EXCESS_STOCK 100 units, more than 2 × 10 leads',
        ],
      })
    })
  })

  it('gives each candidate the columns of its hotspot row and the alert fields, nothing else', async () => {
    await withWarehouse(async (db) => {
      await db.write(seed)
      const [content, table] = await db.withConnection(
        async (conn) =>
          [
            await buildAlert(conn, config, D),
            await rows<{ column_name: string }>(conn, 'describe macro_market_hotspot_taluka_5d'),
          ] as const,
      )
      const hotspotColumns = table.map((c) => c.column_name).filter((c) => c !== 'as_of_date')
      const alertFields = ['rank', 'priority', 'retail_gap', 'excess_stock', 'dealers']
      expect(Object.keys(content!.rows[0]).sort()).toEqual(
        [...hotspotColumns, ...alertFields].sort(),
      )
    })
  })

  it('returns null when no taluka is HOTSPOT or EMERGING', async () => {
    await withWarehouse(async (db) => {
      await db.write((conn) =>
        insertTalukas(conn, D, [{ taluka: 'S1', status: 'STABLE', leads: 50, leadGrowth: 200 }]),
      )
      expect(await db.withConnection((conn) => buildAlert(conn, config, D))).toBeNull()
    })
  })

  it('builds the subject, an inlined HTML part and a plain-text part naming the dealers', async () => {
    await withWarehouse(async (db) => {
      await db.write(seed)
      const content = (await db.withConnection((conn) => buildAlert(conn, config, D)))!
      expect(content.subject).toBe('🚨 Macro Market Hotspot Alert | Top 3 Talukas | 23 Nov 2026')
      expect(content.json.talukas.map((t) => [t.taluka, t.hotspot_status])).toEqual([
        ['T1', 'HOTSPOT'],
        ['T2', 'EMERGING'],
      ])
      // T1: leads 8 vs 4 (+100 %), intent 6 vs 2 (+200 %), retail 2 vs 1: 50 + 10 + 20 = 80
      // T2: leads 5 vs 2 (+150 %), intent 1 vs 1 (0 %), no retail: 30 + 15 + 0 + 15 = 60
      expect(content.json.talukas.map((t) => t.priority)).toEqual([80, 60])
      expect(content.text).toContain('1. T1 (Pune, Maharashtra): HOTSPOT, priority 80.0')
      expect(content.text).toContain(
        'Demand up 150 % (2 → 5 leads) with no retail in 5 days: check stock and follow-up at dealer Gamma Wheels.',
      )
      expect(content.text).toContain('dealers Alpha Motors, Beta <Motors>')
      // HTML: styles inlined (no <style> left), escaped names, colour-coded status, nothing external
      expect(content.html).not.toMatch(/<style/i)
      expect(content.html).toMatch(
        /<span class="status status-hotspot" style="[^"]*background: ?#b91c1c/,
      )
      expect(content.html).toMatch(
        /<span class="status status-emerging" style="[^"]*background: ?#b45309/,
      )
      expect(content.html).toContain('Beta &lt;Motors&gt;')
      expect(content.html).not.toMatch(/<img|<link|url\(|@import|https?:\/\//i)
      expect(content.html.match(/<tr class="row"/g)).toHaveLength(2)
    })
  })
})

describe('runAlert delivery', () => {
  it('says so and sends nothing when there are no candidates', async () => {
    const smtp = await startSmtp()
    try {
      await withWarehouse(async (db) => {
        await db.write((conn) =>
          insertTalukas(conn, D, [{ taluka: 'S1', status: 'STABLE', leads: 5, leadGrowth: 0 }]),
        )
        const result = await runAlert(db, config, { asOf: D, smtpUrl: smtp.url })
        expect(result.status).toBe('no-candidates')
        expect(result.message).toBe(
          'no HOTSPOT or EMERGING taluka on 2026-11-23 (1 talukas checked): no email',
        )
        const none = await runAlert(db, config, { asOf: '2026-11-20', smtpUrl: smtp.url })
        expect(none.message).toMatch(/no hotspots computed for 2026-11-20/)
        // a hotspots run of the date that succeeded with no talukas at all: computed, none to say
        await db.write((conn) =>
          conn.run(
            `insert into pipeline_runs (pipeline, as_of_date, started_at, status, triggered_by)
             values ('hotspots', '2026-11-21', now()::TIMESTAMP, 'succeeded', 'test')`,
          ),
        )
        const empty = await runAlert(db, config, { asOf: '2026-11-21', smtpUrl: smtp.url })
        expect(empty.status).toBe('no-candidates')
        expect(empty.message).toBe(
          'no HOTSPOT or EMERGING taluka on 2026-11-21 (0 talukas checked): no email',
        )
        expect(await db.withConnection((c) => rows(c, 'select * from alert_outbox'))).toEqual([])
        expect(smtp.received).toHaveLength(0)
      })
    } finally {
      await smtp.close()
    }
  })

  it('delivers the message once, with its fixed Message-ID, and never again for the same key', async () => {
    const smtp = await startSmtp()
    try {
      await withWarehouse(async (db) => {
        await db.write(seed)
        const first = await runAlert(db, config, { asOf: D, smtpUrl: smtp.url })
        expect(first.status).toBe('sent')
        expect(smtp.received).toHaveLength(1)
        const mail = smtp.received[0]
        expect(mail.to).toEqual(['head@example.com', 'leader@example.com'])
        expect(mail.from).toBe('alerts@scv.example')
        expect(mail.parsed.subject).toBe(
          '🚨 Macro Market Hotspot Alert | Top 3 Talukas | 23 Nov 2026',
        )
        expect(mail.parsed.text).toContain('1. T1 (Pune, Maharashtra): HOTSPOT, priority 80.0')
        expect(mail.parsed.html).toContain('data-taluka="T2"')
        const [row] = await db.withConnection((c) => rows(c, 'select * from alert_outbox'))
        expect(row).toMatchObject({
          alert_key: 'hotspot|2026-11-23|head@example.com,leader@example.com',
          status: 'sent',
          attempts: 1,
          accepted: ['head@example.com', 'leader@example.com'],
          rejected: null,
          last_error: null,
        })
        expect(mail.parsed.messageId).toBe(row.message_id)
        // the same recipients in another order and case are the same key
        const again = await runAlert(db, config, {
          asOf: D,
          smtpUrl: smtp.url,
          to: ['leader@example.com', 'HEAD@example.com'],
        })
        expect(again.status).toBe('already-sent')
        expect(await resumePending(db, config, smtp.url)).toEqual([])
        expect(smtp.received).toHaveLength(1)
        // another recipient list is another alert
        const other = await runAlert(db, config, {
          asOf: D,
          smtpUrl: smtp.url,
          to: ['x@example.com'],
        })
        expect(other.status).toBe('sent')
        expect(smtp.received).toHaveLength(2)
      })
    } finally {
      await smtp.close()
    }
  })

  it('records which recipients the server accepted and which it rejected', async () => {
    const smtp = await startSmtp({ reject: ['nobody@example.com'] })
    try {
      await withWarehouse(async (db) => {
        await db.write(seed)
        const result = await runAlert(db, config, {
          asOf: D,
          smtpUrl: smtp.url,
          to: ['ok@example.com', 'nobody@example.com'],
        })
        expect(result).toMatchObject({
          status: 'sent',
          accepted: ['ok@example.com'],
          rejected: ['nobody@example.com'],
        })
        expect(smtp.received.map((m) => m.to)).toEqual([['ok@example.com']])
      })
    } finally {
      await smtp.close()
    }
  })

  it('keeps the message pending with its error while the server is down, then delivers it exactly once', async () => {
    const fast = parseConfig({ alert: { retry_base_ms: 1000, max_attempts: 5 } })
    const port = await freePort()
    const url = `smtp://127.0.0.1:${port}`
    await withWarehouse(async (db) => {
      await db.write(seed)
      const first = await runAlert(db, fast, { asOf: D, smtpUrl: url })
      expect(first.status).toBe('pending')
      expect(first.attempts).toBe(1)
      expect(first.last_error).toMatch(/ECONNREFUSED/)
      // not due yet: nothing is attempted
      expect(await resumePending(db, fast, url)).toEqual([])
      await new Promise((r) => setTimeout(r, 1100))
      const [second] = await resumePending(db, fast, url)
      expect(second).toMatchObject({ status: 'pending', attempts: 2 })
      const [row] = await db.withConnection((c) =>
        rows<{ gap_ms: number }>(
          c,
          'select epoch_ms(next_attempt_at) - epoch_ms(updated_at) as gap_ms from alert_outbox',
        ),
      )
      expect(row.gap_ms).toBe(2000) // back-off doubles: 1 s, then 2 s
      const smtp = await startSmtp({ port })
      try {
        await new Promise((r) => setTimeout(r, 2100))
        const [third] = await resumePending(db, fast, url)
        expect(third).toMatchObject({ status: 'sent', attempts: 3, last_error: null })
        expect(await resumePending(db, fast, url)).toEqual([])
        expect((await runAlert(db, fast, { asOf: D, smtpUrl: url })).status).toBe('already-sent')
        expect(smtp.received).toHaveLength(1)
      } finally {
        await smtp.close()
      }
    })
  })

  it('records the alert step failed when the date has no hotspots (the morning run failed), so catch-up retries it', async () => {
    await withWarehouse(async (db) => {
      await expect(runAlertRecorded(db, config, { asOf: D })).rejects.toThrow(
        /alert for 2026-11-23: no hotspots computed for 2026-11-23/,
      )
      await db.write((conn) =>
        insertTalukas(conn, D, [{ taluka: 'S1', status: 'STABLE', leads: 5, leadGrowth: 0 }]),
      )
      // computed, and nothing to say: that step succeeds
      expect(await runAlertRecorded(db, config, { asOf: D })).toMatchObject({
        status: 'no-candidates',
      })
      const runs = await db.withConnection((c) =>
        rows(c, `select status from pipeline_runs where pipeline = 'alert' order by run_id`),
      )
      expect(runs).toEqual([{ status: 'failed' }, { status: 'succeeded' }])
    })
  })

  it('records the alert step failed while the server is down and succeeded once a rerun delivers it', async () => {
    const port = await freePort()
    const url = `smtp://127.0.0.1:${port}`
    await withWarehouse(async (db) => {
      await db.write(seed)
      const down = runAlertRecorded(db, config, { asOf: D, smtpUrl: url, triggeredBy: 'test' })
      await expect(down).rejects.toBeInstanceOf(AlertNotSentError)
      await expect(down).rejects.toThrow(/not sent yet \(attempt 1 failed: .*ECONNREFUSED/)
      const smtp = await startSmtp({ port })
      try {
        // the pending message is delivered by the next run of the same key (run as soon as the operator asks)
        const up = await runAlertRecorded(db, config, { asOf: D, smtpUrl: url })
        expect(up).toMatchObject({ status: 'sent', attempts: 2 })
        expect(smtp.received).toHaveLength(1)
      } finally {
        await smtp.close()
      }
      const runs = await db.withConnection((c) =>
        rows(
          c,
          `select status, triggered_by, error is not null as has_error, finished_at is not null as finished,
             row_counts->>'status' as sent
           from pipeline_runs where pipeline = 'alert' and as_of_date = $1::DATE order by run_id`,
          [D],
        ),
      )
      expect(runs).toEqual([
        { status: 'failed', triggered_by: 'test', has_error: true, finished: true, sent: null },
        {
          status: 'succeeded',
          triggered_by: 'cli',
          has_error: false,
          finished: true,
          sent: 'sent',
        },
      ])
    })
  })

  it('gives up after max_attempts and stops retrying', async () => {
    const once = parseConfig({ alert: { retry_base_ms: 1, max_attempts: 2 } })
    const url = `smtp://127.0.0.1:${await freePort()}`
    await withWarehouse(async (db) => {
      await db.write(seed)
      expect((await runAlert(db, once, { asOf: D, smtpUrl: url })).status).toBe('pending')
      await new Promise((r) => setTimeout(r, 20))
      const [last] = await resumePending(db, once, url)
      expect(last).toMatchObject({ status: 'failed', attempts: 2, next_attempt_at: null })
      expect(await resumePending(db, once, url)).toEqual([])
    })
  })

  it('refuses to send without an SMTP URL and writes nothing', async () => {
    await withWarehouse(async (db) => {
      await db.write(seed)
      await expect(runAlert(db, config, { asOf: D })).rejects.toThrow(UserError)
      await expect(runAlert(db, config, { asOf: D })).rejects.toThrow(/SCV_SMTP_URL is not set/)
      expect(await db.withConnection((c) => rows(c, 'select * from alert_outbox'))).toEqual([])
      await expect(runAlert(db, config, { asOf: D, to: ['not-an-address'] })).rejects.toThrow(
        /not an email address: not-an-address/,
      )
    })
  })

  it('writes a dry run to an .eml or .html file without sending or touching the outbox', async () => {
    await withWarehouse(async (db, dir) => {
      await db.write(seed)
      const eml = join(dir, 'alert.eml')
      const result = await runAlert(db, config, { asOf: D, dryRun: true, out: eml })
      expect(result.status).toBe('dry-run')
      const parsed = await simpleParser(readFileSync(eml))
      expect(parsed.subject).toBe('🚨 Macro Market Hotspot Alert | Top 3 Talukas | 23 Nov 2026')
      expect(parsed.text).toContain('T1 (Pune, Maharashtra)')
      expect(parsed.html).toContain('data-taluka="T1"')
      const html = join(dir, 'alert.html')
      await runAlert(db, config, { asOf: D, dryRun: true, out: html })
      expect(readFileSync(html, 'utf8')).toMatch(/^<!DOCTYPE html>/)
      await expect(
        runAlert(db, config, { asOf: D, dryRun: true, out: join(dir, 'alert.txt') }),
      ).rejects.toThrow(/must end in .eml or .html/)
      expect(existsSync(join(dir, 'alert.txt'))).toBe(false)
      expect(await db.withConnection((c) => rows(c, 'select * from alert_outbox'))).toEqual([])
    })
  })
})
