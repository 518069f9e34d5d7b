// The lead page's cache: what it keeps across writes, by the warehouse's two generations.
import { describe, expect, it } from 'vitest'
import { kysely } from '../../data/kysely.ts'
import { withWarehouse } from '../../test/warehouse.ts'
import { createExtrasCache } from './leads.ts'

describe('the lead extras cache', () => {
  const loaders = () => {
    const calls = { fixed: 0, moving: 0 }
    return {
      calls,
      load: {
        fixed: async () => {
          calls.fixed++
          return {
            dealer: null,
            crmEvents: [],
            stock: { wanted: null, alternatives: [], elsewhere: [] },
          }
        },
        moving: async () => {
          calls.moving++
          return { score: null, actionEvents: [] }
        },
      },
    }
  }

  it('keeps dealer, calls, journey and stock while only recorded actions were written', async () => {
    const cache = createExtrasCache()
    const { calls, load } = loaders()
    const get = (generation: number, data: number, asOf = '2026-12-01') =>
      cache.get({ generation: String(generation), data: String(data) }, 'OP-1', asOf, load)
    await get(7, 5)
    await get(7, 5)
    expect(calls).toEqual({ fixed: 1, moving: 1 })
    // two writes recording actions (the data generation stays): score and actions read again
    await get(8, 5)
    await get(9, 5)
    await get(9, 5)
    expect(calls).toEqual({ fixed: 1, moving: 3 })
    // any other write moves the data generation: everything is read again
    await get(10, 6)
    expect(calls).toEqual({ fixed: 2, moving: 4 })
    // so does another as-of date
    await get(10, 6, '2026-12-02')
    expect(calls).toEqual({ fixed: 3, moving: 5 })
  })

  it('reads the dealers’ districts once per data generation, and again after a failed read', async () => {
    await withWarehouse(async (db) => {
      const cache = createExtrasCache()
      const districts = (data: string) =>
        db.withConnection(async (c) => cache.districts(kysely(c), data))
      await db.write((c) =>
        c.run(`insert into dealers (dealer_code, dealer_name, state, district)
               values ('D1', 'One', 'MH', 'Pune')`),
      )
      const first = await districts('1')
      expect([...first]).toEqual([['D1', { state: 'MH', district: 'Pune' }]])
      await db.write((c) => c.run(`update dealers set district = 'Nashik'`))
      // the same data generation: kept, though the table changed behind it
      expect(await districts('1')).toBe(first)
      expect((await districts('2')).get('D1')).toEqual({ state: 'MH', district: 'Nashik' })
      // a failed read is answered as an error and not kept: the next page reads again
      await db.write((c) => c.run('alter table dealers rename to dealers_away'))
      await expect(districts('3')).rejects.toThrow(/dealers/)
      await db.write((c) => c.run('alter table dealers_away rename to dealers'))
      expect((await districts('3')).get('D1')).toEqual({ state: 'MH', district: 'Nashik' })
    })
  })
})
