// Recording actions together (group commit): one write for the actions waiting, each with its own answer and scope.
import { statSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { todayIST } from '../data/dates.ts'
import { rows, type Warehouse } from '../data/warehouse.ts'
import { scoreAll } from '../pipelines/score/score.ts'
import { openFixture } from '../test/e2e/app-fixture.ts'
import { withTempDir } from '../test/warehouse.ts'
import type { ActionInput } from './actions.ts'
import { createActionRecorder } from './recorder.ts'
import type { User } from './auth/scope.ts'
import type { Config } from './config.ts'
import { loadScoring, type Scoring } from './scoring.ts'
import { getUser } from './users.ts'

const call: ActionInput = {
  action_type: 'called',
  connected: true,
  duration_sec: 300,
  next_followup_date: null,
  lost_reason: null,
  note: null,
}
const visit: ActionInput = { ...call, action_type: 'visited', connected: null, duration_sec: null }

async function withFixture(fn: (db: Warehouse, config: Config) => Promise<void>) {
  await withTempDir(async (dir) => {
    const { db, config } = await openFixture(dir)
    try {
      await fn(db, config)
    } finally {
      await db.close()
    }
  })
}

const user = (db: Warehouse, name: string) =>
  db.withConnection(async (c) => (await getUser(c, name)) as User)

const actionsOf = (db: Warehouse) =>
  db.withConnection((c) =>
    rows<{ opty_id: string; user_name: string; action_type: string }>(
      c,
      'select opty_id, user_name, action_type from lead_actions order by action_id',
    ),
  )

const listScores = (db: Warehouse) =>
  db.withConnection(async (c) =>
    Object.fromEntries(
      (
        await rows<{ opty_id: string; total_score: number }>(
          c,
          'select opty_id, total_score from lead_list',
        )
      ).map((r) => [r.opty_id, r.total_score]),
    ),
  )

/** Holds the writer until the returned function is called: what arrives meanwhile waits together. */
function holdWriter(db: Warehouse): () => void {
  let release = () => {}
  const held = new Promise<void>((r) => (release = r))
  void db.write(() => held)
  return release
}

describe('recording actions together', () => {
  it('checkpoints once the writer is idle after recorded actions, when the WAL is long enough', async () => {
    await withFixture(async (db, config) => {
      const wal = () => {
        try {
          return statSync(`${db.path}.wal`).size
        } catch {
          return 0
        }
      }
      const rep1 = await user(db, 'rep1')
      const settle = () => new Promise((r) => setTimeout(r, 300))
      // a WAL shorter than the threshold is left alone
      const patient = createActionRecorder(db, config, loadScoring, { afterMs: 50, walBytes: 1e9 })
      await db.checkpoint()
      const generation = db.generation
      await patient.record(rep1, 'OP-1002', call, todayIST())
      expect(wal()).toBeGreaterThan(0)
      await settle()
      expect(wal()).toBeGreaterThan(0)
      // one past it is checkpointed once the writer has been idle, and no generation moves for it
      const eager = createActionRecorder(db, config, loadScoring, { afterMs: 50, walBytes: 1 })
      await eager.record(rep1, 'OP-1002', visit, todayIST())
      const recorded = db.generation
      expect(recorded).toBeGreaterThan(generation)
      await settle()
      expect(wal()).toBe(0)
      expect(db.generation).toBe(recorded)
      expect((await actionsOf(db)).map((a) => a.action_type)).toEqual(['called', 'visited'])
    })
  })

  it('writes the actions that waited in one transaction, each checked against its own scope', async () => {
    await withFixture(async (db, config) => {
      const recorder = createActionRecorder(db, config, loadScoring)
      const [rep1, rep2] = [await user(db, 'rep1'), await user(db, 'rep2')]
      const before = await listScores(db)
      const release = holdWriter(db)
      const generation = db.generation
      const today = todayIST()
      const answers = Promise.all([
        recorder.record(rep1, 'OP-1002', call, today),
        recorder.record(rep2, 'OP-2001', visit, today),
        // another rep's lead: nothing written for it, the others unaffected
        recorder.record(rep1, 'OP-2001', call, today),
        recorder.record(rep1, 'OP-1002', visit, today),
      ])
      release()
      const [a, b, outside, again] = await answers
      // the held write and ONE write for all four
      expect(db.generation).toBe(generation + 2)
      expect(outside).toEqual({ found: false, oldScore: null, newScore: null })
      const after = await listScores(db)
      expect(a).toEqual({
        found: true,
        oldScore: before['OP-1002'],
        newScore: after['OP-1002'],
      })
      expect(again).toEqual(a)
      expect(b).toMatchObject({
        found: true,
        oldScore: before['OP-2001'],
        newScore: after['OP-2001'],
      })
      expect(after['OP-1002']).toBeGreaterThan(before['OP-1002'])
      expect(await actionsOf(db)).toEqual([
        { opty_id: 'OP-1002', user_name: 'rep1', action_type: 'called' },
        { opty_id: 'OP-2001', user_name: 'rep2', action_type: 'visited' },
        { opty_id: 'OP-1002', user_name: 'rep1', action_type: 'visited' },
      ])
      // rescored as a full run would: the run finds nothing to change
      const counts = await db.write((c) => scoreAll(c, config.score, { asOf: today }))
      expect(counts).toMatchObject({ inserted: 0, updated: 0, closed: 0 })
    })
  })

  it('fails only the action that failed: the others are recorded again alone', async () => {
    await withFixture(async (db, config) => {
      const real = await loadScoring()
      const failing: Scoring = {
        ...real,
        // fails after the rescore wrote its rows: the transaction takes them back with the action
        async rescoreOpportunities(conn, score, ids, asOf) {
          const moves = await real.rescoreOpportunities(conn, score, ids, asOf)
          if (ids.includes('OP-1005')) throw new Error('rescore broke on OP-1005')
          return moves
        },
      }
      const recorder = createActionRecorder(db, config, () => Promise.resolve(failing))
      const rep1 = await user(db, 'rep1')
      const before = await listScores(db)
      const release = holdWriter(db)
      const today = todayIST()
      const answers = [
        recorder.record(rep1, 'OP-1002', call, today),
        recorder.record(rep1, 'OP-1005', call, today),
        recorder.record(rep1, 'OP-1006', visit, today),
      ].map((p) => p.then(({ newScore }) => newScore).catch((e: Error) => e.message))
      release()
      const [a, broken, c] = await Promise.all(answers)
      expect(broken).toBe('rescore broke on OP-1005')
      const after = await listScores(db)
      expect([a, c]).toEqual([after['OP-1002'], after['OP-1006']])
      expect(after['OP-1005']).toBe(before['OP-1005'])
      // the failed action's row was rolled back with its transaction
      expect((await actionsOf(db)).map((r) => r.opty_id)).toEqual(['OP-1002', 'OP-1006'])
    })
  })

  it('records more than a batch holds in several writes, each action seeing the ones before it', async () => {
    await withFixture(async (db, config) => {
      const recorder = createActionRecorder(db, config, loadScoring)
      const rep1 = await user(db, 'rep1')
      const release = holdWriter(db)
      const generation = db.generation
      const today = todayIST()
      const visits = ['OP-1001', 'OP-1002', 'OP-1004', 'OP-1005', 'OP-1006', 'OP-1007']
      const answers = Promise.all([
        ...visits.map((id) => recorder.record(rep1, id, visit, today)),
        // in the first batch of eight: booked moves OP-1003 to C2, then lost closes it (it sees C2)
        recorder.record(rep1, 'OP-1003', { ...call, action_type: 'booked' }, today),
        recorder.record(
          rep1,
          'OP-1003',
          { ...call, action_type: 'lost', lost_reason: 'price' },
          today,
        ),
        recorder.record(rep1, 'OP-1002', call, today),
        recorder.record(rep1, 'OP-1001', visit, today),
      ])
      release()
      const results = await answers
      expect(results.every((r) => r.found)).toBe(true)
      // the held write, then eight actions, then the other two
      expect(db.generation).toBe(generation + 3)
      // OP-1003: closed by the action after it in the same batch, so both see it closed
      expect(results[6].newScore).toBeNull()
      expect(results[7].newScore).toBeNull()
      const [opp] = await db.withConnection((c) =>
        rows(
          c,
          `select stage, status, lost_reason from customer_pipeline where opty_id = 'OP-1003'`,
        ),
      )
      expect(opp).toEqual({ stage: 'C2', status: 'Lost', lost_reason: 'price' })
      expect((await actionsOf(db)).map((r) => r.action_type)).toEqual([
        ...visits.map(() => 'visited'),
        'booked',
        'lost',
        'called',
        'visited',
      ])
      // one insert for the batch: each row keeps its own action's values, in the batch's order
      const kept = await db.withConnection((c) =>
        rows(
          c,
          `select opty_id, action_type, duration_sec, lost_reason from lead_actions
           where opty_id in ('OP-1002', 'OP-1003') order by action_id`,
        ),
      )
      expect(kept).toEqual([
        { opty_id: 'OP-1002', action_type: 'visited', duration_sec: null, lost_reason: null },
        { opty_id: 'OP-1003', action_type: 'booked', duration_sec: 300, lost_reason: null },
        { opty_id: 'OP-1003', action_type: 'lost', duration_sec: 300, lost_reason: 'price' },
        { opty_id: 'OP-1002', action_type: 'called', duration_sec: 300, lost_reason: null },
      ])
      const counts = await db.write((c) => scoreAll(c, config.score, { asOf: today }))
      expect(counts).toMatchObject({ inserted: 0, updated: 0, closed: 0 })
    })
  })
})
