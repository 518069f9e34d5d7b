// `scv score` and `scv calibrate` from the command line: summary line, --json counts, bad input exits 2.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { openWarehouse } from '../../data/warehouse.ts'
import { addOpty } from '../../pipelines/score/fixtures.ts'
import { withTempDir } from '../../test/warehouse.ts'
import { main } from '../cli.ts'
import { loadConfig } from '../config.ts'

async function run(args: string[]) {
  const out: string[] = []
  const errors: string[] = []
  const spy = vi.spyOn(console, 'error').mockImplementation((s: string) => void errors.push(s))
  try {
    const code = await main(args, (s) => out.push(s))
    return { code, out: out.join('\n'), err: errors.join('\n') }
  } finally {
    spy.mockRestore()
  }
}

async function seed(path: string) {
  const db = await openWarehouse(path)
  try {
    await db.write(async (c) => {
      await addOpty(c, {
        opty_id: 'A',
        created_at: '2026-11-20 10:00:00',
        lead_classification: 'Hot',
      })
      await addOpty(c, { opty_id: 'B', created_at: '2026-11-22 10:00:00' })
      for (let i = 0; i < 10; i++)
        await addOpty(c, {
          opty_id: `C${i}`,
          created_at: `2026-0${(i % 8) + 1}-01 10:00:00`,
          updated_at: `2026-0${(i % 8) + 1}-09 10:00:00`,
          status: i % 3 ? 'Lost' : 'Won',
          customer_type: i % 3 ? 'Retail' : 'Fleet',
        })
    })
  } finally {
    await db.close()
  }
}

describe('scv score and scv calibrate', () => {
  it('scores, prints one summary line, and prints the counts with --json', async () => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'w.duckdb')
      await seed(db)
      const first = await run(['score', '--db', db, '--as-of', '2026-11-24'])
      expect(first.code).toBe(0)
      expect(first.out).toMatch(
        /^scored as of 2026-11-24 \(version [0-9a-f]{10}\): 2 new, 0 updated, 0 closed, 0 unchanged in \d+\.\d s$/,
      )
      const second = await run(['score', '--db', db, '--as-of', '2026-11-24', '--json'])
      expect(second.code).toBe(0)
      expect(JSON.parse(second.out)).toMatchObject({
        as_of: '2026-11-24',
        inserted: 0,
        updated: 0,
        closed: 0,
        unchanged: 2,
      })
      const full = await run(['score', '--db', db, '--as-of', '2026-11-24', '--full', '--json'])
      expect(JSON.parse(full.out)).toMatchObject({ updated: 2, unchanged: 0 })
    })
  })

  it('refuses a bad --as-of with exit 2 and one line', async () => {
    await withTempDir(async (dir) => {
      const result = await run(['score', '--db', join(dir, 'w.duckdb'), '--as-of', '24-11-2026'])
      expect(result.code).toBe(2)
      expect(result.err).toBe('scv score: --as-of must be a date YYYY-MM-DD, got "24-11-2026"')
    })
  })

  it('writes a proposal that --config accepts', async () => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'w.duckdb')
      const out = join(dir, 'proposal.json')
      await seed(db)
      const result = await run(['calibrate', '--db', db, '--out', out])
      expect(result.code).toBe(0)
      expect(result.out).toMatch(/current configuration\s+\d\.\d{3}/)
      expect(result.out).toMatch(/proposal written to/)
      expect(existsSync(out)).toBe(true)
      const file = JSON.parse(readFileSync(out, 'utf8'))
      expect(file.db).toBeUndefined()
      const config = loadConfig({ configPath: out, db })
      expect(Object.values(config.score.weights).reduce((a, b) => a + b, 0)).toBeCloseTo(100, 6)
      const before = await run(['score', '--db', db, '--as-of', '2026-11-24', '--json'])
      const rescored = await run([
        'score',
        '--db',
        db,
        '--config',
        out,
        '--as-of',
        '2026-11-24',
        '--json',
      ])
      expect(JSON.parse(rescored.out)).toMatchObject({ updated: 2 })
      expect(JSON.parse(rescored.out).score_version).not.toBe(JSON.parse(before.out).score_version)
    })
  })
})
