import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openWarehouse } from '../data/warehouse.ts'
import { withTempDir } from '../test/warehouse.ts'

function scv(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['bin/scv.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('scv command line', () => {
  it('exits 2 with a one-line reason for an unknown command or option', () => {
    const unknown = scv(['frobnicate'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1)
    expect(unknown.stderr).toContain('unknown command "frobnicate"')
    const badOption = scv(['query', '--bogus', 'select 1'])
    expect(badOption.code).toBe(2)
  })

  it('exits 2 naming every bad field of an invalid config file', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'bad.json')
      writeFileSync(path, JSON.stringify({ server: { port: 'x' }, hotspots: { min_leads: -1 } }))
      const r = scv(['query', '--config', path, 'select 1'])
      expect(r.code).toBe(2)
      expect(r.stderr).toContain('server.port')
      expect(r.stderr).toContain('hotspots.min_leads')
    })
  })

  it('runs read-only SQL as a table, CSV and JSON, and refuses writes', async () => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'q.duckdb')
      await (await openWarehouse(db)).close()
      const csv = scv(['query', '--db', db, "select 1 as n, 'a,b' as s", '--csv'])
      expect(csv.code).toBe(0)
      expect(csv.stdout.trim()).toBe('n,s\n1,"a,b"')
      const json = scv(['query', '--json', 'select 2 as n'], { SCV_DB: db })
      expect(JSON.parse(json.stdout)).toEqual([{ n: 2 }])
      const write = scv(['query', '--db', db, "insert into dealers (dealer_code) values ('X')"])
      expect(write.code).toBe(2)
      expect(write.stderr).toMatch(/read-only/i)
    })
  })

  it('prints help for a command', () => {
    const r = scv(['query', '--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('scv query "SQL"')
  })
})
