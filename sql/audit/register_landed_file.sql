-- Register a landed file once per content; a second landing of the same bytes returns the first row, also when
-- another run registers it at the same moment (DO UPDATE waits for that run and sees its row, where DO NOTHING
-- would return nothing; the update changes no value).
INSERT INTO audit.landed_file AS f (sha256, source, format, original_name, stored_path, size_bytes, metadata)
VALUES (%(sha256)s, %(source)s, %(format)s, %(original_name)s, %(stored_path)s, %(size_bytes)s, %(metadata)s)
ON CONFLICT (sha256) DO UPDATE SET sha256 = f.sha256
RETURNING file_id, stored_path, original_name, source, format;
