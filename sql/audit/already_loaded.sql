SELECT load_id FROM audit.file_load WHERE file_id = %(file_id)s AND status = 'loaded';
