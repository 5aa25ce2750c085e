-- How many rows each mart holds for the periods %(calendars)s / %(codes)s (arrays of the same length), as
-- (mart, calendar, period_code, rows); a period without rows in a mart is not listed.
WITH period AS (
    SELECT * FROM unnest(%(calendars)s::text[], %(codes)s::text[]) AS p (calendar, period_code)
)
SELECT 'bieu06', calendar, period_code, count(*) FROM mart.bieu06 JOIN period USING (calendar, period_code)
GROUP BY calendar, period_code
UNION ALL
SELECT 'dossier_counts', calendar, period_code, count(*) FROM mart.dossier_counts JOIN period USING (calendar, period_code)
GROUP BY calendar, period_code
UNION ALL
SELECT 'dossier_month', calendar, period_code, count(*) FROM mart.dossier_month JOIN period USING (calendar, period_code)
GROUP BY calendar, period_code
UNION ALL
SELECT 'cchc_summary', calendar, period_code, count(*) FROM mart.cchc_summary JOIN period USING (calendar, period_code)
GROUP BY calendar, period_code
UNION ALL
SELECT 'kpi_766', 'lich', period_code, count(*) FROM mart.kpi_766
WHERE period_code IN (SELECT period_code FROM period WHERE calendar = 'lich')
GROUP BY period_code;
