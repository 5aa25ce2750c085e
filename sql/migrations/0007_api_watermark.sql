-- 0007: incremental pulls from provincial HTTP APIs (etl/extract.py, docs/formats.md §6).
-- audit.api_watermark: per source, the latest modification time (NgayCapNhat) of the dossiers of the last
-- pull whose file was loaded. The next pull asks for everything modified since this time minus a safety
-- margin; a pull that fails, or whose file fails to load, leaves it unchanged.

CREATE TABLE audit.api_watermark (
    source      text        PRIMARY KEY,
    watermark   timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    last_pull   jsonb
);
COMMENT ON TABLE audit.api_watermark IS 'Per API source (config/sources.yaml, key api): up to when dossiers were pulled and loaded. Advanced only after the pulled file is loaded; never moves backwards.';
COMMENT ON COLUMN audit.api_watermark.watermark IS 'Latest NgayCapNhat (modification time) among the dossiers of the last loaded pull.';
COMMENT ON COLUMN audit.api_watermark.last_pull IS 'The last loaded pull: {"since", "file", "pages", "requests", "retries", "records", "dossiers", "seconds"}.';
