UPDATE audit.file_load
SET status = 'loaded', finished_at = clock_timestamp(),
    rows_read = %(rows_read)s, rows_loaded = %(rows_loaded)s, rows_quarantined = %(rows_quarantined)s,
    rows_inserted = %(rows_inserted)s, rows_updated = %(rows_updated)s, inferred_members = %(inferred_members)s
WHERE load_id = %(load_id)s;
