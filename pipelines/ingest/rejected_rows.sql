-- Rejected rows of one file, one row per rejected input row: lines DuckDB's CSV reader could not split
-- into the header's columns (its reject table) and rows that broke the contract (the staging table).
-- Reads: _ingest_reject_errors, _ingest_stage. Binds: $run_id, $file_name, $table_name, $first_line.
-- Line numbers are physical lines of the file (header = line 1; Parquet: row number). A staged row's
-- line counts the rows before it, the line breaks inside their quoted fields, and the lines taken by
-- reader rejects before it. (Blank lines, which the reader skips, are not counted.)
INSERT INTO rejected_rows (run_id, file_name, table_name, line_number, raw_line, reason)
WITH reader AS (
  SELECT
    line,
    ltrim(any_value(csv_line), chr(10) || chr(13)) AS raw_line,
    string_agg(lower(error_type) || ': ' || error_message, '; ') AS reason
  FROM _ingest_reject_errors
  GROUP BY line
),
reader_span AS (
  SELECT
    line,
    raw_line,
    reason,
    1 + strlen(raw_line) - strlen(replace(raw_line, chr(10), '')) AS lines
  FROM reader
),
-- where each reader reject would sit if only staged rows were counted
reader_pos AS (
  SELECT
    lines,
    line - coalesce(sum(lines) OVER (ORDER BY line ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS pos
  FROM reader_span
),
staged AS (
  SELECT
    rowid AS ord,
    _reason,
    _raw,
    $first_line + rowid
      + coalesce(sum(_nl) OVER (ORDER BY rowid ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS naive
  FROM _ingest_stage
),
contract_rejects AS (
  SELECT
    s.naive + coalesce((SELECT sum(p.lines) FROM reader_pos p WHERE p.pos <= s.naive), 0) AS line,
    s._raw AS raw_line,
    s._reason AS reason
  FROM staged s
  WHERE s._reason IS NOT NULL
)
SELECT $run_id, $file_name, $table_name, line, raw_line, reason FROM contract_rejects
UNION ALL
SELECT $run_id, $file_name, $table_name, line, raw_line, reason FROM reader_span
ORDER BY 4
