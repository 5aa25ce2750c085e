-- Register a landed file once per content; a second landing of the same bytes returns the first row.
WITH inserted AS (
    INSERT INTO audit.landed_file (sha256, source, format, original_name, stored_path, size_bytes, metadata)
    VALUES (%(sha256)s, %(source)s, %(format)s, %(original_name)s, %(stored_path)s, %(size_bytes)s, %(metadata)s)
    ON CONFLICT (sha256) DO NOTHING
    RETURNING file_id, stored_path, original_name, source, format
)
SELECT file_id, stored_path, original_name, source, format FROM inserted
UNION ALL
SELECT file_id, stored_path, original_name, source, format FROM audit.landed_file WHERE sha256 = %(sha256)s
LIMIT 1;
