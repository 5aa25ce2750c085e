-- 0014: a load whose run died is said to be interrupted, never left 'running' for ever.
--
-- Every load of a file holds a session-level advisory lock on the file (sql/audit/lock_file.sql, taken before
-- its 'running' row is written and released once the row says loaded or failed; PostgreSQL releases it when the
-- session ends, also when the process is killed). So a 'running' row whose file's lock nobody holds belongs to a
-- dead run: the next run marks it 'interrupted' (sql/audit/interrupt_dead_loads.sql) and loads the file again;
-- a live load, in another process, keeps its lock and its row. The same lock makes two runs that meet on one
-- file load it once: the second waits, then finds it loaded and skips it.
ALTER TABLE audit.file_load DROP CONSTRAINT file_load_status_check;
ALTER TABLE audit.file_load ADD CONSTRAINT file_load_status_check
    CHECK (status IN ('running', 'loaded', 'failed', 'interrupted'));

COMMENT ON TABLE audit.file_load IS 'One row per attempt to load a landed file; rows_read = rows_loaded + rows_quarantined. status: running (its load holds the file''s advisory load lock, sql/audit/lock_file.sql), loaded, failed, or interrupted (its run died before the end; a later run loads the file again).';
COMMENT ON COLUMN audit.file_load.status IS 'running, loaded, failed, or interrupted: the run died (killed, connection lost) while loading; marked by the next run, which loads the file again.';
