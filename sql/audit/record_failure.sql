-- A file that fails before any load starts (no reader recognised it, its landed copy is gone): one failed row.
INSERT INTO audit.file_load (file_id, load_date, status, finished_at, error)
VALUES (%(file_id)s, %(load_date)s, 'failed', clock_timestamp(), %(error)s)
RETURNING load_id;
