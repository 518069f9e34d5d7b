#!/usr/bin/env node
// Entry point of the `scv` command: registers the TypeScript loader, then runs the CLI.
import { register } from 'tsx/esm/api'

register()
await import('../app/cli.ts')
