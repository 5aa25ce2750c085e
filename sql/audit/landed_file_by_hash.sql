SELECT file_id, stored_path, original_name, source, format FROM audit.landed_file WHERE sha256 = %(sha256)s;
