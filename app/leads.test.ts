// The lead page's timeline merge and its stock box.
import { describe, expect, it } from 'vitest'
import { kysely } from '../data/kysely.ts'
import { withWarehouse } from '../test/warehouse.ts'
import { stockFor, timeline, type TimelineRow } from './leads.ts'

const row = (at: string, kind: TimelineRow['kind'], type: string): TimelineRow => ({
  at,
  kind,
  type,
  detail: null,
  duration_sec: null,
  next_followup_date: null,
  user_name: null,
})

describe('the lead timeline', () => {
  it('merges journey, calls and actions newest first, an action first at the same time, 40 at most', () => {
    const crm = [
      row('2026-11-30 10:00:00', 'call', 'connected'),
      row('2026-11-30 09:00:00', 'journey', 'enquiry'),
      row('2026-11-29 09:00:00', 'call', 'no answer'),
    ]
    const actions = [
      row('2026-11-30 10:00:00.5', 'action', 'visited'),
      row('2026-11-30 10:00:00', 'action', 'called'),
      row('2026-11-28 08:00:00', 'action', 'followup'),
    ]
    expect(timeline(crm, actions).map((e) => e.type)).toEqual([
      'visited',
      'called',
      'connected',
      'enquiry',
      'no answer',
      'followup',
    ])
    const many = Array.from({ length: 30 }, (_, i) =>
      row(`2026-11-${String(i + 1).padStart(2, '0')} 12:00:00`, 'call', `c${i + 1}`),
    )
    const merged = timeline(
      many,
      many.map((r) => ({ ...r, kind: 'action' as const })),
    )
    expect(merged).toHaveLength(40)
    expect(merged[0]).toMatchObject({ type: 'c30', kind: 'action' })
    expect(merged[1]).toMatchObject({ type: 'c30', kind: 'call' })
    expect(merged.at(-1)?.type).toBe('c11')
  })
})

describe('the lead page stock', () => {
  it('reads each dealer’s latest snapshot as the score does: a model missing from it has none', async () => {
    await withWarehouse(async (db) =>
      db.write(async (c) => {
        await c.run(`insert into dealers (dealer_code, dealer_name, state, district) values
          ('D1', 'One', 'MH', 'Pune'), ('D2', 'Two', 'MH', 'Pune'), ('D3', 'Three', 'MH', 'Pune')`)
        await c.run(`insert into stock (dealer_code, pl, as_of_date, total_qty, saleable_qty, ppl) values
          ('D1', 'Ace Gold', '2026-11-28', 4, 3, 'ACE'),
          ('D1', 'Ace Diesel', '2026-11-30', 2, 2, 'ACE'),
          ('D2', 'Ace Gold', '2026-11-29', 5, 5, 'ACE'),
          ('D3', 'Ace Gold', '2026-11-27', 9, 9, 'ACE'),
          ('D3', 'Intra', '2026-11-29', 1, 1, 'INTRA'),
          ('D2', 'Ace Gold', '2026-12-02', 7, 7, 'ACE')`)
        const lead = { dealer_code: 'D1', pl: 'Ace Gold', ppl: 'ACE', district: 'Pune' }
        const stock = await stockFor(kysely(c), lead, '2026-12-01')
        // D1's snapshot of 11-30 has no Ace Gold: none (the 11-28 row is older), Ace Diesel instead;
        // D3's latest snapshot has no Ace Gold either; D2's of 12-02 is after the as-of date
        expect(stock).toEqual({
          wanted: null,
          alternatives: [{ pl: 'Ace Diesel', saleable: 2 }],
          elsewhere: [{ dealer_code: 'D2', pl: 'Ace Gold', saleable: 5 }],
        })
        const earlier = await stockFor(kysely(c), lead, '2026-11-28')
        expect(earlier.wanted).toEqual({
          pl: 'Ace Gold',
          saleable: 3,
          total: 4,
          as_of: '2026-11-28',
        })
        expect(earlier.elsewhere).toEqual([{ dealer_code: 'D3', pl: 'Ace Gold', saleable: 9 }])
      }),
    )
  })
})
