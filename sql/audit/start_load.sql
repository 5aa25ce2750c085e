INSERT INTO audit.file_load (file_id, load_date, status)
VALUES (%(file_id)s, %(load_date)s, 'running')
RETURNING load_id;
