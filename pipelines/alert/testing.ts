// Test helpers for alerts: a real SMTP server on 127.0.0.1 that records what arrives, and hotspot rows.
import { createServer, type AddressInfo } from 'node:net'
import type { DuckDBConnection } from '@duckdb/node-api'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer, type SMTPServerSession } from 'smtp-server'

export interface ReceivedMail {
  from: string
  to: string[]
  raw: string
  parsed: ParsedMail
}

export interface TestSmtp {
  url: string
  port: number
  received: ReceivedMail[]
  close(): Promise<void>
}

export interface TestSmtpOptions {
  port?: number
  /** recipients refused with 550 */
  reject?: string[]
  /**
   * Called when a message's data has arrived, before the server answers; throw to refuse the
   * message (it is then not counted as received).
   */
  beforeAccept?: (raw: string, session: SMTPServerSession) => Promise<void>
}

export async function startSmtp(options: TestSmtpOptions = {}): Promise<TestSmtp> {
  const received: ReceivedMail[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (options.reject?.includes(address.address)) {
        const error = new Error('no such mailbox') as Error & { responseCode: number }
        error.responseCode = 550
        return callback(error)
      }
      callback()
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks).toString('utf8')
        try {
          await options.beforeAccept?.(raw, session)
        } catch (e) {
          const error = e as Error & { responseCode?: number }
          error.responseCode ??= 451
          return callback(error)
        }
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          parsed: await simpleParser(raw),
        })
        callback()
      })
    },
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const port = (server.server.address() as AddressInfo).port
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** A port on 127.0.0.1 nobody listens on (for "the SMTP server is down"). */
export async function freePort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()))
  const port = (s.address() as AddressInfo).port
  await new Promise<void>((resolve) => s.close(() => resolve()))
  return port
}

export interface TalukaRow {
  state?: string
  district?: string
  taluka: string
  status: string
  dealers?: number
  leads: number
  leadsPrev?: number
  intent?: number
  intentPrev?: number
  retail?: number
  retailPrev?: number
  total?: number
  saleable?: number
  leadGrowth: number
  intentGrowth?: number
  retailGrowth?: number
}

/** Writes macro_market_hotspot_taluka_5d rows directly, for alert tests that start from hotspots. */
export async function insertTalukas(
  conn: DuckDBConnection,
  asOf: string,
  talukas: TalukaRow[],
): Promise<void> {
  for (const t of talukas)
    await conn.run(
      `insert into macro_market_hotspot_taluka_5d values
       ($1::DATE, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
      [
        asOf,
        t.state ?? 'S',
        t.district ?? 'D',
        t.taluka,
        t.dealers ?? 2,
        t.leads,
        t.leadsPrev ?? 0,
        t.intent ?? 0,
        t.intentPrev ?? 0,
        t.retail ?? 0,
        t.retailPrev ?? 0,
        t.total ?? 0,
        t.saleable ?? 0,
        t.leadGrowth,
        t.intentGrowth ?? 0,
        t.retailGrowth ?? 0,
        t.status,
      ],
    )
}
