-- The earlier run that loaded a file with this content (same SHA-256), if any. Binds: $sha256.
SELECT run_id, file_name, CAST(finished_at AS VARCHAR) AS finished_at
FROM ingest_runs
WHERE file_sha256 = $sha256 AND status = 'loaded'
ORDER BY run_id
LIMIT 1
