import { createServer, type Server } from 'node:net'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isUserError } from '../../data/errors.ts'
import { openWarehouse } from '../../data/warehouse.ts'
import { withTempDir } from '../../test/warehouse.ts'
import { parseConfig } from '../config.ts'
import { parsePort, serveUntilSignal } from './serve.ts'

describe('scv serve', () => {
  it('takes --port as digits 0–65535 only, else the configured port', () => {
    expect(parsePort(undefined, 3000)).toBe(3000)
    expect(parsePort('0', 3000)).toBe(0)
    expect(parsePort('8080', 3000)).toBe(8080)
    for (const bad of ['', ' ', '-1', '65536', '80.5', '0x50', '1e3', 'http', '123456']) {
      let error: unknown
      try {
        parsePort(bad, 3000)
      } catch (e) {
        error = e
      }
      expect(isUserError(error), bad).toBe(true)
      expect(String(error)).toContain('--port must be a whole number')
    }
  })

  it('says a busy port is in use (exit 2) and closes the warehouse', async () => {
    await withTempDir(async (dir) => {
      const busy: Server = createServer()
      await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r))
      const port = (busy.address() as { port: number }).port
      const config = parseConfig({ db: join(dir, 'serve.duckdb') })
      const db = await openWarehouse(config.db)
      try {
        const lines: string[] = []
        const run = serveUntilSignal(db, config, {
          port: String(port),
          host: '127.0.0.1',
          print: (l) => lines.push(l),
        })
        await expect(run).rejects.toThrow(`port ${port} is already in use`)
        await run.catch((e: unknown) => expect(isUserError(e)).toBe(true))
        expect(lines).toEqual([])
        // closed: its writer takes no more work
        await expect(db.write((conn) => conn.run('select 1'))).rejects.toThrow()
      } finally {
        await new Promise((r) => busy.close(r))
      }
    })
  })
})
