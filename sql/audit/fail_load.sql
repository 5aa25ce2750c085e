UPDATE audit.file_load
SET status = 'failed', finished_at = clock_timestamp(), rows_read = %(rows_read)s, error = %(error)s
WHERE load_id = %(load_id)s;
