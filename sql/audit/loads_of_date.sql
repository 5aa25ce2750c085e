-- Every load attempt of one load date, oldest first.
SELECT f.original_name, f.format, l.status, l.load_id,
       coalesce(l.rows_read, 0), coalesce(l.rows_loaded, 0), coalesce(l.rows_quarantined, 0),
       coalesce(l.rows_inserted, 0), coalesce(l.rows_updated, 0), coalesce(l.inferred_members, '{}'), l.error,
       extract(epoch FROM l.finished_at - l.started_at)
FROM audit.file_load l
JOIN audit.landed_file f USING (file_id)
WHERE l.load_date = %(load_date)s
ORDER BY l.load_id;
