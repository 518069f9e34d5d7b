// Calibration tests: a small synthetic warehouse whose outcome is decided by one component, with hand-checked AUC.
import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../app/config.ts'
import { addDays } from '../../data/dates.ts'
import { withWarehouse } from '../../test/warehouse.ts'
import { calibrate, formatEvaluations } from './calibrate.ts'
import { addOpty } from './fixtures.ts'

const config = parseConfig({}).score

describe('calibrate', () => {
  it('gives the deciding component the largest weight and evaluates on the newest 20 % (hand-checked AUC)', async () => {
    await withWarehouse(async (db) => {
      const result = await db.write(async (c) => {
        // every opportunity alike (created the day before it closed) except customer type and outcome
        let n = 0
        const add = async (type: string, won: boolean, closedOn: string) => {
          n++
          await addOpty(c, {
            opty_id: `O${String(n).padStart(3, '0')}`,
            created_at: `${addDays(closedOn, -1)} 09:00:00`,
            updated_at: `${closedOn} 18:00:00`,
            status: won ? 'Won' : 'Lost',
            customer_type: type,
            lead_classification: 'Warm',
          })
        }
        // fit (oldest 32 closures): Fleet 15 won / 1 lost, Retail 1 won / 15 lost
        for (let i = 0; i < 16; i++) await add('Fleet', i < 15, addDays('2026-06-01', i))
        for (let i = 0; i < 16; i++) await add('Retail', i === 0, addDays('2026-06-01', i))
        // test (newest 8): Fleet 3 won / 1 lost, Retail 1 won / 3 lost
        for (let i = 0; i < 4; i++) await add('Fleet', i < 3, addDays('2026-09-01', i))
        for (let i = 0; i < 4; i++) await add('Retail', i === 0, addDays('2026-09-01', i))
        // an open opportunity is not part of the sample
        await addOpty(c, {
          opty_id: 'OPEN',
          created_at: '2026-09-01 10:00:00',
          customer_type: 'Fleet',
        })
        return calibrate(c, config)
      })
      expect(result.fit).toEqual({ closures: 32, won: 16 })
      expect(result.test).toEqual({ closures: 8, won: 4 })
      const w = result.proposal.weights
      const largest = Object.entries(w).sort((a, b) => b[1] - a[1])[0]
      expect(largest).toEqual(['customer_type_score', 100])
      expect(Object.values(w).reduce((a, b) => a + b, 0)).toBeCloseTo(100, 9)
      expect(result.proposal.customer_type).toEqual({
        values: { Fleet: 10, Institutional: 5, Retail: 0 },
        missing: 5,
      })
      // Test pairs (4 won x 4 lost = 16): Fleet-won above Retail-lost 9, ties within a type 3 x 0.5
      // twice, Retail-won below Fleet-lost 0: (9 + 1.5 + 1.5) / 16 = 0.75
      const auc = (model: string) => result.evaluations.find((e) => e.model === model)!.auc
      expect(auc('current configuration')).toBeCloseTo(0.75, 12)
      expect(auc('proposal')).toBeCloseTo(0.75, 12)
      expect(auc('customer_type_score alone')).toBeCloseTo(0.75, 12)
      expect(auc('lead_classification_score alone')).toBe(0.5)
      // the proposal is a valid configuration file
      expect(() => parseConfig({ score: result.proposal })).not.toThrow()
      expect(formatEvaluations(result)).toMatch(/proposal\s+0\.750\s+\d\.\d\d/)
    })
  })

  it('refuses to calibrate without both outcomes', async () => {
    await withWarehouse(async (db) => {
      await db.write(async (c) => {
        await addOpty(c, { opty_id: 'A', created_at: '2026-06-01 10:00:00', status: 'Won' })
        await expect(calibrate(c, config)).rejects.toThrow(/both outcomes/)
      })
    })
  })
})
