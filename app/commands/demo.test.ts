import { spawn } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openWarehouse, rows } from '../../data/warehouse.ts'
import { withTempDir } from '../../test/warehouse.ts'

describe('scv demo (what npm start runs)', () => {
  it('generates, loads, scores, serves the login page, and stops cleanly on SIGTERM', async () => {
    await withTempDir(async (dir) => {
      const configPath = join(dir, 'config.json')
      writeFileSync(
        configPath,
        JSON.stringify({
          db: join(dir, 'scv.duckdb'),
          demo_dir: join(dir, 'demo'),
          inbox_dir: join(dir, 'inbox'),
          archive_dir: join(dir, 'archive'),
          refused_dir: join(dir, 'refused'),
          schedule: { enabled: false },
        }),
      )
      const child = spawn(
        process.execPath,
        ['bin/scv.js', 'demo', '--config', configPath, '--opportunities', '3000', '--port', '0'],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      )
      let out = ''
      child.stdout.on('data', (d) => (out += d))
      child.stderr.on('data', (d) => (out += d))
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
      try {
        const port = await new Promise<number>((resolve, reject) => {
          const timer = setInterval(() => {
            const m = /serving http:\/\/[^:]+:(\d+)\//.exec(out)
            if (m) {
              clearInterval(timer)
              resolve(Number(m[1]))
            }
          }, 100)
          void exited.then(() => {
            clearInterval(timer)
            reject(new Error(`demo exited early:\n${out}`))
          })
        })
        expect(out).toMatch(/demo-rep \/ \S+/)
        expect(out).toMatch(/scored as of \d{4}-\d{2}-\d{2}: \d+ new/)
        const login = await fetch(`http://127.0.0.1:${port}/login`)
        expect(login.status).toBe(200)
        expect(await login.text()).toContain('name="username"')
        expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200)
      } finally {
        child.kill('SIGTERM')
      }
      expect(await exited).toBe(0)
      expect(existsSync(join(dir, 'demo', 'demo.json'))).toBe(true)
      // the warehouse was closed cleanly and holds the scored demo
      const db = await openWarehouse(join(dir, 'scv.duckdb'), { readOnly: true })
      const [scores] = await db.withConnection((c) =>
        rows(c, 'select count(*) n from scv_customer_score where is_open'),
      )
      await db.close()
      expect(scores.n).toBeGreaterThan(100)
    })
  }, 180_000)
})
