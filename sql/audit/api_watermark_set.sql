-- Advance the watermark of one API source after its pulled file was loaded; it never moves backwards.
INSERT INTO audit.api_watermark AS w (source, watermark, last_pull)
VALUES (%(source)s, %(watermark)s, %(last_pull)s)
ON CONFLICT (source) DO UPDATE SET
    watermark = greatest(w.watermark, EXCLUDED.watermark),
    last_pull = EXCLUDED.last_pull,
    updated_at = now()
RETURNING watermark;
