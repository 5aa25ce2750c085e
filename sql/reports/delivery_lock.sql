-- Serialise the deliveries of one e-mail (unit, period, restated, purpose) across processes: a session-level
-- advisory lock (it survives the commits made while sending), released by delivery_unlock.sql or when the session
-- ends.
SELECT pg_advisory_lock(hashtextextended(
    %(unit_code)s::text || '|' || %(period_code)s::text || '|' || %(restated)s::boolean::text
    || '|' || %(purpose)s::text, 6006))
