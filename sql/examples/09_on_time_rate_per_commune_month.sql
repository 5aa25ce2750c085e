-- On-time rate (tỷ lệ giải quyết đúng hạn) per commune (xã, phường, thị trấn) and month: the dossiers a
-- commune resolved (status 9/10) in the month, before / on / after the due day, how many had no due date, and
-- the rate = (trước hạn + đúng hạn) / those judged, in percent with 2 decimals (null when none was judged).
-- Month = local month of the end of processing (finished_on, Asia/Ho_Chi_Minh). Communes as they were on the
-- day of receipt, with their district then (null from 01/07/2025: communes hang under the province); a commune
-- merged on 01/07/2025 keeps its own rows up to then. Reads mart.dossier_detail; change the dates in `period`.
WITH period AS (
    SELECT date '2024-01-01' AS from_day, date '2026-06-30' AS to_day
)
SELECT d.unit_code,
       d.unit_name,
       d.district_name,
       date_trunc('month', d.finished_on)::date AS month,
       count(*) AS da_giai_quyet,
       count(*) FILTER (WHERE d.timeliness = 'truoc_han') AS truoc_han,
       count(*) FILTER (WHERE d.timeliness = 'dung_han') AS dung_han,
       count(*) FILTER (WHERE d.timeliness = 'qua_han') AS qua_han,
       count(*) FILTER (WHERE d.timeliness IS NULL) AS khong_co_ngay_hen_tra,
       round(100.0 * count(*) FILTER (WHERE d.is_on_time) / nullif(count(d.timeliness), 0), 2) AS ty_le_dung_han
FROM mart.dossier_detail d
CROSS JOIN period p
WHERE d.unit_level = 'xa'
  AND d.is_resolved
  AND d.finished_on BETWEEN p.from_day AND p.to_day
GROUP BY d.unit_code, d.unit_name, d.district_name, date_trunc('month', d.finished_on)
ORDER BY month, d.unit_code;
