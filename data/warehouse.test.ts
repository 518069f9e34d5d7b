import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { withTempDir, withWarehouse } from '../test/warehouse.ts'
import { LockedError } from './errors.ts'
import { openWarehouse, rows, transaction } from './warehouse.ts'

describe('warehouse', () => {
  it('applies every migration once and records it in schema_migrations', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'w.duckdb')
      const first = await openWarehouse(path)
      const versions = await first.withConnection((c) =>
        rows(c, 'select version from schema_migrations order by 1'),
      )
      await first.close()
      expect(versions.map((v) => v.version)).toContain('001_sources.sql')
      const again = await openWarehouse(path)
      const count = await again.withConnection((c) =>
        rows(c, 'select count(*) n from schema_migrations'),
      )
      await again.close()
      expect(count[0].n).toBe(versions.length)
    })
  })

  it('migration 010 turns the reason codes of lead_list into JSON text, keeping rows, order and index', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'w.duckdb')
      const before = await openWarehouse(path)
      // lead_list as before migration 010, with two rows in a sorted order
      await before.write(async (c) => {
        await c.run(`create or replace table lead_list as
          select * replace (null::VARCHAR[] as reason_codes) from lead_list limit 0`)
        await c.run(`insert into lead_list (opty_id, total_score, reason_codes) values
          ('B', 9, ['NURTURE', '+LEAD_CLASSIFICATION "Hot" 9/10 (+18.0)']), ('A', 1, null)`)
        await c.run(`delete from schema_migrations where version = '010_lead_list_reason_json.sql'`)
      })
      await before.close()
      const after = await openWarehouse(path)
      const got = await after.withConnection(async (c) => ({
        list: await rows(c, 'select opty_id, reason_codes from lead_list'),
        type: await rows(
          c,
          `select data_type from duckdb_columns() where table_name = 'lead_list' and column_name = 'reason_codes'`,
        ),
        index: await rows(
          c,
          `select index_name from duckdb_indexes() where table_name = 'lead_list'`,
        ),
      }))
      await after.close()
      expect(got.type).toEqual([{ data_type: 'VARCHAR' }])
      expect(got.list).toEqual([
        { opty_id: 'B', reason_codes: '["NURTURE","+LEAD_CLASSIFICATION \\"Hot\\" 9/10 (+18.0)"]' },
        { opty_id: 'A', reason_codes: null },
      ])
      expect(JSON.parse(got.list[0].reason_codes as string)).toEqual([
        'NURTURE',
        '+LEAD_CLASSIFICATION "Hot" 9/10 (+18.0)',
      ])
      expect(got.index).toEqual([{ index_name: 'lead_list_opty_id' }])
    })
  })

  it('rolls back a failed transaction completely', async () => {
    await withWarehouse(async (db) => {
      await db.write(async (conn) => {
        await expect(
          transaction(conn, async () => {
            await conn.run(`insert into dealers (dealer_code) values ('D1')`)
            throw new Error('boom')
          }),
        ).rejects.toThrow('boom')
      })
      const n = await db.withConnection((c) => rows(c, 'select count(*) n from dealers'))
      expect(n[0].n).toBe(0)
    })
  })

  it('serialises writers so overlapping writes do not conflict', async () => {
    await withWarehouse(async (db) => {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          db.write((conn) =>
            transaction(conn, () =>
              conn.run(`insert into dealers (dealer_code) values ($1)`, [`D${i}`]),
            ),
          ),
        ),
      )
      const n = await db.withConnection((c) => rows(c, 'select count(*) n from dealers'))
      expect(n[0].n).toBe(20)
    })
  })

  it('moves the generation once per finished write, failed ones too, before the caller resumes', async () => {
    await withWarehouse(async (db) => {
      const start = db.generation
      let during = -1
      await db.write(async (conn) => {
        await conn.run(`insert into dealers (dealer_code) values ('G1')`)
        during = db.generation
      })
      expect(during).toBe(start) // not yet: a reader caching under it would see the committed row later
      expect(db.generation).toBe(start + 1)
      await expect(
        db.write((conn) => conn.run('insert into no_such_table values (1)')),
      ).rejects.toThrow()
      expect(db.generation).toBe(start + 2)
      await db.withConnection((c) => rows(c, 'select 1'))
      expect(db.generation).toBe(start + 2) // reads do not move it
    })
  })

  it('moves the data generation with every write but those that only record actions', async () => {
    await withWarehouse(async (db) => {
      const [g, d] = [db.generation, db.dataGeneration]
      await db.write((conn) => conn.run(`insert into dealers (dealer_code) values ('G1')`))
      expect([db.generation, db.dataGeneration]).toEqual([g + 1, d + 1])
      await db.write(() => Promise.resolve(), { onlyRecordedActions: true })
      expect([db.generation, db.dataGeneration]).toEqual([g + 2, d + 1])
    })
  })

  it('refuses a file held by another process with a LockedError naming the file, without hanging', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'held.duckdb')
      const holder = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          '-e',
          `import('${join(process.cwd(), 'data/warehouse.ts')}').then(async (w) => { await w.openWarehouse(${JSON.stringify(path)}); console.log('ready'); setTimeout(() => {}, 60000) })`,
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      )
      try {
        await new Promise<void>((resolve, reject) => {
          holder.stdout.on('data', (d) => String(d).includes('ready') && resolve())
          holder.on('exit', () => reject(new Error('holder exited early')))
        })
        const started = Date.now()
        const error = await openWarehouse(path).catch((e) => e)
        expect(error).toBeInstanceOf(LockedError)
        expect(error.message).toContain(path)
        expect(Date.now() - started).toBeLessThan(5000)
      } finally {
        holder.kill('SIGKILL')
      }
    })
  })
})
