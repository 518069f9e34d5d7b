// CSV of exactly the rows a chart or table draws (RFC 4180 quoting; lists joined with '; ').
export function toCsv<T extends object>(rows: T[], columns: (keyof T & string)[]): string {
  const cell = (v: unknown): string => {
    if (v === null || v === undefined) return ''
    const s = Array.isArray(v) ? v.join('; ') : String(v)
    // a leading = + - @ would run as a formula in a spreadsheet
    const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
  }
  const lines = [columns.join(',')]
  for (const r of rows) lines.push(columns.map((c) => cell(r[c])).join(','))
  return `${lines.join('\r\n')}\r\n`
}
