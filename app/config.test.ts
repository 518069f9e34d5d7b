import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError } from '../data/errors.ts'
import { SCORE_COMPONENTS } from '../data/schema.ts'
import { withTempDir } from '../test/warehouse.ts'
import { loadConfig, parseConfig } from './config.ts'

describe('configuration', () => {
  it('has the spec defaults when no file is given', () => {
    const config = loadConfig({}, {})
    expect(config.db).toBe('data/scv.duckdb')
    expect(Object.values(config.score.weights).reduce((a, b) => a + b, 0)).toBe(100)
    expect(config.score.weights.lead_classification_score).toBe(20)
    expect(config.score.lead_classification.values).toEqual({
      'Live Deal': 10,
      Hot: 9,
      Warm: 6,
      Cold: 2,
    })
    expect(config.hotspots).toMatchObject({ min_dealers: 2, min_leads: 5, lead_growth_pct: 25 })
    expect(config.schedule).toMatchObject({
      run_cron: '30 7 * * *',
      alert_cron: '0 8 * * *',
      timezone: 'Asia/Kolkata',
    })
    expect(Object.isFrozen(config.score.weights)).toBe(true)
  })

  it('weighs exactly the eight score components that the warehouse stores', () => {
    expect(Object.keys(parseConfig({}).score.weights)).toEqual([...SCORE_COMPONENTS])
  })

  it('names every bad field with its path', () => {
    const error = (() => {
      try {
        parseConfig({
          score: { weights: { lead_classification_score: 'x' } },
          server: { port: -1 },
          alert: { recipients: ['not-an-email'] },
          bogus: 1,
        })
      } catch (e) {
        return e
      }
    })() as ConfigError
    expect(error).toBeInstanceOf(ConfigError)
    const paths = error.issues.map((i) => i.split(':')[0])
    expect(paths).toEqual(
      expect.arrayContaining([
        'score.weights.lead_classification_score',
        'server.port',
        'alert.recipients.0',
        '(root)',
      ]),
    )
  })

  it('refuses weights that do not sum to 100', () => {
    const weights = { ...parseConfig({}).score.weights, followup_score: 50 }
    expect(() => parseConfig({ score: { weights } })).toThrow(
      /score.weights: weights must sum to 100/,
    )
  })

  it('refuses categorical values that differ only in letter case (they would match the same rows)', () => {
    expect(() =>
      parseConfig({ score: { customer_type: { values: { Fleet: 10, FLEET: 9 }, missing: 5 } } }),
    ).toThrow(/score\.customer_type\.values: keys must differ in more than letter case/)
    expect(() =>
      parseConfig({ score: { customer_type: { values: { Fleet: 10, Retail: 6 }, missing: 5 } } }),
    ).not.toThrow()
  })

  it('reads the file from SCV_CONFIG, and --db / SCV_DB override its db', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'c.json')
      writeFileSync(path, JSON.stringify({ db: 'x.duckdb', hotspots: { min_leads: 7 } }))
      expect(loadConfig({}, { SCV_CONFIG: path }).hotspots.min_leads).toBe(7)
      expect(loadConfig({}, { SCV_CONFIG: path }).db).toBe('x.duckdb')
      expect(loadConfig({}, { SCV_CONFIG: path, SCV_DB: 'y.duckdb' }).db).toBe('y.duckdb')
      expect(loadConfig({ configPath: path, db: 'z.duckdb' }, {}).db).toBe('z.duckdb')
    })
  })

  it('refuses a file that is not JSON, naming the file', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'bad.json')
      writeFileSync(path, '{ nope')
      expect(() => loadConfig({ configPath: path }, {})).toThrow(
        new RegExp(`config file ${path} is not valid JSON`),
      )
      expect(() => loadConfig({ configPath: join(dir, 'missing.json') }, {})).toThrow(
        /cannot read config file/,
      )
    })
  })

  it('accepts the configuration shipped for the container', () => {
    const docker = JSON.parse(readFileSync('deploy/docker.json', 'utf8'))
    expect(parseConfig(docker).server.host).toBe('0.0.0.0')
  })
})
