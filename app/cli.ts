// `scv`: parses the command line, loads the configuration once, runs one command, maps errors to exit codes.
import { parseArgs } from 'node:util'
import { isUserError } from '../data/errors.ts'
import type { Command, Options } from './commands/command.ts'
import { loadConfig } from './config.ts'

/** Every command, each in app/commands/<name>.ts, loaded only when used (so `scv query` does not pay for the server). */
const commandNames = [
  'demo',
  'serve',
  'generate',
  'ingest',
  'score',
  'calibrate',
  'hotspots',
  'alert',
  'run',
  'users',
  'query',
]
const loadCommand = (name: string): Promise<{ default: Command }> => import(`./commands/${name}.ts`)

const globalOptions: Options = {
  db: { type: 'string' },
  config: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
}

const globalHelp = `Global options:
  --db PATH        warehouse file (env SCV_DB, default data/scv.duckdb)
  --config PATH    JSON configuration file (env SCV_CONFIG), validated
  --json           machine-readable output
  -h, --help       help for a command
Exit codes: 0 success, 1 failure, 2 bad usage or bad input.`

async function usage(): Promise<string> {
  const lines = ['Usage: scv <command> [options]', '', 'Commands:']
  for (const name of commandNames) {
    const summary = await loadCommand(name)
      .then((m) => m.default.summary)
      .catch(() => '(not available in this build)')
    lines.push(`  ${name.padEnd(11)}${summary}`)
  }
  lines.push('', globalHelp, '', 'Run `scv <command> --help` for the options of one command.')
  return lines.join('\n')
}

export async function main(argv: string[], print = (s: string) => console.log(s)): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    print(await usage())
    return name ? 0 : 2
  }
  if (!commandNames.includes(name)) {
    console.error(`scv: unknown command "${name}"; run scv --help for the list`)
    return 2
  }
  const command = (await loadCommand(name)).default
  let parsed
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...globalOptions, ...command.options },
      allowPositionals: true,
      strict: true,
    })
  } catch (e) {
    console.error(`scv ${name}: ${(e as Error).message}`)
    return 2
  }
  const { values, positionals } = parsed
  if (values.help) {
    print(`${command.summary}\n\n${command.help}\n\n${globalHelp}`)
    return 0
  }
  if (positionals.length && !command.positionals) {
    console.error(`scv ${name}: unexpected argument "${positionals[0]}"`)
    return 2
  }
  try {
    const config = loadConfig({
      configPath: values.config as string | undefined,
      db: values.db as string | undefined,
    })
    const code = await command.run({
      values,
      positionals,
      config,
      json: Boolean(values.json),
      print,
    })
    return code ?? 0
  } catch (e) {
    if (isUserError(e)) {
      console.error(`scv ${name}: ${e.message}`)
      return 2
    }
    console.error(`scv ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)
    return 1
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('bin/scv.js')) {
  const code = await main(process.argv.slice(2))
  // `serve` and `demo` keep the process alive through the HTTP server; everything else exits here
  if (code !== 0 || !['serve', 'demo'].includes(process.argv[2] ?? '')) process.exit(code)
}
