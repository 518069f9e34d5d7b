-- The earlier run that loaded a file with this content, if any: the same SHA-256, or (checked first,
-- so an unchanged file is not read again) the same path, size and modification time.
-- Binds: $sha256 (NULL when not computed yet), $file_name, $file_size, $file_mtime_ns.
SELECT run_id, file_sha256, CAST(finished_at AS VARCHAR) AS finished_at
FROM ingest_runs
WHERE status = 'loaded'
  AND (
    file_sha256 = $sha256
    OR (file_name = $file_name AND file_size = $file_size AND file_mtime_ns = $file_mtime_ns)
  )
ORDER BY run_id
LIMIT 1
