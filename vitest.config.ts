// Test runner settings: pinned time zone so dates and snapshots are stable everywhere.
import { defineConfig } from 'vitest/config'

process.env.TZ = 'Asia/Kolkata'

export default defineConfig({
  test: {
    include: ['**/*.test.ts', '**/*.test.tsx'],
    exclude: ['node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { TZ: 'Asia/Kolkata' },
  },
})
