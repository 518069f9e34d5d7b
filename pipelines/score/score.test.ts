// Score engine tests: every band edge of every component, the total, reason codes, and the run's bookkeeping.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { DuckDBConnection } from '@duckdb/node-api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../../app/config.ts'
import { addDays } from '../../data/dates.ts'
import { ConfigError } from '../../data/errors.ts'
import { rows, type Warehouse } from '../../data/warehouse.ts'
import { withWarehouse } from '../../test/warehouse.ts'
import { ingestFile } from '../ingest/ingest.ts'
import {
  addAction,
  addCall,
  addDealer,
  addJourney,
  addOpty,
  addStock,
  seedFive,
  seedStockedOut,
} from './fixtures.ts'
import { refreshScoreFacts, rescoreOpportunity, scoreAll, scoreVersion } from './score.ts'

const AS_OF = '2026-11-24'
const day = (n: number) => addDays(AS_OF, n)
const at = (n: number, time = '10:00:00') => `${day(n)} ${time}`
const config = parseConfig({}).score

type Score = Record<string, unknown>
async function scores(conn: DuckDBConnection): Promise<Map<string, Score>> {
  // the reason codes as a list (stored as a JSON array, migration 012)
  const list = await rows(
    conn,
    `select * replace (from_json(reason_codes, '["VARCHAR"]') as reason_codes) from scv_customer_score`,
  )
  return new Map(list.map((r) => [r.opty_id as string, r]))
}

describe('components at every band edge (as of 2026-11-24, default configuration)', () => {
  let db: Warehouse
  let scored: Map<string, Score>
  let release: () => void
  let done: Promise<void>

  beforeAll(async () => {
    let ready!: () => void
    const opened = new Promise<void>((r) => (ready = r))
    done = withWarehouse(async (w) => {
      db = w
      ready()
      await new Promise<void>((r) => (release = r))
    })
    await opened
    await db.write(async (c) => {
      const base = { created_at: at(-10), pl: null }
      // lead_classification_score
      for (const [id, v] of [
        ['lc-live', 'Live Deal'],
        ['lc-hot', 'Hot'],
        ['lc-warm', 'Warm'],
        ['lc-cold', 'Cold'],
        ['lc-missing', null],
        ['lc-unknown', 'Lukewarm'],
        ['lc-case', ' hot '],
      ] as const)
        await addOpty(c, { ...base, opty_id: id, lead_classification: v })
      // expected_closure_score: days from the as-of date
      for (const d of [-1, 0, 7, 8, 15, 16, 30, 31, 60, 61])
        await addOpty(c, { ...base, opty_id: `ec${d}`, expected_closure_date: day(d) })
      await addOpty(c, { ...base, opty_id: 'ec-missing' })
      // lead_age_score: days from created_at to the as-of date
      for (const d of [0, 3, 4, 7, 8, 15, 16, 30, 31, 60, 61])
        await addOpty(c, { ...base, opty_id: `age${d}`, created_at: at(-d, '23:59:00') })
      await addOpty(c, { ...base, opty_id: 'age-future', created_at: at(2) })
      // followup_score
      for (const n of [0, 1, 2, 3, 4]) {
        await addOpty(c, { ...base, opty_id: `fu${n}` })
        for (let i = 0; i < n; i++)
          await addCall(c, {
            call_id: `fu${n}-${i}`,
            opty_id: `fu${n}`,
            called_at: at(-i),
            duration_sec: 60,
          })
      }
      await addOpty(c, { ...base, opty_id: 'fu-window' }) // as-of-29 counts, as-of-30 does not
      await addCall(c, {
        call_id: 'w1',
        opty_id: 'fu-window',
        called_at: at(-29, '00:00:00'),
        duration_sec: 10,
      })
      await addCall(c, {
        call_id: 'w2',
        opty_id: 'fu-window',
        called_at: at(-30, '23:59:59'),
        duration_sec: 10,
      })
      await addCall(c, { call_id: 'w3', opty_id: 'fu-window', called_at: at(1), duration_sec: 10 })
      await addOpty(c, { ...base, opty_id: 'fu-unconnected' })
      await addCall(c, {
        call_id: 'u1',
        opty_id: 'fu-unconnected',
        called_at: at(-1),
        duration_sec: 0,
      })
      await addAction(c, {
        opty_id: 'fu-unconnected',
        action_type: 'called',
        connected: false,
        acted_at: at(-1),
      })
      await addOpty(c, { ...base, opty_id: 'fu-actions' }) // a visit and a connected call recorded in the app
      await addAction(c, { opty_id: 'fu-actions', action_type: 'visited', acted_at: at(-2) })
      await addAction(c, {
        opty_id: 'fu-actions',
        action_type: 'called',
        connected: true,
        duration_sec: 45,
        acted_at: at(-1),
      })
      // overdue follow-up: more than 2 days overdue costs 3 points, floor 0
      for (const [id, due] of [
        ['od3', -3],
        ['od2', -2],
      ] as const) {
        await addOpty(c, { ...base, opty_id: id })
        for (let i = 0; i < 3; i++)
          await addCall(c, {
            call_id: `${id}-${i}`,
            opty_id: id,
            called_at: at(-5 - i),
            duration_sec: 60,
            next_followup_date: i === 0 ? day(due) : null,
          })
      }
      await addOpty(c, { ...base, opty_id: 'od-floor' })
      await addCall(c, {
        call_id: 'odf',
        opty_id: 'od-floor',
        called_at: at(-9),
        duration_sec: 0,
        next_followup_date: day(-5),
      })
      await addOpty(c, { ...base, opty_id: 'od-cleared' }) // a later call that set no date clears the pending one
      await addCall(c, {
        call_id: 'odc1',
        opty_id: 'od-cleared',
        called_at: at(-9),
        duration_sec: 0,
        next_followup_date: day(-5),
      })
      await addCall(c, {
        call_id: 'odc2',
        opty_id: 'od-cleared',
        called_at: at(-8),
        duration_sec: 0,
      })
      // avg_call_duration_score: mean seconds of connected calls
      for (const [id, secs] of [
        ['ac29', [29]],
        ['ac29.5', [29, 30]],
        ['ac30', [30]],
        ['ac89', [89]],
        ['ac90', [90]],
        ['ac179', [179]],
        ['ac180', [180]],
        ['ac-unconnected', [0, 0]],
        ['ac-mixed', [0, 100]],
      ] as const) {
        await addOpty(c, { ...base, opty_id: id })
        for (const [i, s] of secs.entries())
          await addCall(c, {
            call_id: `${id}-${i}`,
            opty_id: id,
            called_at: at(-40 - i),
            duration_sec: s,
          })
      }
      await addOpty(c, { ...base, opty_id: 'ac-none' })
      // opty_category_score and customer_type_score
      for (const [id, v] of [
        ['cat-repeat', 'Repeat Purchase'],
        ['cat-referral', 'Referral'],
        ['cat-exchange', 'Exchange'],
        ['cat-first', 'First-time Buyer'],
        ['cat-other', 'Walk-in'],
        ['cat-missing', null],
      ] as const)
        await addOpty(c, { ...base, opty_id: id, opty_category: v })
      for (const [id, v] of [
        ['ct-fleet', 'Fleet'],
        ['ct-inst', 'Institutional'],
        ['ct-retail', 'Retail'],
        ['ct-missing', null],
      ] as const)
        await addOpty(c, { ...base, opty_id: id, customer_type: v })
      // stock_availability_score: dealers S1..S3 in one district, S9 in another
      await addDealer(c, { dealer_code: 'S1', state: 'MH', district: 'Pune' })
      await addDealer(c, { dealer_code: 'S2', state: 'MH', district: 'Pune' })
      await addDealer(c, { dealer_code: 'S3', state: 'MH', district: 'Pune' })
      await addDealer(c, { dealer_code: 'S9', state: 'MH', district: 'Nashik' })
      const snap = day(-1)
      await addStock(c, {
        dealer_code: 'S1',
        pl: 'P3',
        as_of_date: snap,
        saleable_qty: 3,
        total_qty: 5,
      })
      await addStock(c, { dealer_code: 'S1', pl: 'P2', as_of_date: snap, saleable_qty: 2 })
      await addStock(c, { dealer_code: 'S1', pl: 'P1', as_of_date: snap, saleable_qty: 1 })
      await addStock(c, {
        dealer_code: 'S1',
        pl: 'P0',
        as_of_date: snap,
        saleable_qty: 0,
        total_qty: 4,
      })
      await addStock(c, { dealer_code: 'S2', pl: 'P0', as_of_date: snap, saleable_qty: 2 })
      await addStock(c, { dealer_code: 'S1', pl: 'PX', as_of_date: snap, saleable_qty: 0 })
      await addStock(c, { dealer_code: 'S9', pl: 'PX', as_of_date: snap, saleable_qty: 5 })
      // the latest snapshot on or before the as-of date wins: older had stock, one after is ignored
      await addStock(c, { dealer_code: 'S3', pl: 'PL', as_of_date: day(-5), saleable_qty: 9 })
      await addStock(c, { dealer_code: 'S3', pl: 'PL', as_of_date: day(-2), saleable_qty: 1 })
      await addStock(c, { dealer_code: 'S3', pl: 'PL', as_of_date: day(1), saleable_qty: 9 })
      for (const [id, dealer, pl] of [
        ['st3', 'S1', 'P3'],
        ['st2', 'S1', 'P2'],
        ['st1', 'S1', 'P1'],
        ['st0-district', 'S1', 'P0'],
        ['st0-none', 'S1', 'PX'],
        ['st-unknown-pl', 'S1', 'PZ'],
        ['st-latest', 'S3', 'PL'],
      ] as const)
        await addOpty(c, { ...base, opty_id: id, dealer_code: dealer, pl })
      await addOpty(c, { ...base, opty_id: 'st-no-pl', dealer_code: 'S1' })
      // the total: Hot 9, closure in 5 d 10, 2 touches 7, 5 d old 8, avg 100 s 8, Referral 9, Fleet 10, 3 saleable 10
      await addOpty(c, {
        opty_id: 'total',
        dealer_code: 'S1',
        created_at: at(-5),
        lead_classification: 'Hot',
        expected_closure_date: day(5),
        opty_category: 'Referral',
        customer_type: 'Fleet',
        pl: 'P3',
        stage: 'C1',
      })
      await addCall(c, { call_id: 't1', opty_id: 'total', called_at: at(-1), duration_sec: 80 })
      await addCall(c, { call_id: 't2', opty_id: 'total', called_at: at(-2), duration_sec: 120 })
      await addJourney(c, {
        event_id: 'tj',
        opty_id: 'total',
        event_type: 'test_drive',
        event_at: at(-2),
      })
      await scoreAll(c, config, { asOf: AS_OF })
      scored = await scores(c)
    })
  })
  afterAll(async () => {
    release()
    await done
  })

  const expectPoints = (component: string, cases: [string, number][]) => {
    for (const [id, points] of cases)
      it(`${component}: ${id} scores ${points}`, () => {
        expect(scored.get(id)?.[component]).toBe(points)
      })
  }

  expectPoints('lead_classification_score', [
    ['lc-live', 10],
    ['lc-hot', 9],
    ['lc-warm', 6],
    ['lc-cold', 2],
    ['lc-missing', 3],
    ['lc-unknown', 3],
    ['lc-case', 9],
  ])
  expectPoints('expected_closure_score', [
    ['ec-missing', 0],
    ['ec-1', 4],
    ['ec0', 10],
    ['ec7', 10],
    ['ec8', 8],
    ['ec15', 8],
    ['ec16', 6],
    ['ec30', 6],
    ['ec31', 3],
    ['ec60', 3],
    ['ec61', 1],
  ])
  expectPoints('lead_age_score', [
    ['age0', 10],
    ['age3', 10],
    ['age4', 8],
    ['age7', 8],
    ['age8', 6],
    ['age15', 6],
    ['age16', 4],
    ['age30', 4],
    ['age31', 2],
    ['age60', 2],
    ['age61', 0],
    ['age-future', 10],
  ])
  expectPoints('followup_score', [
    ['fu0', 0],
    ['fu1', 4],
    ['fu2', 7],
    ['fu3', 10],
    ['fu4', 10],
    ['fu-window', 4],
    ['fu-unconnected', 0],
    ['fu-actions', 7],
    ['od3', 7],
    ['od2', 10],
    ['od-floor', 0],
    ['od-cleared', 0],
  ])
  expectPoints('avg_call_duration_score', [
    ['ac-none', 0],
    ['ac-unconnected', 0],
    ['ac29', 2],
    ['ac29.5', 2],
    ['ac30', 5],
    ['ac89', 5],
    ['ac90', 8],
    ['ac179', 8],
    ['ac180', 10],
    ['ac-mixed', 8],
    ['fu-actions', 5],
  ])
  expectPoints('opty_category_score', [
    ['cat-repeat', 10],
    ['cat-referral', 9],
    ['cat-exchange', 8],
    ['cat-first', 6],
    ['cat-other', 5],
    ['cat-missing', 5],
  ])
  expectPoints('customer_type_score', [
    ['ct-fleet', 10],
    ['ct-inst', 8],
    ['ct-retail', 6],
    ['ct-missing', 5],
  ])
  expectPoints('stock_availability_score', [
    ['st3', 10],
    ['st2', 7],
    ['st1', 7],
    ['st0-district', 4],
    ['st0-none', 0],
    ['st-unknown-pl', 0],
    ['st-no-pl', 0],
    ['st-latest', 7],
  ])

  it('computes total_score = round(sum(weight x points) / 10, 1) (hand-computed 88.5)', () => {
    const row = scored.get('total')!
    expect(row.total_score).toBe(88.5)
    expect(row.next_best_action).toBe('NURTURE')
  })

  it('explains the score with the strongest positive and negative components and their numbers', () => {
    const codes = scored.get('lc-live')!.reason_codes as string[]
    expect(codes[0]).toBe('TEST_DRIVE Live Deal C0, no test drive')
    expect(codes).toContain('+LEAD_CLASSIFICATION Live Deal 10/10 (+20.0)')
    expect(codes).toContain('-FOLLOWUP 0 touches 0/10 (-15.0)')
    expect(codes).toContain('-EXPECTED_CLOSURE no date 0/10 (-15.0)')
    expect(codes.filter((c) => c.startsWith('+'))).toHaveLength(2)
    expect(codes.filter((c) => c.startsWith('-'))).toHaveLength(2)
  })

  it('writes every open opportunity once, with the configuration version and as-of date', () => {
    expect(scored.size).toBe(71)
    for (const row of scored.values()) {
      expect(row.score_version).toBe(scoreVersion(config))
      expect(row.as_of_date).toBe(AS_OF)
      expect(row.is_open).toBe(true)
    }
  })
})

describe('next best action', () => {
  async function actionsOf(setup: (c: DuckDBConnection) => Promise<void>) {
    return withWarehouse(async (db) =>
      db.write(async (c) => {
        await setup(c)
        await scoreAll(c, config, { asOf: AS_OF })
        const list = await rows<{
          opty_id: string
          next_best_action: string
          reason_codes: string[]
        }>(
          c,
          `select opty_id, next_best_action, from_json(reason_codes, '["VARCHAR"]') as reason_codes
           from scv_customer_score`,
        )
        return new Map(list.map((r) => [r.opty_id, r]))
      }),
    )
  }

  it('applies the seven rules in order: the first rule that matches wins', async () => {
    const got = await actionsOf(async (c) => {
      await addDealer(c, { dealer_code: 'D1', state: 'MH', district: 'Pune' })
      await addDealer(c, { dealer_code: 'D2', state: 'MH', district: 'Pune' })
      await addDealer(c, { dealer_code: 'D3', state: 'MH', district: 'Pune' })
      await addStock(c, {
        dealer_code: 'D1',
        pl: 'Ace Gold',
        ppl: 'ACE',
        as_of_date: day(-1),
        saleable_qty: 2,
      })
      await addStock(c, {
        dealer_code: 'D1',
        pl: 'Intra V30',
        ppl: 'INTRA',
        as_of_date: day(-1),
        saleable_qty: 0,
      })
      await addStock(c, {
        dealer_code: 'D1',
        pl: 'Ace CNG',
        ppl: 'ACE',
        as_of_date: day(-1),
        saleable_qty: 0,
      })
      await addStock(c, {
        dealer_code: 'D1',
        pl: 'Ace EV',
        ppl: 'ACE',
        as_of_date: day(-1),
        saleable_qty: 2,
      })
      await addStock(c, {
        dealer_code: 'D3',
        pl: 'Intra V30',
        ppl: 'INTRA',
        as_of_date: day(-1),
        saleable_qty: 4,
      })
      await addStock(c, {
        dealer_code: 'D2',
        pl: 'Intra V30',
        ppl: 'INTRA',
        as_of_date: day(-1),
        saleable_qty: 4,
      })
      const ace = { dealer_code: 'D1', ppl: 'ACE', pl: 'Ace Gold' }
      // 1 FOLLOWUP_DUE (also new and untouched: rule 2 would match too)
      await addOpty(c, { ...ace, opty_id: 'due-today', created_at: at(0, '08:00:00') })
      await addCall(c, {
        call_id: 'c1',
        opty_id: 'due-today',
        called_at: at(0, '09:00:00'),
        duration_sec: 0,
        next_followup_date: day(0),
      })
      await addOpty(c, {
        ...ace,
        opty_id: 'due-overdue',
        created_at: at(-20),
        lead_classification: 'Hot',
      })
      await addAction(c, {
        opty_id: 'due-overdue',
        action_type: 'followup',
        acted_at: at(-6),
        next_followup_date: day(-4),
      })
      await addOpty(c, { ...ace, opty_id: 'due-tomorrow', created_at: at(-20) })
      await addCall(c, {
        call_id: 'c2',
        opty_id: 'due-tomorrow',
        called_at: at(-1),
        duration_sec: 30,
        next_followup_date: day(1),
      })
      // 2 FIRST_CONTACT (Hot at C0 would also be TEST_DRIVE), at most 2 days old
      await addOpty(c, {
        ...ace,
        opty_id: 'new-2d',
        created_at: at(-2),
        lead_classification: 'Hot',
      })
      await addOpty(c, {
        ...ace,
        opty_id: 'new-3d',
        created_at: at(-3),
        lead_classification: 'Hot',
      })
      // 3 TEST_DRIVE: Hot or Live Deal at C0/C1 without a test drive (journey or recorded action)
      await addOpty(c, {
        ...ace,
        opty_id: 'td-live',
        created_at: at(-1),
        lead_classification: 'Live Deal',
        stage: 'C1',
      })
      await addCall(c, { call_id: 'c3', opty_id: 'td-live', called_at: at(-1), duration_sec: 60 })
      await addOpty(c, {
        ...ace,
        opty_id: 'td-done',
        created_at: at(-1),
        lead_classification: 'Hot',
        stage: 'C1',
      })
      await addCall(c, { call_id: 'c4', opty_id: 'td-done', called_at: at(-1), duration_sec: 60 })
      await addJourney(c, {
        event_id: 'j1',
        opty_id: 'td-done',
        event_type: 'test_drive',
        event_at: at(-1),
      })
      await addOpty(c, {
        ...ace,
        opty_id: 'td-action',
        created_at: at(-1),
        lead_classification: 'Hot',
      })
      await addAction(c, { opty_id: 'td-action', action_type: 'test_drive', acted_at: at(-1) })
      // 4 CLOSE: C1A/C2 with closure within 7 days (here also out of stock with an alternative)
      const intra = { dealer_code: 'D1', ppl: 'INTRA', pl: 'Intra V30' }
      await addOpty(c, {
        ...intra,
        opty_id: 'close-7d',
        created_at: at(-1),
        stage: 'C2',
        expected_closure_date: day(7),
      })
      await addCall(c, { call_id: 'c5', opty_id: 'close-7d', called_at: at(-1), duration_sec: 60 })
      await addOpty(c, {
        ...intra,
        opty_id: 'close-8d',
        created_at: at(-1),
        stage: 'C1A',
        expected_closure_date: day(8),
      })
      await addCall(c, { call_id: 'c6', opty_id: 'close-8d', called_at: at(-1), duration_sec: 60 })
      // 5 STOCK_ALT: same PPL at the dealer first, else the same PL at another dealer of the district
      await addOpty(c, { ...ace, opty_id: 'alt-ppl', pl: 'Ace CNG', created_at: at(-1) })
      await addCall(c, { call_id: 'c7', opty_id: 'alt-ppl', called_at: at(-1), duration_sec: 60 })
      // 6 REENGAGE: no touch for 7+ days; 7 NURTURE otherwise
      await addOpty(c, { ...ace, opty_id: 'idle-7d', created_at: at(-30) })
      await addCall(c, { call_id: 'c8', opty_id: 'idle-7d', called_at: at(-7), duration_sec: 60 })
      await addOpty(c, { ...ace, opty_id: 'idle-6d', created_at: at(-30) })
      await addCall(c, { call_id: 'c9', opty_id: 'idle-6d', called_at: at(-6), duration_sec: 60 })
      await addOpty(c, { ...ace, opty_id: 'never-touched', created_at: at(-9) })
    })
    const action = (id: string) => got.get(id)?.next_best_action
    expect(action('due-today')).toBe('FOLLOWUP_DUE')
    expect(action('due-overdue')).toBe('FOLLOWUP_DUE')
    expect(got.get('due-overdue')!.reason_codes[0]).toBe(`FOLLOWUP_DUE ${day(-4)} (4d overdue)`)
    expect(action('due-tomorrow')).toBe('NURTURE')
    expect(action('new-2d')).toBe('FIRST_CONTACT')
    expect(action('new-3d')).toBe('TEST_DRIVE')
    expect(action('td-live')).toBe('TEST_DRIVE')
    expect(action('td-done')).toBe('NURTURE')
    expect(action('td-action')).toBe('NURTURE')
    expect(action('close-7d')).toBe('CLOSE')
    expect(action('close-8d')).toBe('STOCK_ALT')
    // equal saleable stock at D2 and D3: the smaller dealer code wins
    expect(got.get('close-8d')!.reason_codes).toContain('ALT Intra V30 at D2 (4 saleable)')
    expect(action('alt-ppl')).toBe('STOCK_ALT')
    // Ace EV and Ace Gold have 2 saleable each at D1: the first by name is offered
    expect(got.get('alt-ppl')!.reason_codes).toContain('ALT Ace EV at D1 (2 saleable, same dealer)')
    expect(action('idle-7d')).toBe('REENGAGE')
    expect(action('idle-6d')).toBe('NURTURE')
    expect(action('never-touched')).toBe('REENGAGE')
  })

  it('takes the pending follow-up from the most recent call or action, ties to the action, then the larger id', async () => {
    const got = await actionsOf(async (c) => {
      const o = { created_at: at(-20) }
      // a later action without a date supersedes a call's due date
      await addOpty(c, { ...o, opty_id: 'a-later' })
      await addCall(c, {
        call_id: 'x1',
        opty_id: 'a-later',
        called_at: at(-5),
        duration_sec: 60,
        next_followup_date: day(-1),
      })
      await addAction(c, { opty_id: 'a-later', action_type: 'visited', acted_at: at(-4) })
      // same timestamp: the action wins over the call
      await addOpty(c, { ...o, opty_id: 'tie-src' })
      await addCall(c, { call_id: 'x2', opty_id: 'tie-src', called_at: at(-5), duration_sec: 60 })
      await addAction(c, {
        opty_id: 'tie-src',
        action_type: 'followup',
        acted_at: at(-5),
        next_followup_date: day(-1),
      })
      // two calls at the same time: the larger call_id wins
      await addOpty(c, { ...o, opty_id: 'tie-id' })
      await addCall(c, {
        call_id: 'y9',
        opty_id: 'tie-id',
        called_at: at(-5),
        duration_sec: 60,
        next_followup_date: day(0),
      })
      await addCall(c, { call_id: 'y1', opty_id: 'tie-id', called_at: at(-5), duration_sec: 60 })
    })
    expect(got.get('a-later')!.next_best_action).not.toBe('FOLLOWUP_DUE')
    expect(got.get('tie-src')!.next_best_action).toBe('FOLLOWUP_DUE')
    expect(got.get('tie-id')!.next_best_action).toBe('FOLLOWUP_DUE')
  })
})

describe('the score run', () => {
  const seed = (c: DuckDBConnection) => seedFive(c, AS_OF)
  const snapshot = (c: DuckDBConnection) =>
    rows(c, 'select * from scv_customer_score order by opty_id')

  it('changes no row, scored_at included, when run twice with the same inputs and as-of date', async () => {
    await withWarehouse(async (db) =>
      db.write(async (c) => {
        await seed(c)
        const first = await scoreAll(c, config, { asOf: AS_OF })
        expect(first).toMatchObject({ inserted: 5, updated: 0, closed: 0, unchanged: 0 })
        const before = await snapshot(c)
        await new Promise((r) => setTimeout(r, 5))
        const second = await scoreAll(c, config, { asOf: AS_OF })
        // nothing it reads changed: it scores none of them again
        expect(second).toMatchObject({
          inserted: 0,
          updated: 0,
          closed: 0,
          unchanged: 5,
          scored: 0,
        })
        expect(await snapshot(c)).toEqual(before)
        const runs = await rows(
          c,
          `select status, row_counts from pipeline_runs where pipeline = 'score'`,
        )
        expect(runs).toHaveLength(2)
        expect(runs.every((r) => r.status === 'succeeded')).toBe(true)
        // --full rewrites every open row even when nothing changed
        const full = await scoreAll(c, config, { asOf: AS_OF, full: true })
        expect(full).toMatchObject({ updated: 5, unchanged: 0 })
      }),
    )
  })

  it('scores again only the opportunities whose inputs changed or whose row was written since, as a full run would', async () => {
    await withWarehouse(async (db) =>
      db.write(async (c) => {
        await seed(c)
        await scoreAll(c, config, { asOf: AS_OF })
        const before = await snapshot(c)
        const o3 = (list: typeof before) => list.find((r) => r.opty_id === 'O3')!
        const call = (action_id: number) =>
          addAction(c, {
            opty_id: 'O3',
            action_type: 'called',
            connected: true,
            duration_sec: 400,
            acted_at: at(0),
            action_id,
          })
        const unstamped = (r: Record<string, unknown>) =>
          Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'scored_at'))
        const first = unstamped(o3(before))
        const backToFirst = async () => expect(unstamped(o3(await snapshot(c)))).toEqual(first)
        // an action recorded outside the app (no rescore): only O3 is scored again, and again when
        // it goes away
        await call(900)
        expect(await scoreAll(c, config, { asOf: AS_OF })).toMatchObject({ scored: 1, updated: 1 })
        expect(o3(await snapshot(c)).avg_call_duration_score).not.toBe(
          o3(before).avg_call_duration_score,
        )
        await c.run('delete from lead_actions where action_id = 900')
        expect(await scoreAll(c, config, { asOf: AS_OF })).toMatchObject({ scored: 1, updated: 1 })
        await backToFirst()
        // an action the app records rescores O3 at once; if it then goes away behind the app's
        // back, O3's inputs hash as at the last run again, but its row was written since (its
        // scored_at): the run scores it and writes the values of those inputs back
        await call(901)
        await rescoreOpportunity(c, config, 'O3', AS_OF)
        expect(o3(await snapshot(c)).avg_call_duration_score).not.toBe(
          first.avg_call_duration_score,
        )
        await c.run('delete from lead_actions where action_id = 901')
        expect(await scoreAll(c, config, { asOf: AS_OF })).toMatchObject({ scored: 1, updated: 1 })
        await backToFirst()
        // what the partial runs left is what a full run writes, lead_list included
        const list = () => rows(c, 'select * from lead_list order by opty_id')
        const partial = { scores: await snapshot(c), list: await list() }
        await scoreAll(c, config, { asOf: AS_OF, full: true })
        expect((await snapshot(c)).map(unstamped)).toEqual(partial.scores.map(unstamped))
        expect(await list()).toEqual(partial.list)
        // the next day every row's inputs differ (its as-of date): all of them are scored
        expect(await scoreAll(c, config, { asOf: day(1) })).toMatchObject({ scored: 5 })
      }),
    )
  })

  it('builds the index single rescores read again after a run, one that failed too', async () => {
    await withWarehouse(async (db) =>
      db.write(async (c) => {
        const indexed = async () =>
          (
            await rows<{ n: number }>(
              c,
              `select count(*) as n from duckdb_indexes()
               where index_name = 'scv_customer_score_opty_id' and table_name = 'scv_customer_score'`,
            )
          )[0].n
        await seed(c)
        await scoreAll(c, config, { asOf: AS_OF })
        expect(await indexed()).toBe(1)
        // the run fails half-way (no stock table): its writes roll back, the index is built again
        await c.run('alter table stock rename to stock_away')
        await expect(scoreAll(c, config, { asOf: addDays(AS_OF, 1) })).rejects.toThrow(/stock/)
        await c.run('alter table stock_away rename to stock')
        expect(await indexed()).toBe(1)
        expect((await snapshot(c)).every((r) => r.as_of_date === AS_OF)).toBe(true)
      }),
    )
  })

  it('keeps lead_list on an unchanged rerun and replaces the row of a lead when only a shown column changed', async () => {
    await withWarehouse(async (db) =>
      db.write(async (c) => {
        await seed(c)
        await scoreAll(c, config, { asOf: AS_OF })
        const tables = async () =>
          rows<{ oid: number }>(
            c,
            `select table_oid as oid from duckdb_tables() where table_name = 'lead_list'`,
          )
        const [kept] = await tables()
        // what lead_list was built against: a rerun with the same keeps it without comparing
        const checked = () =>
          rows(c, `select as_of_date, score_version, sources from lead_list_source`)
        expect(await checked()).toEqual([
          { as_of_date: AS_OF, score_version: scoreVersion(config), sources: '0' },
        ])
        await scoreAll(c, config, { asOf: AS_OF })
        expect((await tables())[0].oid).toBe(kept.oid)
        // a loaded file renames a customer: no score changes, but lead_list shows the name. As
        // the inbox job and an admin upload do, the facts are recomputed after the load, so the
        // run keeps them and changes no score; it must still see that lead_list is out of date
        await c.run(`update customer_pipeline set customer_name = 'Renamed' where opty_id = 'O1'`)
        await c.run(
          `insert into ingest_runs (file_name, file_sha256, table_name, status, started_at)
           values ('renamed.csv', 'x', 'customer_pipeline', 'loaded', now()::TIMESTAMP)`,
        )
        expect(await refreshScoreFacts(c, config, AS_OF)).toBe(true)
        const again = await scoreAll(c, config, { asOf: AS_OF })
        // only O1's inputs changed: the run scores it alone and replaces its lead_list row
        expect(again).toMatchObject({ inserted: 0, updated: 0, closed: 0, scored: 1 })
        expect((await tables())[0].oid).toBe(kept.oid)
        const [o1] = await rows(c, `select customer_name from lead_list where opty_id = 'O1'`)
        expect(o1.customer_name).toBe('Renamed')
        expect((await checked())[0].sources).not.toBe('0')
      }),
    )
  })

  it('keeps score_facts on a rerun while no file was loaded; a load or a full run computes them afresh', async () => {
    await withWarehouse(async (db, dir) =>
      db.write(async (c) => {
        await seed(c)
        await scoreAll(c, config, { asOf: AS_OF })
        const facts = async () =>
          (
            await rows<{ oid: number }>(
              c,
              `select table_oid as oid from duckdb_tables() where table_name = 'score_facts'`,
            )
          )[0].oid
        const o3 = async () => (await snapshot(c)).find((r) => r.opty_id === 'O3')!
        const kept = await facts()
        const before = await o3()
        // a call written behind the loader's back is not seen by a run of the same day...
        await addCall(c, { call_id: 'quiet', opty_id: 'O3', called_at: at(0), duration_sec: 400 })
        expect(await scoreAll(c, config, { asOf: AS_OF })).toMatchObject({ updated: 0 })
        expect(await facts()).toBe(kept)
        expect(await o3()).toEqual(before)
        // ...but by a full run, which computes the facts again
        await scoreAll(c, config, { asOf: AS_OF, full: true })
        expect(await facts()).not.toBe(kept)
        expect((await o3()).avg_call_duration_score).not.toBe(before.avg_call_duration_score)
        // and a loaded file makes the next run compute them again too
        const refreshed = await facts()
        const file = join(dir, 'call_log_more.csv')
        writeFileSync(file, `call_id,opty_id,called_at,duration_sec\nN1,O4,${at(0)},300\n`)
        await ingestFile(c, file)
        const counts = await scoreAll(c, config, { asOf: AS_OF })
        expect(counts.updated).toBeGreaterThan(0)
        expect(await facts()).not.toBe(refreshed)
      }),
    )
  })

  it('updates only the rows whose values changed, and inserts new open opportunities', async () => {
    await withWarehouse(async (db) =>
      db.write(async (c) => {
        await seed(c)
        await scoreAll(c, config, { asOf: AS_OF })
        const before = await snapshot(c)
        await addCall(c, { call_id: 'new', opty_id: 'O3', called_at: at(0), duration_sec: 200 })
        await addOpty(c, { opty_id: 'O6', created_at: at(-1) })
        const counts = await scoreAll(c, config, { asOf: AS_OF })
        expect(counts).toMatchObject({ inserted: 1, updated: 1, closed: 0, unchanged: 4 })
        const after = await snapshot(c)
        const o1 = (list: typeof after) => list.find((r) => r.opty_id === 'O1')
        expect(o1(after)).toEqual(o1(before))
        expect(after.find((r) => r.opty_id === 'O3')!.scored_at).not.toBe(
          before.find((r) => r.opty_id === 'O3')!.scored_at,
        )
      }),
    )
  })

  it('marks an opportunity that closed is_open = false, keeps its row and drops it from lead_list', async () => {
    await withWarehouse(async (db) =>
      db.write(async (c) => {
        await seed(c)
        await scoreAll(c, config, { asOf: AS_OF })
        await c.run(`update customer_pipeline set status = 'Lost' where opty_id = 'O2'`)
        const counts = await scoreAll(c, config, { asOf: AS_OF })
        expect(counts).toMatchObject({ closed: 1, updated: 0, inserted: 0, unchanged: 4 })
        const [o2] = await rows(
          c,
          `select is_open, total_score from scv_customer_score where opty_id = 'O2'`,
        )
        expect(o2.is_open).toBe(false)
        expect(o2.total_score).toBeGreaterThan(0)
        const list = await rows(c, 'select opty_id from lead_list order by opty_id')
        expect(list.map((r) => r.opty_id)).toEqual(['O1', 'O3', 'O4', 'O5'])
        // a closed row is not closed again
        expect(await scoreAll(c, config, { asOf: AS_OF })).toMatchObject({ closed: 0 })
        // and reopening brings it back
        await c.run(`update customer_pipeline set status = 'Open' where opty_id = 'O2'`)
        expect(await scoreAll(c, config, { asOf: AS_OF })).toMatchObject({ updated: 1 })
      }),
    )
  })

  it('closes and inserts in one run that updates nothing, then updates alone', async () => {
    await withWarehouse(async (db) =>
      db.write(async (c) => {
        await seed(c)
        await scoreAll(c, config, { asOf: AS_OF })
        const before = await snapshot(c)
        await c.run(`update customer_pipeline set status = 'Lost' where opty_id = 'O2'`)
        await addOpty(c, { opty_id: 'O6', created_at: at(-1) })
        const counts = await scoreAll(c, config, { asOf: AS_OF })
        expect(counts).toMatchObject({ inserted: 1, updated: 0, closed: 1, unchanged: 4 })
        const after = await snapshot(c)
        expect(after.map((r) => [r.opty_id, r.is_open])).toEqual([
          ['O1', true],
          ['O2', false],
          ['O3', true],
          ['O4', true],
          ['O5', true],
          ['O6', true],
        ])
        const untouched = (list: typeof after) =>
          list.filter((r) => !['O2', 'O6'].includes(r.opty_id as string))
        expect(untouched(after)).toEqual(untouched(before))
        // and a run that then only updates (a call recorded on O3) changes that row alone
        await addAction(c, {
          opty_id: 'O3',
          action_type: 'called',
          connected: true,
          duration_sec: 400,
          acted_at: at(0),
          action_id: 1,
        })
        expect(await scoreAll(c, config, { asOf: AS_OF })).toMatchObject({
          inserted: 0,
          updated: 1,
          closed: 0,
        })
        const o3 = (await snapshot(c)).find((r) => r.opty_id === 'O3')!
        expect(o3.scored_at).not.toEqual(after.find((r) => r.opty_id === 'O3')!.scored_at)
        expect(o3.reason_codes).not.toEqual(after.find((r) => r.opty_id === 'O3')!.reason_codes)
      }),
    )
  })

  it('moves score_version and rescores every row when the configuration changes', async () => {
    await withWarehouse(async (db) =>
      db.write(async (c) => {
        await seed(c)
        const first = await scoreAll(c, config, { asOf: AS_OF })
        const changed = parseConfig({
          score: {
            customer_type: { values: { Fleet: 10, Institutional: 8, Retail: 6 }, missing: 4 },
          },
        }).score
        expect(scoreVersion(changed)).not.toBe(first.score_version)
        // the same configuration written in another key order has the same version
        const reordered = parseConfig({ score: { weights: { ...config.weights } } }).score
        expect(scoreVersion(reordered)).toBe(first.score_version)
        const second = await scoreAll(c, changed, { asOf: AS_OF })
        expect(second).toMatchObject({ updated: 5, score_version: scoreVersion(changed) })
        const versions = await rows(c, 'select distinct score_version from scv_customer_score')
        expect(versions).toEqual([{ score_version: scoreVersion(changed) }])
      }),
    )
  })

  it('refuses an invalid scoring configuration and names the field', () => {
    const weights = { ...config.weights, followup_score: 5 }
    expect(() => parseConfig({ score: { weights } })).toThrow(ConfigError)
    expect(() => parseConfig({ score: { weights } })).toThrow(
      /score\.weights: weights must sum to 100/,
    )
    expect(() =>
      parseConfig({
        score: {
          lead_age: {
            bands: [
              { max: 3, points: 11 },
              { max: null, points: 0 },
            ],
          },
        },
      }),
    ).toThrow(/score\.lead_age\.bands\.0\.points/)
    expect(() =>
      parseConfig({
        score: { avg_call_duration: { no_call: 0, bands: [{ below: 30, points: 2 }] } },
      }),
    ).toThrow(/score\.avg_call_duration\.bands/)
  })

  it('rescores one opportunity to exactly the row a full run writes, lead_list included', async () => {
    await withWarehouse(async (db) =>
      db.write(async (c) => {
        await seed(c)
        await scoreAll(c, config, { asOf: AS_OF })
        await addAction(c, {
          opty_id: 'O4',
          action_type: 'called',
          connected: true,
          duration_sec: 300,
          acted_at: at(0, '11:00:00'),
          next_followup_date: day(0),
        })
        await rescoreOpportunity(c, config, 'O4', AS_OF)
        const single = await snapshot(c)
        const singleList = await rows(c, 'select * from lead_list order by opty_id')
        expect(single.find((r) => r.opty_id === 'O4')!.next_best_action).toBe('FOLLOWUP_DUE')
        const counts = await scoreAll(c, config, { asOf: AS_OF })
        expect(counts).toMatchObject({ inserted: 0, updated: 0, closed: 0, unchanged: 5 })
        expect(await snapshot(c)).toEqual(single)
        expect(await rows(c, 'select * from lead_list order by opty_id')).toEqual(singleList)
        const [o4] = await rows(c, `select * from lead_list where opty_id = 'O4'`)
        expect(o4).toMatchObject({
          pending_followup_date: day(0),
          last_touch_at: `${day(0)} 11:00:00`,
          customer_name: 'Customer 4',
          status: 'Open',
        })
        // a closed opportunity leaves lead_list at once and its score row is marked closed
        await c.run(`update customer_pipeline set status = 'Won' where opty_id = 'O4'`)
        await rescoreOpportunity(c, config, 'O4', AS_OF)
        expect(await rows(c, `select * from lead_list where opty_id = 'O4'`)).toEqual([])
        const [row] = await rows(c, `select is_open from scv_customer_score where opty_id = 'O4'`)
        expect(row.is_open).toBe(false)
        // the other rows were not touched by the single rescore
        expect(
          await rows(c, 'select count(*)::INTEGER as n from scv_customer_score where is_open'),
        ).toEqual([{ n: 4 }])
      }),
    )
  })

  it('sorts lead_list again when a run that scored only the changed leads appended many rows', async () => {
    await withWarehouse(async (db) =>
      db.write(async (c) => {
        // 100k open leads of 50 reps; then 21k of them change class: a partial run (21 % of them)
        // that appends more rows than LEAD_LIST_RESORT_FROM (20k)
        await c.run(
          `insert into customer_pipeline (opty_id, dealer_code, created_at, updated_at, stage, status,
             dse_id, lead_classification)
           select 'P' || lpad(i::VARCHAR, 6, '0'), 'D1', $at::TIMESTAMP - to_days((i % 40)::INTEGER),
             $at::TIMESTAMP, 'C0', 'Open', 'DSE' || (i % 50), ['Hot', 'Warm', 'Cold'][i % 3 + 1]
           from range(100000) r(i)`,
          { at: at(0) },
        )
        await scoreAll(c, config, { asOf: AS_OF })
        await c.run(
          `update customer_pipeline set lead_classification = 'Live Deal' where opty_id < 'P021000'`,
        )
        const counts = await scoreAll(c, config, { asOf: AS_OF })
        expect(counts).toMatchObject({ scored: 21000, updated: 21000 })
        const list = await rows<{ dse_id: string; total_score: number; opty_id: string }>(
          c,
          'select dse_id, total_score, opty_id from lead_list',
        )
        expect(list).toHaveLength(100000)
        const sorted = [...list].sort((a, b) =>
          a.dse_id !== b.dse_id
            ? a.dse_id < b.dse_id
              ? -1
              : 1
            : b.total_score - a.total_score || (a.opty_id < b.opty_id ? -1 : 1),
        )
        expect(list.map((r) => r.opty_id)).toEqual(sorted.map((r) => r.opty_id))
        expect(
          await rows(c, `select index_name from duckdb_indexes() where table_name = 'lead_list'`),
        ).toEqual([{ index_name: 'lead_list_opty_id' }])
      }),
    )
  })

  it('builds lead_list sorted by rep, then score, with the columns the app reads', async () => {
    await withWarehouse(async (db) =>
      db.write(async (c) => {
        await seed(c)
        await seedStockedOut(c, AS_OF)
        await scoreAll(c, config, { asOf: AS_OF })
        const list = await rows(c, 'select * from lead_list')
        expect(Object.keys(list[0])).toEqual([
          'opty_id',
          'dealer_code',
          'dse_id',
          'customer_name',
          'customer_phone',
          'ppl',
          'pl',
          'stage',
          'status',
          'lead_classification',
          'enquiry_type',
          'customer_type',
          'state',
          'district',
          'taluka',
          'created_at',
          'expected_closure_date',
          'total_score',
          'next_best_action',
          'alternative',
          'pending_followup_date',
          'last_touch_at',
          'as_of_date',
        ])
        // of the reason codes only the model an ALT code offers (migration 011), for STOCK_ALT
        const stored = new Map(
          (
            await rows<{ opty_id: string; reason_codes: string[] }>(
              c,
              `select opty_id, from_json(reason_codes, '["VARCHAR"]') as reason_codes
               from scv_customer_score`,
            )
          ).map((r) => [r.opty_id, r.reason_codes]),
        )
        for (const r of list) {
          const alt = stored.get(r.opty_id as string)!.find((code) => code.startsWith('ALT '))
          expect(r.alternative).toBe(
            r.next_best_action === 'STOCK_ALT' ? alt!.match(/^ALT (.+) at /)![1] : null,
          )
        }
        // the model offered only where STOCK_ALT is the action, not where an earlier rule won
        const offered = new Map(list.map((r) => [r.opty_id, [r.next_best_action, r.alternative]]))
        expect(offered.get('SA1')).toEqual(['STOCK_ALT', 'Intra V50'])
        expect(offered.get('SA2')).toEqual(['FOLLOWUP_DUE', null])
        const keys = list.map((r) => [r.dse_id, -(r.total_score as number)])
        expect(keys).toEqual(
          [...keys].sort((a, b) =>
            a[0] === b[0] ? (a[1] as number) - (b[1] as number) : a[0]! < b[0]! ? -1 : 1,
          ),
        )
      }),
    )
  })
})
