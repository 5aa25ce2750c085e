-- Resolved dossiers (status 9/10, đã giải quyết) finished in a date range, per field (lĩnh vực):
-- how many before the due day (trước hạn), on it (đúng hạn), after it (quá hạn), how many had no due date,
-- and the on-time rate = (trước hạn + đúng hạn) / dossiers with a due date, in percent with 2 decimals.
-- Timeliness compares local calendar days (see the comment on dw.fact_dossier.timeliness).
-- Period: the local day of finished_at (finished_date_key -> dim_date); change the two dates in `period`.
WITH period AS (
    SELECT date '2024-01-01' AS from_day, date '2024-01-31' AS to_day
)
SELECT fl.field_code,
       coalesce(fl.name, '(không rõ lĩnh vực)') AS field_name,
       count(*) AS da_giai_quyet,
       count(*) FILTER (WHERE f.timeliness = 'truoc_han') AS truoc_han,
       count(*) FILTER (WHERE f.timeliness = 'dung_han') AS dung_han,
       count(*) FILTER (WHERE f.timeliness = 'qua_han') AS qua_han,
       count(*) FILTER (WHERE f.timeliness IS NULL) AS khong_co_ngay_hen_tra,
       round(100.0 * count(*) FILTER (WHERE f.timeliness IN ('truoc_han', 'dung_han'))
             / nullif(count(*) FILTER (WHERE f.timeliness IS NOT NULL), 0), 2) AS ty_le_dung_han
FROM dw.fact_dossier f
JOIN dw.dim_status s ON s.status_code = f.status_code
JOIN dw.dim_date d ON d.date_key = f.finished_date_key
CROSS JOIN period p
LEFT JOIN dw.dim_field fl ON fl.field_key = f.field_key
WHERE s.is_resolved
  AND d.full_date BETWEEN p.from_day AND p.to_day
GROUP BY fl.field_code, fl.name
ORDER BY fl.field_code NULLS LAST;
