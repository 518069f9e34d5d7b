// Warehouse files of the benchmark: an area that writes measures on its own copy (later areas read the original).
import { copyFileSync, existsSync, rmSync } from 'node:fs'

/** Replaces `path` (and its WAL) with a copy of the warehouse `source` and its WAL. */
export function copyWarehouse(source: string, path: string): void {
  removeWarehouse(path)
  copyFileSync(source, path)
  if (existsSync(`${source}.wal`)) copyFileSync(`${source}.wal`, `${path}.wal`)
}

/** Deletes the warehouse file `path` and its WAL, if there. */
export function removeWarehouse(path: string): void {
  for (const f of [path, `${path}.wal`]) rmSync(f, { force: true })
}
