// Single-opportunity rescores: the row a full run writes, from the kept facts or computed, whatever happened on the connection before.
import { copyFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { DuckDBConnection } from '@duckdb/node-api'
import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../app/config.ts'
import { addDays } from '../../data/dates.ts'
import { openWarehouse, rows, transaction, type Warehouse } from '../../data/warehouse.ts'
import { withWarehouse } from '../../test/warehouse.ts'
import { ingestFile } from '../ingest/ingest.ts'
import { addAction, addOpty, seedFive, seedStockedOut } from './fixtures.ts'
import { refreshScoreFacts, rescoreOpportunities, rescoreOpportunity, scoreAll } from './score.ts'
import { slowAgain } from './single.ts'

const AS_OF = '2026-11-24'
const at = (days: number, time = '10:00:00') => `${addDays(AS_OF, days)} ${time}`
const config = parseConfig({}).score

const scoreRow = async (c: DuckDBConnection, id: string) =>
  (await rows(c, 'select * from scv_customer_score where opty_id = $1', [id]))[0]
const listRow = async (c: DuckDBConnection, id: string) =>
  (await rows(c, 'select * from lead_list where opty_id = $1', [id]))[0]
const rescore = (c: DuckDBConnection, id: string, asOf = AS_OF, cfg = config) =>
  transaction(c, () => rescoreOpportunity(c, cfg, id, asOf))

/**
 * A run after the rescore must find nothing left to change for `id`: the rows are equal. Then a
 * `full` run, which computes the CRM facts afresh instead of keeping them, writes the same values
 * (only scored_at moves).
 */
async function expectFullRunAgrees(c: DuckDBConnection, id: string, asOf = AS_OF, cfg = config) {
  const single = { score: await scoreRow(c, id), list: await listRow(c, id) }
  await scoreAll(c, cfg, { asOf })
  expect(await scoreRow(c, id)).toEqual(single.score)
  expect(await listRow(c, id)).toEqual(single.list)
  await scoreAll(c, cfg, { asOf, full: true })
  expect({ ...(await scoreRow(c, id)), scored_at: 'any' }).toEqual({
    ...single.score,
    scored_at: 'any',
  })
  expect(await listRow(c, id)).toEqual(single.list)
}

describe('rescoring one opportunity', () => {
  it('reads the last run’s facts while they hold: a tampered kept row shows in the score', async () => {
    await withWarehouse(async (db) =>
      db.write(async (c) => {
        await seedFive(c, AS_OF)
        await scoreAll(c, config, { asOf: AS_OF })
        const before = await scoreRow(c, 'O2')
        // the kept facts say O2 had three connected calls in the window (it had one)
        await c.run(
          `update score_facts set call_touches = 3, call_touches_window = 3 where opty_id = 'O2'`,
        )
        await rescore(c, 'O2')
        const after = await scoreRow(c, 'O2')
        expect(before.followup_score).toBe(4)
        expect(after.followup_score).toBe(10)
      }),
    )
  })

  it('computes the facts itself once a file was loaded since the run, as the run would', async () => {
    await withWarehouse(async (db, dir) =>
      db.write(async (c) => {
        await seedFive(c, AS_OF)
        await scoreAll(c, config, { asOf: AS_OF })
        // were the kept row read, O3 would have no touch in the window
        await c.run(`update score_facts set call_touches_window = 0 where opty_id = 'O3'`)
        const file = join(dir, 'call_log_more.csv')
        writeFileSync(
          file,
          `call_id,opty_id,called_at,duration_sec\nN1,O3,${at(0)},200\nN2,O3,${at(-1)},100\n`,
        )
        expect((await ingestFile(c, file)).status).toBe('loaded')
        await rescore(c, 'O3')
        const o3 = await scoreRow(c, 'O3')
        expect(o3.followup_score).toBe(10) // three connected calls, not the tampered kept row's
        await expectFullRunAgrees(c, 'O3')
      }),
    )
  })

  it('computes the facts for another as-of date or another configuration', async () => {
    await withWarehouse(async (db) =>
      db.write(async (c) => {
        await seedFive(c, AS_OF)
        await scoreAll(c, config, { asOf: AS_OF })
        const later = addDays(AS_OF, 20)
        await rescore(c, 'O1', later)
        expect((await scoreRow(c, 'O1')).as_of_date).toBe(later)
        await expectFullRunAgrees(c, 'O1', later)
        const other = parseConfig({
          score: { customer_type: { values: { Fleet: 10, Retail: 6 }, missing: 1 } },
        }).score
        await rescore(c, 'O5', later, other)
        expect((await scoreRow(c, 'O5')).customer_type_score).toBe(1)
        await expectFullRunAgrees(c, 'O5', later, other)
      }),
    )
  })

  it('inserts an opportunity no run has scored yet and closes one that closed', async () => {
    await withWarehouse(async (db) =>
      db.write(async (c) => {
        await seedFive(c, AS_OF)
        await scoreAll(c, config, { asOf: AS_OF })
        await addOpty(c, { opty_id: 'O6', created_at: at(-1), dse_id: 'R1' })
        await rescore(c, 'O6')
        expect((await scoreRow(c, 'O6')).is_open).toBe(true)
        expect((await listRow(c, 'O6')).next_best_action).toBe('FIRST_CONTACT')
        await c.run(`update customer_pipeline set status = 'Lost' where opty_id = 'O1'`)
        await rescore(c, 'O1')
        expect((await scoreRow(c, 'O1')).is_open).toBe(false)
        expect(await listRow(c, 'O1')).toBeUndefined()
        // an opportunity the pipeline does not have writes nothing
        await rescore(c, 'NO-SUCH-OPTY')
        expect(await scoreRow(c, 'NO-SUCH-OPTY')).toBeUndefined()
        expect(await listRow(c, 'NO-SUCH-OPTY')).toBeUndefined()
        // a full run then has nothing left to insert or close
        const counts = await scoreAll(c, config, { asOf: AS_OF })
        expect(counts).toMatchObject({ inserted: 0, updated: 0, closed: 0 })
      }),
    )
  })

  it("returns each key's total score before and after, null where it is not open", async () => {
    await withWarehouse(async (db) =>
      db.write(async (c) => {
        await seedFive(c, AS_OF)
        await scoreAll(c, config, { asOf: AS_OF })
        const before = (await listRow(c, 'O4')).total_score
        await addAction(c, {
          opty_id: 'O4',
          action_type: 'test_drive',
          acted_at: at(0, '09:00:00'),
        })
        await addOpty(c, { opty_id: 'O6', created_at: at(-1), dse_id: 'R1' })
        await c.run(`update customer_pipeline set status = 'Won' where opty_id = 'O1'`)
        const closedBefore = (await listRow(c, 'O1')).total_score
        const moves = await transaction(c, () =>
          rescoreOpportunities(c, config, ['O4', 'O6', 'O1', 'NO-SUCH-OPTY', 'O4'], AS_OF),
        )
        const after = (await listRow(c, 'O4')).total_score
        expect(after).not.toBe(before)
        expect(Object.fromEntries(moves)).toEqual({
          O4: { before, after },
          O6: { before: null, after: (await listRow(c, 'O6')).total_score },
          O1: { before: closedBefore, after: null },
          'NO-SUCH-OPTY': { before: null, after: null },
        })
        // a key already closed has no score before either
        const again = await transaction(c, () => rescoreOpportunities(c, config, ['O1'], AS_OF))
        expect(again.get('O1')).toEqual({ before: null, after: null })
      }),
    )
  })

  it('is not thrown off by a rolled-back transaction or tables created on its connection', async () => {
    await withWarehouse(async (db) =>
      db.write(async (c) => {
        await seedFive(c, AS_OF)
        await scoreAll(c, config, { asOf: AS_OF })
        // the first rescore on this connection creates its temp tables; the rollback drops them
        await expect(
          transaction(c, async () => {
            await rescoreOpportunity(c, config, 'O4', AS_OF)
            throw new Error('the request failed after the rescore')
          }),
        ).rejects.toThrow(/request failed/)
        await addAction(c, { opty_id: 'O4', action_type: 'visited', acted_at: at(0, '09:00:00') })
        await rescore(c, 'O4')
        await c.run('create temp table unrelated (a INTEGER); drop table unrelated')
        await addAction(c, {
          opty_id: 'O4',
          action_type: 'followup',
          acted_at: at(0, '09:30:00'),
          next_followup_date: AS_OF,
        })
        await rescore(c, 'O4')
        expect((await listRow(c, 'O4')).next_best_action).toBe('FOLLOWUP_DUE')
        await expectFullRunAgrees(c, 'O4')
      }),
    )
  })

  it("rescores a STOCK_ALT lead to the full run's rows, the model it is offered included", async () => {
    await withWarehouse(async (db) =>
      db.write(async (c) => {
        await seedFive(c, AS_OF)
        await seedStockedOut(c, AS_OF)
        await scoreAll(c, config, { asOf: AS_OF })
        // a connected call today: SA1 is touched, its score moves, STOCK_ALT stays its action
        await addAction(c, {
          opty_id: 'SA1',
          action_type: 'called',
          connected: true,
          duration_sec: 200,
          acted_at: at(0),
        })
        const before = await listRow(c, 'SA1')
        await rescore(c, 'SA1')
        const after = await listRow(c, 'SA1')
        expect(after.total_score).not.toBe(before.total_score)
        expect(after).toMatchObject({ next_best_action: 'STOCK_ALT', alternative: 'Intra V50' })
        await expectFullRunAgrees(c, 'SA1')
      }),
    )
  })

  it('updates a rescored lead_list row in place, inserts a new lead and deletes a closed one', async () => {
    await withWarehouse(async (db) =>
      db.write(async (c) => {
        await seedFive(c, AS_OF)
        await scoreAll(c, config, { asOf: AS_OF })
        const place = async () =>
          new Map(
            (
              await rows<{ opty_id: string; r: bigint }>(
                c,
                'select opty_id, rowid as r from lead_list',
              )
            ).map((x) => [x.opty_id, x.r]),
          )
        const before = await place()
        await addAction(c, { opty_id: 'O2', action_type: 'visited', acted_at: at(0) })
        await addOpty(c, { opty_id: 'O6', created_at: at(-1), dse_id: 'R1' })
        await c.run(`update customer_pipeline set status = 'Lost' where opty_id = 'O3'`)
        const moves = await transaction(c, () =>
          rescoreOpportunities(c, config, ['O2', 'O6', 'O3', 'O4'], AS_OF),
        )
        const after = await place()
        // O2 changed (a visit today) and O4 did not: both rows where they were
        expect(moves.get('O2')!.after).not.toBe(moves.get('O2')!.before)
        expect(after.get('O2')).toBe(before.get('O2'))
        expect(after.get('O4')).toBe(before.get('O4'))
        expect(after.has('O6')).toBe(true)
        expect(after.has('O3')).toBe(false)
        expect([...after.keys()].sort()).toEqual(['O1', 'O2', 'O4', 'O5', 'O6'])
        for (const id of ['O2', 'O4', 'O6']) await expectFullRunAgrees(c, id)
      }),
    )
  })

  it('comes back from the WAL after a crash: rows updated in place, inserted and deleted', async () => {
    await withWarehouse(async (db, dir) => {
      await db.write(async (c) => {
        await seedFive(c, AS_OF)
        await scoreAll(c, config, { asOf: AS_OF })
        await c.run('CHECKPOINT')
        // everything after this stays in the WAL only (PITFALLS: WAL replay has had bugs)
        await c.run(`SET wal_autocheckpoint = '1TB'`)
        await addAction(c, { opty_id: 'O2', action_type: 'visited', acted_at: at(0) })
        await addOpty(c, { opty_id: 'O6', created_at: at(-1), dse_id: 'R1' })
        await c.run(`update customer_pipeline set status = 'Lost' where opty_id = 'O3'`)
        await transaction(c, () => rescoreOpportunities(c, config, ['O2', 'O6', 'O3'], AS_OF))
      })
      const read = (w: Warehouse) =>
        w.withConnection(async (c) => ({
          list: await rows(c, 'select * from lead_list order by opty_id'),
          scores: await rows(c, 'select * from scv_customer_score order by opty_id'),
        }))
      const committed = await read(db)
      // the files as a process killed right after the commit leaves them
      const crashed = join(dir, 'crashed.duckdb')
      copyFileSync(db.path, crashed)
      copyFileSync(`${db.path}.wal`, `${crashed}.wal`)
      expect(statSync(`${crashed}.wal`).size).toBeGreaterThan(0)
      const reopened = await openWarehouse(crashed)
      try {
        const replayed = await read(reopened)
        expect(replayed).toEqual(committed)
        expect(replayed.list.map((r) => r.opty_id)).toEqual(['O1', 'O2', 'O4', 'O5', 'O6'])
      } finally {
        await reopened.close()
      }
    })
  })

  it('writes a changed score where its row is: a rescore adds little to the WAL however full its vector', async () => {
    await withWarehouse(async (db) =>
      db.write(async (c) => {
        // 2,000 open leads: scv_customer_score's last 2,048-row vector nearly full after a checkpoint
        await c.run(
          `insert into customer_pipeline (opty_id, dealer_code, created_at, updated_at, stage, status,
             dse_id, lead_classification)
           select 'W' || i, 'D1', $1::TIMESTAMP, $1::TIMESTAMP, 'C0', 'Open', 'DSE1', 'Hot'
           from range(2000) r(i)`,
          [at(-3)],
        )
        await scoreAll(c, config, { asOf: AS_OF })
        await c.run('CHECKPOINT')
        await c.run(`SET wal_autocheckpoint = '1TB'`)
        const wal = () => statSync(`${db.path}.wal`, { throwIfNoEntry: false })?.size ?? 0
        const sizes: number[] = []
        for (const id of ['W10', 'W1500', 'W1999']) {
          const before = wal()
          await transaction(c, async () => {
            await addAction(c, { opty_id: id, action_type: 'visited', acted_at: at(0) })
            const moves = await rescoreOpportunities(c, config, [id], AS_OF)
            expect(moves.get(id)!.after).not.toBe(moves.get(id)!.before)
          })
          sizes.push(wal() - before)
        }
        // a list column (before migration 012) was rewritten as a delete and an append, logged
        // with the list elements of every row in the appended row's vector: ~340 KB each here
        for (const bytes of sizes) expect(bytes).toBeLessThan(16 * 1024)
        await c.run('RESET wal_autocheckpoint')
      }),
    )
  })

  it('keeps the facts current after a load without scoring anything (refreshScoreFacts)', async () => {
    await withWarehouse(async (db, dir) =>
      db.write(async (c) => {
        await seedFive(c, AS_OF)
        await scoreAll(c, config, { asOf: AS_OF })
        expect(await refreshScoreFacts(c, config, AS_OF)).toBe(false)
        const scoresBefore = await rows(c, 'select * from scv_customer_score order by opty_id')
        const file = join(dir, 'call_log_more.csv')
        writeFileSync(file, `call_id,opty_id,called_at,duration_sec\nN1,O2,${at(0)},300\n`)
        await ingestFile(c, file)
        expect(await refreshScoreFacts(c, config, AS_OF)).toBe(true)
        expect(await rows(c, 'select * from scv_customer_score order by opty_id')).toEqual(
          scoresBefore,
        )
        const [facts] = await rows(c, `select call_touches from score_facts where opty_id = 'O2'`)
        expect(facts.call_touches).toBe(2)
        await rescore(c, 'O2')
        await expectFullRunAgrees(c, 'O2')
      }),
    )
  })

  it('reads the kept facts for several keys at once while they hold for every one', async () => {
    await withWarehouse(async (db) =>
      db.write(async (c) => {
        await seedFive(c, AS_OF)
        await scoreAll(c, config, { asOf: AS_OF })
        // the kept facts say O2 and O3 had three connected calls in the window
        await c.run(
          `update score_facts set call_touches = 3, call_touches_window = 3 where opty_id in ('O2', 'O3')`,
        )
        await transaction(c, () => rescoreOpportunities(c, config, ['O2', 'O3'], AS_OF))
        expect((await scoreRow(c, 'O2')).followup_score).toBe(10)
        expect((await scoreRow(c, 'O3')).followup_score).toBe(10)
        // a key the run did not keep (new since): all of them are computed, the tampering gone
        await addOpty(c, { opty_id: 'O6', created_at: at(-1), dse_id: 'R1' })
        await transaction(c, () => rescoreOpportunities(c, config, ['O2', 'O3', 'O6'], AS_OF))
        expect((await scoreRow(c, 'O2')).followup_score).toBe(4)
        await expectFullRunAgrees(c, 'O3')
        await expectFullRunAgrees(c, 'O6')
      }),
    )
  })

  it('rescores several opportunities at once to the rows a full run writes, kept facts or not', async () => {
    await withWarehouse(async (db, dir) =>
      db.write(async (c) => {
        await seedFive(c, AS_OF)
        await scoreAll(c, config, { asOf: AS_OF })
        const snapshot = async () => ({
          scores: await rows(c, 'select * from scv_customer_score order by opty_id'),
          list: await rows(c, 'select * from lead_list order by opty_id'),
        })
        const changeAndRescore = async (tag: string, keys: string[]) => {
          await addAction(c, {
            opty_id: 'O2',
            action_type: 'visited',
            acted_at: at(0, `09:0${tag}:00`),
          })
          await addAction(c, {
            opty_id: 'O4',
            action_type: 'followup',
            acted_at: at(0, `09:1${tag}:00`),
            next_followup_date: AS_OF,
          })
          // a key given twice and an unknown key, too
          await transaction(c, () =>
            rescoreOpportunities(c, config, [...keys, 'O2', 'NO-SUCH-OPTY'], AS_OF),
          )
          const rescored = await snapshot()
          await scoreAll(c, config, { asOf: AS_OF })
          expect(rescored).toEqual(await snapshot())
          return rescored
        }
        const five = ['O1', 'O2', 'O3', 'O4', 'O5']
        // from the kept facts: O2 and O4 changed, O1 closed
        await c.run(`update customer_pipeline set status = 'Lost' where opty_id = 'O1'`)
        const first = await changeAndRescore('1', five)
        expect(first.list.map((r) => r.opty_id)).toEqual(['O2', 'O3', 'O4', 'O5'])
        expect(first.scores.find((r) => r.opty_id === 'O1')?.is_open).toBe(false)
        expect(first.list.find((r) => r.opty_id === 'O4')?.next_best_action).toBe('FOLLOWUP_DUE')
        // computed: O6 is new since the run that kept the facts
        await addOpty(c, { opty_id: 'O6', created_at: at(-1), dse_id: 'R1' })
        const second = await changeAndRescore('2', [...five, 'O6'])
        expect(second.list.map((r) => r.opty_id)).toEqual(['O2', 'O3', 'O4', 'O5', 'O6'])
        // computed: a file was loaded since the run
        const file = join(dir, 'call_log_more.csv')
        writeFileSync(file, `call_id,opty_id,called_at,duration_sec\nN1,O3,${at(0)},200\n`)
        expect((await ingestFile(c, file)).status).toBe('loaded')
        await changeAndRescore('3', [...five, 'O6'])
      }),
    )
  })
})

describe('when a rescore prepares its statements afresh', () => {
  it('takes two slow scoring runs in a row, not one, for DuckDB planning them again', () => {
    const speed = { fastest: Infinity, slowRuns: 0 }
    expect(slowAgain(speed, 40)).toBe(false) // the first run sets the mark
    expect(slowAgain(speed, 6)).toBe(false)
    expect(speed.fastest).toBe(6)
    // one slow run (a busy core) and back: nothing
    expect(slowAgain(speed, 30)).toBe(false)
    expect(slowAgain(speed, 7)).toBe(false)
    // 2.5 times slower, twice: nothing
    expect(slowAgain(speed, 15)).toBe(false)
    expect(slowAgain(speed, 15)).toBe(false)
    // two in a row: prepare afresh
    expect(slowAgain(speed, 30)).toBe(false)
    expect(slowAgain(speed, 31)).toBe(true)
    // over a fast statement, three times slower but not 10 ms slower: nothing
    const fast = { fastest: 2, slowRuns: 0 }
    expect(slowAgain(fast, 8)).toBe(false)
    expect(slowAgain(fast, 8)).toBe(false)
  })
})
