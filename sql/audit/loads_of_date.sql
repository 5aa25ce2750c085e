-- Every load attempt of one load date, oldest first. A row still 'running' whose file's load lock no session
-- holds (lock_file.sql) belongs to a run that died: it reads as 'interrupted' (the next run marks it so; the
-- try-lock is released with this transaction). loaded_later: a later load of the same file finished.
SELECT f.original_name AS file, f.format,
       CASE WHEN l.status = 'running'
                 AND pg_try_advisory_xact_lock(hashtextextended('audit.file_load:' || l.file_id::text, 14))
            THEN 'interrupted' ELSE l.status END AS status,
       l.load_id,
       coalesce(l.rows_read, 0) AS rows_read, coalesce(l.rows_loaded, 0) AS rows_loaded,
       coalesce(l.rows_quarantined, 0) AS rows_quarantined, coalesce(l.rows_inserted, 0) AS rows_inserted,
       coalesce(l.rows_updated, 0) AS rows_updated, coalesce(l.inferred_members, '{}') AS inferred, l.error,
       extract(epoch FROM l.finished_at - l.started_at) AS seconds,
       EXISTS (SELECT FROM audit.file_load later
               WHERE later.file_id = l.file_id AND later.status = 'loaded' AND later.load_id > l.load_id) AS loaded_later
FROM audit.file_load l
JOIN audit.landed_file f USING (file_id)
WHERE l.load_date = %(load_date)s
ORDER BY l.load_id;
