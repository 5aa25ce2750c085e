-- Per calendar month overlapping the period: new dossiers received, dossiers ended (7, 8, 9, 10) and, of
-- those, ended on time by the Biểu 06 rules (before or on the due day; no due date, withdrawn or stopped
-- count as on time). The unit with every unit below it (mart.unit_rollup), days clipped to the period:
-- mart.dossier_month of the period (its rules there), weighted by share; never dw.fact_dossier.
WITH scope AS (
    SELECT unit_key, sum(share) AS share
    FROM mart.unit_rollup
    WHERE restated = %(restated)s AND ancestor_unit_code = %(unit_code)s
    GROUP BY unit_key
),
event AS (  -- a count of 0 adds a plain 0, as a month without such dossiers did when they were summed one by one
    SELECT m.month,
           CASE WHEN m.nhan_moi <> 0 THEN m.nhan_moi * s.share ELSE 0 END AS received,
           CASE WHEN m.ket_thuc <> 0 THEN m.ket_thuc * s.share ELSE 0 END AS resolved,
           CASE WHEN m.ket_thuc_dung_han <> 0 THEN m.ket_thuc_dung_han * s.share ELSE 0 END AS on_time
    FROM mart.dossier_month m
    JOIN scope s USING (unit_key)
    WHERE m.calendar = %(calendar)s AND m.period_code = %(period_code)s
),
months AS (
    SELECT generate_series(date_trunc('month', %(first_day)s::date), %(last_day)s::date, interval '1 month')::date
        AS month
)
SELECT m.month, coalesce(sum(e.received), 0) AS received, coalesce(sum(e.resolved), 0) AS resolved,
       coalesce(sum(e.on_time), 0) AS on_time
FROM months m
LEFT JOIN event e ON e.month = m.month
GROUP BY m.month
ORDER BY m.month;
