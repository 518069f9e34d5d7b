// Recording what reps did: the actions waiting for the writer written together and rescored at once.
import { statSync } from 'node:fs'
import type { DuckDBConnection } from '@duckdb/node-api'
import type { Insertable } from 'kysely'
import { nowIST } from '../data/dates.ts'
import { kysely } from '../data/kysely.ts'
import type { Database } from '../data/schema.ts'
import { transaction, type Warehouse } from '../data/warehouse.ts'
import type { ActionInput } from './actions.ts'
import { scopedOpportunity, type User } from './auth/scope.ts'
import type { Config } from './config.ts'
import type { Scoring } from './scoring.ts'
import type { ScoreMoves } from '../pipelines/score/single.ts'

export interface RecordResult {
  /** false: the lead is outside the user's scope (or does not exist); nothing was written */
  found: boolean
  oldScore: number | null
  newScore: number | null
}

interface Job {
  user: User
  optyId: string
  input: ActionInput
  asOf: string
  done: (outcome: Outcome) => void
}
type Outcome = { value: RecordResult } | { error: unknown }

/**
 * The most actions recorded in one transaction: enough for the reps who save at the same moment,
 * and few enough that a failed batch, recorded again action by action, holds the writer only
 * ~0.4 s at 1M opportunities.
 */
const MAX_BATCH = 8

/**
 * When the writer has been idle this long after recorded actions, and the WAL holds at least
 * `walBytes`, the recorder checkpoints, so that DuckDB's automatic checkpoint at 16 MiB (~70 ms at
 * 1M opportunities) rarely falls inside a rep's request. Each recorded action adds ~1.3 KB to the
 * WAL since migration 012 (the reason codes as JSON, updated in place), so the automatic one comes
 * every ~12,000 actions under a sustained burst; before it, a list column rewritten in an indexed
 * table put ~38 KB and more per action there (README "DuckDB for one key").
 */
export const IDLE_CHECKPOINT = { afterMs: 2000, walBytes: 4 * 1024 * 1024 }

/** Size of the warehouse's WAL file in bytes (0 when there is none, or in memory). */
function walBytes(path: string): number {
  try {
    return statSync(`${path}.wal`).size
  } catch {
    return 0
  }
}

/**
 * Records what reps did through the warehouse's writer. Actions that arrive while the writer is
 * busy wait and are then recorded together, in ONE transaction with one rescore of their
 * opportunities (group commit: the rescore of eight keys costs little more than of one), so the
 * time a rep waits does not grow with how many others are saving at that moment. Should that
 * transaction fail, each of its actions is recorded again alone, so that one bad action fails only
 * its own request. Every action is checked against its user's scope inside the transaction: one
 * outside the scope writes nothing.
 */
export function createActionRecorder(
  db: Warehouse,
  config: Config,
  scoring: () => Promise<Scoring>,
  idleCheckpoint = IDLE_CHECKPOINT,
) {
  const pending: Job[] = []
  let scheduled = false
  let idle: NodeJS.Timeout | undefined

  /**
   * Checkpoints once nothing has been written for a while, if the WAL is long enough
   * (IDLE_CHECKPOINT). Another write meanwhile (a login), or a checkpoint that failed (DuckDB
   * refuses one while a reader's transaction runs), waits for the next idle spell, a few times.
   */
  const checkpointWhenIdle = (tries = 5) => {
    clearTimeout(idle)
    const generation = db.generation
    idle = setTimeout(() => {
      if (walBytes(db.path) < idleCheckpoint.walBytes) return
      const again = () => {
        if (tries > 1) checkpointWhenIdle(tries - 1)
      }
      if (db.generation !== generation) again()
      else void db.checkpoint().then((done) => done || again())
    }, idleCheckpoint.afterMs)
    idle.unref()
  }

  const schedule = () => {
    scheduled = true
    let batch: Job[] = []
    let outcomes: Outcome[] = []
    db.write(
      async (conn) => {
        scheduled = false
        batch = pending.splice(0, MAX_BATCH)
        if (pending.length) schedule()
        outcomes = await recordBatch(conn, config, await scoring(), batch)
      },
      { onlyRecordedActions: true },
    )
      // answered once the write has finished, so that readers see the new warehouse generation
      .then(
        () => batch.forEach((job, i) => job.done(outcomes[i])),
        (error: unknown) => batch.forEach((job) => job.done({ error })),
      )
      .finally(() => {
        if (!scheduled) checkpointWhenIdle()
      })
  }

  return {
    /** Records `input` on `optyId` for `user` and rescores it as of `asOf`. */
    record(user: User, optyId: string, input: ActionInput, asOf: string): Promise<RecordResult> {
      return new Promise((resolve, reject) => {
        pending.push({
          user,
          optyId,
          input,
          asOf,
          done: (o) => ('value' in o ? resolve(o.value) : reject(o.error)),
        })
        if (!scheduled) schedule()
      })
    },
  }
}

/** The batch in one transaction; should it fail, each action alone in its own. */
async function recordBatch(
  conn: DuckDBConnection,
  config: Config,
  scoring: Scoring,
  batch: Job[],
): Promise<Outcome[]> {
  try {
    const results = await transaction(conn, () => recordAll(conn, config, scoring, batch))
    return results.map((value) => ({ value }))
  } catch (error) {
    if (batch.length === 1) return [{ error }]
    const outcomes: Outcome[] = []
    for (const job of batch) outcomes.push(...(await recordBatch(conn, config, scoring, [job])))
    return outcomes
  }
}

/**
 * Writes the actions in order (each checked against its user's scope, as if alone: a later action
 * on the same lead sees what an earlier one changed), then rescores their opportunities. Booked
 * moves the opportunity to stage C2 and lost closes it (status Lost with the reason), stamped
 * with the action time as updated_at, so a later CRM export only overrides it with newer data.
 * Each result's scores are the lead's before and after the batch.
 */
async function recordAll(
  conn: DuckDBConnection,
  config: Config,
  scoring: Scoring,
  jobs: Job[],
): Promise<RecordResult[]> {
  const k = kysely(conn)
  const found: boolean[] = []
  // each opportunity is rescored as of the date of its last action here
  const asOfs = new Map<string, string>()
  // written with one statement after the loop, in the jobs' order (action_id too): nothing in
  // the loop reads lead_actions, and one insert of three rows costs about one of one (~2 ms)
  const actions: Insertable<Database['lead_actions']>[] = []
  for (const job of jobs) {
    const opp = await scopedOpportunity(k, job.user, job.optyId)
      .select(['dse_id', 'stage', 'status'])
      .executeTakeFirst()
    found.push(Boolean(opp))
    if (!opp) continue
    const now = nowIST()
    actions.push({
      opty_id: job.optyId,
      dse_id: opp.dse_id,
      user_name: job.user.username,
      ...job.input,
      acted_at: now,
    })
    if (job.input.action_type === 'booked' && ['C0', 'C1', 'C1A'].includes(opp.stage)) {
      await k
        .updateTable('customer_pipeline')
        .set({ stage: 'C2', updated_at: now })
        .where('opty_id', '=', job.optyId)
        .execute()
    }
    if (job.input.action_type === 'lost' && opp.status === 'Open') {
      await k
        .updateTable('customer_pipeline')
        .set({ status: 'Lost', lost_reason: job.input.lost_reason, updated_at: now })
        .where('opty_id', '=', job.optyId)
        .execute()
    }
    asOfs.delete(job.optyId)
    asOfs.set(job.optyId, job.asOf)
  }
  if (actions.length) await k.insertInto('lead_actions').values(actions).execute()
  const byDate = new Map<string, string[]>()
  for (const [optyId, asOf] of asOfs) byDate.set(asOf, [...(byDate.get(asOf) ?? []), optyId])
  // each key is rescored once, so its move is its score before and after the whole batch
  const moves: ScoreMoves = new Map()
  for (const [asOf, ids] of byDate)
    for (const [id, move] of await scoring.rescoreOpportunities(conn, config.score, ids, asOf))
      moves.set(id, move)
  return jobs.map((job, i) => {
    const move = moves.get(job.optyId)
    return found[i]
      ? { found: true, oldScore: move?.before ?? null, newScore: move?.after ?? null }
      : { found: false, oldScore: null, newScore: null }
  })
}
