-- PAKN (phản ánh, kiến nghị) of a report's scope from dw.fact_petition: the unit and every unit below it,
-- through mart.unit_rollup in the report's reading, weighted by share as dossiers are (a restated split unit).
--   fed: the warehouse holds PAKN of the scope at all; when not, §II.2.3 of the report takes the workbook's
--     figures (etl/reports/sections.py);
--   received: PAKN received in the period (received_date_key);
--   handled: of those, handled by the period's last day; handled_on_time: of those, on or before their due day.
WITH scope AS (
    SELECT unit_key, share
    FROM mart.unit_rollup
    WHERE restated = %(restated)s AND ancestor_unit_code = %(unit_code)s
),
bounds AS (
    SELECT to_char(%(first_day)s::date, 'YYYYMMDD')::integer AS first_key,
           to_char(%(last_day)s::date, 'YYYYMMDD')::integer AS last_key
),
received AS (
    SELECT s.share, p.handled_date_key, p.handled_on_time
    FROM dw.fact_petition p
    JOIN scope s USING (unit_key)
    CROSS JOIN bounds b
    WHERE p.received_date_key BETWEEN b.first_key AND b.last_key
)
SELECT EXISTS (SELECT FROM dw.fact_petition p JOIN scope USING (unit_key)) AS fed,
       coalesce(sum(r.share), 0) AS received,
       coalesce(sum(r.share) FILTER (WHERE r.handled_date_key <= b.last_key), 0) AS handled,
       coalesce(sum(r.share) FILTER (WHERE r.handled_date_key <= b.last_key AND r.handled_on_time), 0)
           AS handled_on_time
FROM bounds b
LEFT JOIN received r ON true
GROUP BY b.last_key;
