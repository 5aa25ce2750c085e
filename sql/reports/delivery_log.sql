-- The delivery log, newest first, optionally for one unit and/or one period (NULL = all).
SELECT delivery_id, unit_code, period_code, restated, purpose, status, forced, recipients, files, message_id, error,
       started_at, finished_at
FROM audit.report_delivery
WHERE (%(unit_code)s::text IS NULL OR unit_code = %(unit_code)s::text)
  AND (%(period_code)s::text IS NULL OR period_code = %(period_code)s::text)
ORDER BY started_at DESC, delivery_id DESC
