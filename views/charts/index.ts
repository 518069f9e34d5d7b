// The charts of the dashboard and hotspot pages: one pure function per chart, rows in, SVG string out.
export * from './render.ts'
export * from './types.ts'
export * from './leadBars.ts'
export * from './pipeline.ts'
export * from './trends.ts'
export * from './hotspotMap.ts'
