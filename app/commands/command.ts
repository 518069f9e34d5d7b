// The shape of one `scv` command: its help, its options (node:util parseArgs) and what it runs.
import type { ParseArgsConfig } from 'node:util'
import type { Config } from '../config.ts'

export type Options = NonNullable<ParseArgsConfig['options']>

export interface CommandContext {
  /** option values after parsing (strings, booleans, or arrays for `multiple` options) */
  values: Record<string, string | boolean | (string | boolean)[] | undefined>
  positionals: string[]
  config: Config
  /** `--json`: print a machine-readable summary instead of prose */
  json: boolean
  /** where normal output goes (stdout); tests pass their own */
  print: (line: string) => void
}

export interface Command {
  summary: string
  /** usage line(s) and a description of each option, printed by `--help` */
  help: string
  options: Options
  /** allow positional arguments (files, SQL, …) */
  positionals?: boolean
  /** returns the exit code (default 0) */
  run(ctx: CommandContext): Promise<number | void>
}

/** Reads a string option, or undefined. */
export function str(ctx: CommandContext, name: string): string | undefined {
  const v = ctx.values[name]
  return typeof v === 'string' ? v : undefined
}

/** Reads a repeatable string option as an array (also splits comma-separated values). */
export function list(ctx: CommandContext, name: string): string[] {
  const v = ctx.values[name]
  const items = Array.isArray(v) ? v : v === undefined ? [] : [v]
  return items
    .filter((x): x is string => typeof x === 'string')
    .flatMap((x) => x.split(','))
    .map((x) => x.trim())
    .filter(Boolean)
}
