-- Landed files of a source that no load finished: never tried (the run that landed them died before their
-- turn) or tried only by loads that were interrupted. The next run of the source loads them from the landing
-- zone, also when its inputs no longer hold them. A failed file is not among them (it is tried again when given
-- again); a file a live run is loading is not either (its row is 'running').
SELECT f.file_id, f.sha256, f.stored_path, f.original_name, f.source, f.format
FROM audit.landed_file f
WHERE f.source = %(source)s AND f.format IS NOT NULL
  AND NOT EXISTS (SELECT FROM audit.file_load l WHERE l.file_id = f.file_id AND l.status <> 'interrupted')
ORDER BY f.file_id;
