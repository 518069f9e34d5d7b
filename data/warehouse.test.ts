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

  it('migration 012 stores the reason codes of scv_customer_score as a JSON array, same codes in order, index kept', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'w.duckdb')
      const before = await openWarehouse(path)
      // scv_customer_score as before migration 012 (reason codes a list)
      await before.write(async (c) => {
        await c.run('drop index scv_customer_score_opty_id')
        await c.run(`alter table scv_customer_score
          alter reason_codes type VARCHAR[] using from_json(reason_codes, '["VARCHAR"]')`)
        await c.run(`insert into scv_customer_score values
          ('O1', 'D1', null, 9, 0, 0, 10, 0, 5, 6, 10, 52.5, 'STOCK_ALT',
           ['STOCK_ALT no saleable Ace "Gold"', '+LEAD_CLASSIFICATION Hot 9/10 (+18.0)', 'ALT Ace at D2 (1 saleable)'],
           'v1', '2026-11-30', '2026-11-30 10:00:00', true),
          ('O2', 'D1', 'E1', 2, 0, 0, 0, 0, 5, 6, 0, 20.0, 'NURTURE', [], 'v1', '2026-11-30',
           '2026-11-30 10:00:00', false)`)
        await c.run(
          `delete from schema_migrations where version = '012_score_reason_codes_json.sql'`,
        )
      })
      await before.close()
      const after = await openWarehouse(path)
      const got = await after.withConnection(async (c) => ({
        codes: await rows(
          c,
          `select opty_id, typeof(reason_codes) as type, reason_codes,
             from_json(reason_codes, '["VARCHAR"]') as list
           from scv_customer_score order by opty_id`,
        ),
        index: await rows(
          c,
          `select index_name from duckdb_indexes() where table_name = 'scv_customer_score'`,
        ),
        notNull: await rows(
          c,
          `select is_nullable from duckdb_columns()
           where table_name = 'scv_customer_score' and column_name = 'reason_codes'`,
        ),
      }))
      await after.close()
      expect(got.codes).toEqual([
        {
          opty_id: 'O1',
          type: 'JSON',
          reason_codes:
            '["STOCK_ALT no saleable Ace \\"Gold\\"","+LEAD_CLASSIFICATION Hot 9/10 (+18.0)","ALT Ace at D2 (1 saleable)"]',
          list: [
            'STOCK_ALT no saleable Ace "Gold"',
            '+LEAD_CLASSIFICATION Hot 9/10 (+18.0)',
            'ALT Ace at D2 (1 saleable)',
          ],
        },
        { opty_id: 'O2', type: 'JSON', reason_codes: '[]', list: [] },
      ])
      expect(got.index).toEqual([{ index_name: 'scv_customer_score_opty_id' }])
      expect(got.notNull).toEqual([{ is_nullable: false }])
    })
  })

  it('migrations 010 and 011 leave lead_list only the alternative STOCK_ALT offers, keeping rows, order and index', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'w.duckdb')
      const before = await openWarehouse(path)
      // lead_list as before migration 010 (reason codes a list), four rows in a sorted order
      await before.write(async (c) => {
        await c.run(`create or replace table lead_list as
          select * replace (null::VARCHAR[] as alternative) from lead_list limit 0`)
        await c.run('alter table lead_list rename column alternative to reason_codes')
        await c.run(`insert into lead_list (opty_id, next_best_action, reason_codes) values
          ('B', 'STOCK_ALT', ['STOCK_ALT no saleable Ace Gold', '+LEAD_CLASSIFICATION "Hot" 9/10 (+18.0)',
            'ALT Ace "CNG" at D1 (2 saleable, same dealer)']),
          ('A', 'NURTURE', null),
          ('C', 'NURTURE', ['NURTURE', 'ALT Ace Gold at D2 (1 saleable)']),
          ('D', 'STOCK_ALT', ['STOCK_ALT no saleable Ace', 'ALT Ace at Work at D2 (3 saleable)'])`)
        await c.run(`insert into lead_list_source values ('2026-11-30', 'v1', 'f1')`)
        await c.run(`delete from schema_migrations
          where version in ('010_lead_list_reason_json.sql', '011_lead_list_alternative.sql')`)
      })
      await before.close()
      const after = await openWarehouse(path)
      const got = await after.withConnection(async (c) => ({
        list: await rows(c, 'select opty_id, alternative from lead_list'),
        columns: (
          await rows<{ name: string; type: string }>(
            c,
            `select column_name as name, data_type as type from duckdb_columns()
             where table_name = 'lead_list' order by column_index`,
          )
        ).map((r) => `${r.name} ${r.type}`),
        index: await rows(
          c,
          `select index_name from duckdb_indexes() where table_name = 'lead_list'`,
        ),
        sources: await rows(c, 'select * from lead_list_source'),
      }))
      await after.close()
      expect(got.list).toEqual([
        { opty_id: 'B', alternative: 'Ace "CNG"' },
        { opty_id: 'A', alternative: null },
        // an ALT code counts only with STOCK_ALT as the action
        { opty_id: 'C', alternative: null },
        { opty_id: 'D', alternative: 'Ace at Work' },
      ])
      // in the place the reason codes had, which lead_list.sql's columns follow
      expect(got.columns.slice(18, 21)).toEqual([
        'next_best_action VARCHAR',
        'alternative VARCHAR',
        'pending_followup_date DATE',
      ])
      expect(got.index).toEqual([{ index_name: 'lead_list_opty_id' }])
      // the next score run compares lead_list with what it would write
      expect(got.sources).toEqual([])
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
