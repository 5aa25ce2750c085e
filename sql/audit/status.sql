-- cchc status: one row per source (the configured ones, %(sources)s, and every source a file was landed from),
-- as of %(now)s: the last time a file of the source was loaded, the files whose load failed from %(first_day)s
-- to %(last_day)s, the rows quarantined by loaded files on each of those days and in the 7 days before.
-- Days are local days in %(timezone)s, of the moment a load finished (a failed one: started).
WITH source AS (
    SELECT unnest(%(sources)s::text[]) AS source
    UNION
    SELECT DISTINCT source FROM audit.landed_file
), attempt AS (
    SELECT f.source, l.file_id, l.status, l.finished_at, coalesce(l.rows_quarantined, 0) AS rows_quarantined,
           (coalesce(l.finished_at, l.started_at) AT TIME ZONE %(timezone)s)::date AS day
    FROM audit.file_load l
    JOIN audit.landed_file f USING (file_id)
    WHERE coalesce(l.finished_at, l.started_at) <= %(now)s
)
SELECT s.source,
       (SELECT max(a.finished_at) FROM attempt a
        WHERE a.source = s.source AND a.status = 'loaded') AS last_loaded_at,
       (SELECT count(DISTINCT a.file_id) FROM attempt a
        WHERE a.source = s.source AND a.status = 'failed'
          AND a.day BETWEEN %(first_day)s::date AND %(last_day)s::date) AS files_failed,
       ARRAY(SELECT coalesce(sum(a.rows_quarantined), 0)::bigint
             FROM generate_series(%(first_day)s::date, %(last_day)s::date, interval '1 day') AS d(day)
             LEFT JOIN attempt a ON a.source = s.source AND a.status = 'loaded' AND a.day = d.day::date
             GROUP BY d.day
             ORDER BY d.day) AS quarantined_by_day,
       (SELECT coalesce(sum(a.rows_quarantined), 0)::bigint FROM attempt a
        WHERE a.source = s.source AND a.status = 'loaded'
          AND a.day BETWEEN %(first_day)s::date - 7 AND %(first_day)s::date - 1) AS quarantined_before
FROM source s
ORDER BY s.source;
