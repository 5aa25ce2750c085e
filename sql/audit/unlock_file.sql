-- Release the load lock taken by lock_file.sql (the same key).
SELECT pg_advisory_unlock(hashtextextended('audit.file_load:' || %(file_id)s::text, 14));
