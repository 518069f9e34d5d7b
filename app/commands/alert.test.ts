import { join } from 'node:path'
import { expect, it } from 'vitest'
import { parseConfig } from '../config.ts'
import { openWarehouse } from '../../data/warehouse.ts'
import { insertTalukas } from '../../pipelines/alert/testing.ts'
import { withTempDir } from '../../test/warehouse.ts'
import alert from './alert.ts'
import hotspots, { datesToCompute } from './hotspots.ts'

it('scv alert --dry-run --json prints exactly the shape of SPEC 7', async () => {
  await withTempDir(async (dir) => {
    const config = parseConfig({ db: join(dir, 'w.duckdb') })
    const db = await openWarehouse(config.db)
    await db.write((conn) =>
      insertTalukas(conn, '2026-11-23', [
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
        { taluka: 'Quiet', status: 'STABLE', leads: 3, leadGrowth: 0 },
      ]),
    )
    await db.close()
    const out: string[] = []
    const code = await alert.run({
      values: { 'as-of': '2026-11-23', 'dry-run': true },
      positionals: [],
      config,
      json: true,
      print: (l) => out.push(l),
    })
    expect(code ?? 0).toBe(0)
    expect(JSON.parse(out.join('\n'))).toEqual({
      as_of: '2026-11-23',
      talukas: [
        {
          state: 'Gujarat',
          district: 'Surat',
          taluka: 'Olpad',
          hotspot_status: 'EMERGING',
          priority: 35, // 30 + 50/10 + 0 + 0 (retail 1) − 0
          reasons: [
            'LEADS 9 in 5 days (+50.0 % vs 6)',
            'HIGH_INTENT 0 (+0.0 % vs 0)',
            'RETAIL 1 unit (+0.0 % vs 0)',
            'SALEABLE_STOCK 0 of 0 units',
          ],
        },
      ],
    })
    const none: string[] = []
    await alert.run({
      values: { 'as-of': '2026-11-22', 'dry-run': true },
      positionals: [],
      config,
      json: true,
      print: (l) => none.push(l),
    })
    expect(JSON.parse(none.join('\n'))).toEqual({ as_of: '2026-11-22', talukas: [] })
    const text: string[] = []
    await alert.run({
      values: { 'as-of': '2026-11-23', 'dry-run': true },
      positionals: [],
      config,
      json: false,
      print: (l) => text.push(l),
    })
    expect(text).toHaveLength(2)
    expect(text[0]).toContain('Olpad (Surat, Gujarat)')
    expect(text[0]).toContain('LEADS 9 in 5 days (+50.0 % vs 6)')
    expect(text[1]).toBe('alert 2026-11-23: dry run: 1 talukas, not sent')
    const quiet: string[] = []
    await alert.run({
      values: { 'as-of': '2026-11-22', 'dry-run': true },
      positionals: [],
      config,
      json: false,
      print: (l) => quiet.push(l),
    })
    expect(quiet).toEqual([expect.stringMatching(/^alert 2026-11-22: no hotspots computed/)])
  })
})

it('scv hotspots --from --to backfills every date of the range, one pipeline run each', async () => {
  await withTempDir(async (dir) => {
    const config = parseConfig({ db: join(dir, 'w.duckdb') })
    const out: string[] = []
    await hotspots.run({
      values: { from: '2026-11-20', to: '2026-11-22' },
      positionals: [],
      config,
      json: false,
      print: (l) => out.push(l),
    })
    expect(out).toEqual([
      'hotspots 2026-11-20: 0 talukas, 0 HOTSPOT, 0 EMERGING',
      'hotspots 2026-11-21: 0 talukas, 0 HOTSPOT, 0 EMERGING',
      'hotspots 2026-11-22: 0 talukas, 0 HOTSPOT, 0 EMERGING',
    ])
  })
})

it('refuses a half-given or backwards range', () => {
  expect(datesToCompute(undefined, '2026-11-20', '2026-11-22')).toEqual([
    '2026-11-20',
    '2026-11-21',
    '2026-11-22',
  ])
  expect(() => datesToCompute(undefined, '2026-11-20')).toThrow(/both --from and --to/)
  expect(() => datesToCompute(undefined, '2026-11-22', '2026-11-20')).toThrow(/is after/)
  expect(() => datesToCompute('2026-11-22', '2026-11-20', '2026-11-21')).toThrow(/not both/)
  expect(() => datesToCompute('23-11-2026')).toThrow(/--as-of must be a date/)
  expect(() => datesToCompute(undefined, '2000-01-01', '2026-11-23')).toThrow(
    /2000-01-01 … 2026-11-23 is longer than 3660 days/,
  )
  expect(datesToCompute(undefined, '2026-11-23', '2026-11-23')).toEqual(['2026-11-23'])
})
