// Calibration math tests: hand-checked AUC with ties, lift, information value, smoothing, points and weights.
import { describe, expect, it } from 'vitest'
import {
  informationValue,
  rocAuc,
  scaleToPoints,
  smoothedLogOdds,
  topDecileLift,
  weightsFromInformation,
} from './calibration_math.ts'

describe('calibration math', () => {
  it('computes ROC AUC with ties counting one half (hand-checked)', () => {
    // won scores 3, 2, 2; lost scores 2, 1. Pairs (won > lost): 3>2, 3>1, 2>1, 2>1 = 4; ties 2=2 twice = 1.
    const groups = [
      { score: 3, won: 1, lost: 0 },
      { score: 2, won: 2, lost: 1 },
      { score: 1, won: 0, lost: 1 },
    ]
    expect(rocAuc(groups)).toBeCloseTo(5 / 6, 12)
    expect(rocAuc([{ score: 1, won: 5, lost: 5 }])).toBe(0.5)
    expect(
      rocAuc([
        { score: 2, won: 3, lost: 0 },
        { score: 1, won: 0, lost: 7 },
      ]),
    ).toBe(1)
    expect(rocAuc([{ score: 1, won: 0, lost: 7 }])).toBeNaN()
    // the same score in several rows is merged before ranking
    expect(rocAuc([...groups, { score: 2, won: 0, lost: 0 }])).toBeCloseTo(5 / 6, 12)
  })

  it('computes top-decile lift, sharing a tied group that straddles the cut', () => {
    // 100 opportunities, 20 won overall; the top 10 all won: lift 5
    const perfect = [
      { score: 9, won: 10, lost: 0 },
      { score: 1, won: 10, lost: 80 },
    ]
    expect(topDecileLift(perfect)).toBeCloseTo(5, 12)
    // top group of 20 ties with 10 won: the top decile takes half of it, rate 0.5, lift 0.5/0.2 = 2.5
    const tied = [
      { score: 9, won: 10, lost: 10 },
      { score: 1, won: 10, lost: 70 },
    ]
    expect(topDecileLift(tied)).toBeCloseTo(2.5, 12)
    expect(topDecileLift([{ score: 1, won: 3, lost: 7 }])).toBeCloseTo(1, 12)
  })

  it('computes information value with 0.5 smoothing (hand-checked) and zero for no signal', () => {
    // bands (won, lost): (10, 0) and (0, 10). shares: (10.5/11, 0.5/11) and (0.5/11, 10.5/11)
    const a = 10.5 / 11
    const b = 0.5 / 11
    const expected = 2 * (a - b) * Math.log(a / b)
    expect(
      informationValue([
        { won: 10, lost: 0 },
        { won: 0, lost: 10 },
      ]),
    ).toBeCloseTo(expected, 12)
    expect(
      informationValue([
        { won: 5, lost: 5 },
        { won: 5, lost: 5 },
      ]),
    ).toBeCloseTo(0, 12)
    expect(informationValue([{ won: 5, lost: 5 }])).toBe(0)
  })

  it('shrinks a band log-odds toward the prior rate', () => {
    // 3 won of 3 with prior 0.5 and strength 20: p = (3 + 10) / 23
    expect(smoothedLogOdds({ won: 3, lost: 0 }, 0.5, 20)).toBeCloseTo(Math.log(13 / 10), 12)
    expect(smoothedLogOdds({ won: 0, lost: 0 }, 0.2, 20)).toBeCloseTo(Math.log(0.25), 12)
    expect(Number.isFinite(smoothedLogOdds({ won: 1000, lost: 0 }, 1, 0))).toBe(true)
  })

  it('scales log-odds to 0-10 points and weights to a sum of exactly 100', () => {
    expect(scaleToPoints([-1, 0, 1])).toEqual([0, 5, 10])
    expect(scaleToPoints([2, 2])).toEqual([5, 5])
    const w = weightsFromInformation({ a: 1, b: 1, c: 1 })
    expect(Object.values(w).reduce((x, y) => x + y, 0)).toBeCloseTo(100, 9)
    expect(w).toEqual({ a: 33.4, b: 33.3, c: 33.3 })
    expect(weightsFromInformation({ a: 3, b: 1, c: 0 })).toEqual({ a: 75, b: 25, c: 0 })
    expect(weightsFromInformation({ a: 0, b: 0 })).toEqual({ a: 50, b: 50 })
  })
})
