-- Per calendar month overlapping the period: new dossiers received, dossiers ended (7, 8, 9, 10) and, of
-- those, ended on time by the Biểu 06 rules (before or on the due day; no due date, withdrawn or stopped
-- count as on time). The unit with every unit below it (mart.unit_rollup), days clipped to the period.
WITH scope AS (
    SELECT unit_key, sum(share) AS share
    FROM mart.unit_rollup
    WHERE restated = %(restated)s AND ancestor_unit_code = %(unit_code)s
    GROUP BY unit_key
),
bounds AS (
    SELECT to_char(%(first_day)s::date, 'YYYYMMDD')::integer AS first_key,
           to_char(%(last_day)s::date, 'YYYYMMDD')::integer AS last_key
),
dossier AS (
    SELECT s.share, f.received_date_key, f.status_code, f.timeliness, f.due_date_key,
           CASE WHEN f.status_code IN (7, 8, 9, 10)
                THEN coalesce(f.finished_date_key,
                              to_char(f.source_event_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYYMMDD')::integer)
           END AS end_key
    FROM dw.fact_dossier f
    JOIN scope s USING (unit_key)
    WHERE f.status_code NOT IN (1, 3)
),
event AS (
    SELECT d.received_date_key / 100 AS month_key, d.share AS received, 0 AS resolved, 0 AS on_time
    FROM dossier d CROSS JOIN bounds b
    WHERE d.received_date_key BETWEEN b.first_key AND b.last_key
    UNION ALL
    SELECT d.end_key / 100, 0, d.share,
           CASE WHEN d.status_code IN (7, 8) OR d.timeliness IN ('truoc_han', 'dung_han')
                     OR (d.timeliness IS NULL AND (d.due_date_key IS NULL OR d.end_key <= d.due_date_key))
                THEN d.share ELSE 0 END
    FROM dossier d CROSS JOIN bounds b
    WHERE d.end_key BETWEEN b.first_key AND b.last_key
),
months AS (
    SELECT generate_series(date_trunc('month', %(first_day)s::date), %(last_day)s::date, interval '1 month')::date
        AS month
)
SELECT m.month, coalesce(sum(e.received), 0) AS received, coalesce(sum(e.resolved), 0) AS resolved,
       coalesce(sum(e.on_time), 0) AS on_time
FROM months m
LEFT JOIN event e ON e.month_key = to_char(m.month, 'YYYYMM')::integer
GROUP BY m.month
ORDER BY m.month;
