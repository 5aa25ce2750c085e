-- Wait for, then hold, the load lock of one landed file (session level: it outlives the load's transaction and
-- is released by unlock_file.sql, or by PostgreSQL when the session ends, however the process ends). One load of
-- a file at a time; a 'running' row whose lock nobody holds belongs to a dead run (interrupt_dead_loads.sql).
SELECT pg_advisory_lock(hashtextextended('audit.file_load:' || %(file_id)s::text, 14));
