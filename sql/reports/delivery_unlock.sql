-- Release the lock taken by delivery_lock.sql (same key).
SELECT pg_advisory_unlock(hashtextextended(
    %(unit_code)s::text || '|' || %(period_code)s::text || '|' || %(restated)s::boolean::text
    || '|' || %(purpose)s::text, 6006))
