// `scv serve`: the HTTP server and its scheduler on one warehouse (the server is the one writer), until SIGTERM/SIGINT.
import { UserError } from '../../data/errors.ts'
import { openWarehouse, type Warehouse } from '../../data/warehouse.ts'
import { startScheduler } from '../../pipelines/schedule.ts'
import { secrets, type Config } from '../config.ts'
import { startServer } from '../server.ts'
import { type Command, str } from './command.ts'

/** `--port` as a number (digits only: no "", "0x50" or "1e3"), or the configured port. */
export function parsePort(port: string | undefined, fallback: number): number {
  if (port === undefined) return fallback
  const n = /^\d{1,5}$/.test(port) ? Number(port) : NaN
  if (!(n <= 65535)) throw new UserError(`--port must be a whole number 0–65535, got "${port}"`)
  return n
}

/**
 * Starts server and scheduler on an open warehouse and resolves when a signal has stopped them:
 * scheduler first (no new runs), then the server, then the warehouse.
 */
export async function serveUntilSignal(
  db: Warehouse,
  config: Config,
  options: { port?: string; host?: string; print: (line: string) => void },
): Promise<void> {
  const port = parsePort(options.port, config.server.port)
  let server
  try {
    server = await startServer(db, config, { port, host: options.host })
  } catch (e) {
    await db.close()
    if ((e as { code?: string }).code === 'EADDRINUSE')
      throw new UserError(`port ${port} is already in use: choose another with --port`)
    throw e
  }
  const host = options.host ?? config.server.host
  options.print(`serving http://${host}:${server.port}/ (public URL ${config.server.public_url})`)
  const scheduler = startScheduler(db, config, { log: options.print, smtpUrl: secrets().smtpUrl })
  options.print(
    config.schedule.enabled
      ? `scheduler started: ${scheduler.jobs.length} jobs`
      : 'scheduler disabled by configuration',
  )
  await new Promise<void>((resolve) => {
    let stopping = false
    const stop = async (signal: string) => {
      if (stopping) return
      stopping = true
      options.print(`${signal}: stopping`)
      try {
        await scheduler.stop()
        await server.close()
      } finally {
        await db.close()
        resolve()
      }
    }
    process.once('SIGTERM', () => void stop('SIGTERM'))
    process.once('SIGINT', () => void stop('SIGINT'))
  })
}

const command: Command = {
  summary: 'serve the app (and run the scheduler) on the warehouse',
  help: `Usage: scv serve [--port P] [--host H]
  --port P   HTTP port (default from configuration: server.port, 3000; 0 picks a free one)
  --host H   address to listen on (default server.host, 127.0.0.1)
The server holds the warehouse as its one writer: while it runs, CLI write commands are refused;
drop files into the inbox folder instead. SIGTERM or SIGINT stops the scheduler, the server, then
closes the warehouse.`,
  options: { port: { type: 'string' }, host: { type: 'string' } },
  async run(ctx) {
    const port = String(parsePort(str(ctx, 'port'), ctx.config.server.port)) // before opening anything
    const db = await openWarehouse(ctx.config.db, { purpose: 'scv serve' })
    await serveUntilSignal(db, ctx.config, {
      port,
      host: str(ctx, 'host'),
      print: ctx.print,
    })
    return 0
  },
}
export default command
