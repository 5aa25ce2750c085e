-- Mark as interrupted the loads left 'running' by runs that died (killed, connection lost): the file's load lock
-- (lock_file.sql) is free, so no live session is loading it. The try-lock is transaction-level: it is released
-- when this statement commits. A live load keeps its lock and its row. Given a file_id, only that file's loads
-- (its loader holds the lock itself: advisory locks are re-entrant within a session). The error is a format()
-- template given the file name.
WITH running AS MATERIALIZED (
    SELECT load_id, file_id FROM audit.file_load
    WHERE status = 'running' AND (%(file_id)s::bigint IS NULL OR file_id = %(file_id)s::bigint)
)
UPDATE audit.file_load l
SET status = 'interrupted', finished_at = clock_timestamp(), error = format(%(error)s::text, f.original_name)
FROM running r, audit.landed_file f
WHERE l.load_id = r.load_id AND f.file_id = r.file_id AND l.status = 'running'
  AND pg_try_advisory_xact_lock(hashtextextended('audit.file_load:' || r.file_id::text, 14))
RETURNING l.load_id, l.error;
