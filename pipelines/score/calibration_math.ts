// The math of calibration, pure: smoothed log-odds, information value, points and weights, ROC AUC and lift.

/** Outcome counts of one band (or of one score value). */
export interface Outcomes {
  won: number
  lost: number
}

/** One score value with how many won and lost opportunities got it. */
export interface ScoredGroup extends Outcomes {
  score: number
}

/**
 * Log-odds of winning in a band, shrunk toward the overall rate: `strength` pseudo-observations at
 * the prior rate are added, so a band seen 3 times cannot claim an extreme rate.
 */
export function smoothedLogOdds(band: Outcomes, priorRate: number, strength = 20): number {
  const n = band.won + band.lost
  const p = (band.won + strength * priorRate) / (n + strength)
  const clamped = Math.min(Math.max(p, 1e-6), 1 - 1e-6)
  return Math.log(clamped / (1 - clamped))
}

/**
 * Information value of a component: sum over bands of (share of won − share of lost) × ln(share of
 * won / share of lost), with 0.5 added to every count so that an empty band stays finite.
 */
export function informationValue(bands: Outcomes[]): number {
  const k = bands.length
  if (k < 2) return 0
  const totalWon = bands.reduce((a, b) => a + b.won, 0)
  const totalLost = bands.reduce((a, b) => a + b.lost, 0)
  let iv = 0
  for (const b of bands) {
    const pw = (b.won + 0.5) / (totalWon + 0.5 * k)
    const pl = (b.lost + 0.5) / (totalLost + 0.5 * k)
    iv += (pw - pl) * Math.log(pw / pl)
  }
  return iv
}

/** Maps values linearly to 0–10 points (lowest 0, highest 10), rounded to 0.1; all equal → 5. */
export function scaleToPoints(values: number[]): number[] {
  const lo = Math.min(...values)
  const hi = Math.max(...values)
  if (!(hi - lo > 1e-12)) return values.map(() => 5)
  return values.map((v) => round1((10 * (v - lo)) / (hi - lo)))
}

/**
 * Weights proportional to each component's information value, in steps of 0.1, summing to exactly
 * 100 (the rounding remainder goes to the largest). No information anywhere → equal weights.
 */
export function weightsFromInformation(ivs: Record<string, number>): Record<string, number> {
  const names = Object.keys(ivs)
  const total = names.reduce((a, n) => a + Math.max(ivs[n], 0), 0)
  const raw = names.map((n) =>
    total > 0 ? (100 * Math.max(ivs[n], 0)) / total : 100 / names.length,
  )
  const tenths = raw.map((w) => Math.round(w * 10))
  const largest = raw.indexOf(Math.max(...raw))
  tenths[largest] += 1000 - tenths.reduce((a, b) => a + b, 0)
  return Object.fromEntries(names.map((n, i) => [n, tenths[i] / 10]))
}

/**
 * ROC AUC: the chance that a random won opportunity scores above a random lost one, ties counting
 * one half. NaN when either class is empty.
 */
export function rocAuc(groups: ScoredGroup[]): number {
  const merged = mergeByScore(groups).sort((a, b) => a.score - b.score)
  const won = merged.reduce((a, g) => a + g.won, 0)
  const lost = merged.reduce((a, g) => a + g.lost, 0)
  if (won === 0 || lost === 0) return NaN
  let lostBelow = 0
  let sum = 0
  for (const g of merged) {
    sum += g.won * (lostBelow + 0.5 * g.lost)
    lostBelow += g.lost
  }
  return sum / (won * lost)
}

/**
 * Top-decile lift: the win rate among the 10 % highest scores divided by the overall win rate. A
 * group of tied scores that straddles the cut counts in proportion (ties are not ordered by luck).
 */
export function topDecileLift(groups: ScoredGroup[], share = 0.1): number {
  const merged = mergeByScore(groups).sort((a, b) => b.score - a.score)
  const won = merged.reduce((a, g) => a + g.won, 0)
  const total = merged.reduce((a, g) => a + g.won + g.lost, 0)
  if (total === 0 || won === 0) return NaN
  const quota = share * total
  let taken = 0
  let wonTaken = 0
  for (const g of merged) {
    const n = g.won + g.lost
    const part = Math.min(n, quota - taken)
    if (part <= 0) break
    wonTaken += (g.won * part) / n
    taken += part
  }
  return wonTaken / taken / (won / total)
}

function mergeByScore(groups: ScoredGroup[]): ScoredGroup[] {
  const byScore = new Map<number, ScoredGroup>()
  for (const g of groups) {
    const m = byScore.get(g.score)
    if (m) {
      m.won += g.won
      m.lost += g.lost
    } else byScore.set(g.score, { ...g })
  }
  return [...byScore.values()]
}

export const round1 = (x: number) => Math.round(x * 10) / 10
