import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { parseConfig } from '../../app/config.ts'
import { openWarehouse, rows } from '../../data/warehouse.ts'
import { withTempDir } from '../../test/warehouse.ts'
import { computeHotspots } from '../hotspots/hotspots.ts'
import { insertDealers, insertOpps, leads } from '../hotspots/fixtures.ts'
import { startSmtp } from './testing.ts'

const D = '2026-11-23'

function scvAlert(dbPath: string, smtpUrl: string): ChildProcess {
  return spawn(process.execPath, ['bin/scv.js', 'alert', '--db', dbPath, '--as-of', D], {
    env: { ...process.env, SCV_SMTP_URL: smtpUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: string | null; out: string }>((resolve) => {
    let out = ''
    child.stdout!.on('data', (d) => (out += d))
    child.stderr!.on('data', (d) => (out += d))
    child.on('exit', (code, signal) => resolve({ code, signal, out }))
  })

it('sends exactly one message when the process is killed mid-send and run again', async () => {
  await withTempDir(async (dir) => {
    const dbPath = join(dir, 'w.duckdb')
    const db = await openWarehouse(dbPath)
    await db.write(async (conn) => {
      await insertDealers(conn, [
        ['A', 'S', 'D', 'T1'],
        ['B', 'S', 'D', 'T1'],
      ])
      await insertOpps(conn, [...leads('A', '2026-11-21', 6, 3), ...leads('B', '2026-11-16', 2)])
      await computeHotspots(conn, parseConfig({}), D)
    })
    await db.close()

    let victim: ChildProcess | undefined
    let victimExit: ReturnType<typeof exited> | undefined
    let arrivals = 0
    // the first message's data arrives, and the sender dies before the server answers
    const smtp = await startSmtp({
      beforeAccept: async () => {
        if (++arrivals > 1) return
        victim!.kill('SIGKILL')
        await victimExit
        throw new Error('sender went away')
      },
    })
    try {
      victim = scvAlert(dbPath, smtp.url)
      victimExit = exited(victim)
      expect((await victimExit).signal).toBe('SIGKILL')
      expect(smtp.received).toHaveLength(0)

      const check = await openWarehouse(dbPath, { readOnly: true })
      const [row] = await check.withConnection((c) => rows(c, 'select status from alert_outbox'))
      await check.close()
      expect(row).toEqual({ status: 'pending' })

      const second = await exited(scvAlert(dbPath, smtp.url))
      expect(second.code).toBe(0)
      expect(second.out).toMatch(/sent to leadership@scv.example/)
      const third = await exited(scvAlert(dbPath, smtp.url))
      expect(third.code).toBe(0)
      expect(third.out).toMatch(/already sent/)
      expect(arrivals).toBe(2)
      expect(smtp.received).toHaveLength(1)
    } finally {
      await smtp.close()
    }
  })
})
