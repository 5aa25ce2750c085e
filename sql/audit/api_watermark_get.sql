-- The watermark of one API source and the last pull that set it (no row: never pulled).
SELECT watermark, last_pull FROM audit.api_watermark WHERE source = %(source)s;
