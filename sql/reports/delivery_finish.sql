-- The outcome of an attempt: da_gui (accepted by the SMTP server; error may list recipients it refused)
-- or loi (error says why). message_id stays as recorded at the start: on a loi row it is the e-mail that was
-- attempted, to look for in the mail server's logs when a failure is ambiguous (e.g. a timeout after DATA).
UPDATE audit.report_delivery
SET status = %(status)s::text,
    error = %(error)s::text,
    finished_at = clock_timestamp()
WHERE delivery_id = %(delivery_id)s
  AND status = 'dang_gui'
RETURNING delivery_id, status, finished_at
