-- Rejected rows of one file, one row per rejected input row: lines DuckDB's CSV reader could not split
-- into the header's columns (its reject table) and rows that broke the contract (the staging table).
-- Reads: _ingest_reject_errors, _ingest_stage. Binds: $run_id, $file_name, $table_name, $first_line.
-- line_number is the physical line where the row starts (header = line 1; Parquet: the row number).
-- The reader numbers records (header = 1), not lines, so the line breaks inside quoted fields of the
-- rows before (staged: _nl; reader rejects: their own) are added. Blank lines are skipped by the
-- reader and not counted.
INSERT INTO rejected_rows (run_id, file_name, table_name, line_number, raw_line, reason)
WITH reader AS (
  SELECT
    line,
    ltrim(any_value(csv_line), chr(10) || chr(13)) AS raw_line,
    string_agg(lower(error_type) || ': ' || error_message, '; ') AS reason
  FROM _ingest_reject_errors
  GROUP BY line
),
-- pos: the record number the reject would have if only staged rows were counted, so that
-- staged row k (rowid) comes before it exactly when $first_line + k < pos
reader_pos AS (
  SELECT
    line,
    raw_line,
    reason,
    strlen(raw_line) - strlen(replace(raw_line, chr(10), '')) AS nl,
    line - (row_number() OVER (ORDER BY line) - 1) AS pos
  FROM reader
),
staged AS (
  SELECT
    rowid AS ord,
    _reason,
    _raw,
    _nl,
    sum(_nl) OVER (ORDER BY rowid ROWS UNBOUNDED PRECEDING) AS nl_through
  FROM _ingest_stage
),
reader_rejects AS (
  SELECT
    r.line + coalesce(s.nl_through, 0)
      + coalesce(sum(r.nl) OVER (ORDER BY r.line ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
      AS line_number,
    r.raw_line,
    r.reason
  FROM reader_pos r
  ASOF LEFT JOIN staged s ON r.pos - $first_line - 1 >= s.ord
),
contract_rejects AS (
  SELECT
    $first_line + s.ord + (s.nl_through - s._nl)
      + coalesce((SELECT count(*) + sum(p.nl) FROM reader_pos p WHERE p.pos <= $first_line + s.ord), 0)
      AS line_number,
    s._raw AS raw_line,
    s._reason AS reason
  FROM staged s
  WHERE s._reason IS NOT NULL
)
SELECT $run_id, $file_name, $table_name, line_number, raw_line, reason FROM contract_rejects
UNION ALL
SELECT $run_id, $file_name, $table_name, line_number, raw_line, reason FROM reader_rejects
ORDER BY 4
