// Login throttling: failures counted per account and per address in the warehouse; too many in the window locks out.
import { nowIST } from '../../data/dates.ts'
import { kysely, type ReadPool } from '../../data/kysely.ts'
import type { Warehouse } from '../../data/warehouse.ts'
import type { Config } from '../config.ts'

export interface Throttle {
  /** Failures in the window for the account and for the address (the larger one counts). */
  failures(username: string, address: string): Promise<number>
  recordFailure(username: string, address: string): Promise<void>
  /** A successful login clears the account's failures (the address keeps its own). */
  clear(username: string): Promise<void>
  /** Whether that many failures locks the door. */
  locked(failures: number): boolean
  /** How long to wait before answering a failed attempt: grows with the failures, capped. */
  delayMs(failures: number): number
}

export function createThrottle(db: Warehouse, pool: ReadPool, config: Config): Throttle {
  const windowStart = () =>
    nowIST(new Date(Date.now() - config.server.login_window_minutes * 60_000))
  const keys = (username: string, address: string) => [
    `user:${username.toLowerCase()}`,
    `ip:${address}`,
  ]
  return {
    async failures(username, address) {
      const since = windowStart()
      const counts = await pool.use((k) =>
        k
          .selectFrom('login_failures')
          .select(['throttle_key', (eb) => eb.fn.countAll<number>().as('n')])
          .where('throttle_key', 'in', keys(username, address))
          .where('failed_at', '>=', since)
          .groupBy('throttle_key')
          .execute(),
      )
      return Math.max(0, ...counts.map((r) => Number(r.n)))
    },
    async recordFailure(username, address) {
      const now = nowIST()
      const since = windowStart()
      await db.write(async (conn) => {
        const k = kysely(conn)
        await k.deleteFrom('login_failures').where('failed_at', '<', since).execute()
        await k
          .insertInto('login_failures')
          .values(keys(username, address).map((throttle_key) => ({ throttle_key, failed_at: now })))
          .execute()
      })
    },
    async clear(username) {
      await db.write((conn) =>
        kysely(conn)
          .deleteFrom('login_failures')
          .where('throttle_key', '=', `user:${username.toLowerCase()}`)
          .execute(),
      )
    },
    locked: (failures) => failures >= config.server.login_max_failures,
    delayMs: (failures) => Math.min(200 * failures, 2000),
  }
}
