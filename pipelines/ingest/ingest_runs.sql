-- Records one file offered to ingestion (loaded, skipped or refused) with its row counts.
INSERT INTO ingest_runs (
  run_id, file_name, file_sha256, file_size, file_mtime_ns, table_name, status,
  rows_read, rows_loaded, rows_rejected, rows_superseded, message, started_at, finished_at
) VALUES (
  $run_id, $file_name, $sha256, $file_size, $file_mtime_ns, $table_name, $status,
  $rows_read, $rows_loaded, $rows_rejected, $rows_superseded, $message,
  CAST($started_at AS TIMESTAMP), CAST($finished_at AS TIMESTAMP)
)
