-- Online share trend (tỷ lệ hồ sơ trực tuyến) per month: for the province (level tinh, every dossier of it)
-- and for each district (level huyen: its own dossiers and its communes'), the dossiers received in the month,
-- those received online (channel 2, trực tuyến) and the share in percent with 2 decimals (a plain share, not the
-- 766 score). Units as they were on the day of receipt: from 01/07/2025 communes hang under the province, so
-- their dossiers count in the province's row and in the row "(không thuộc huyện)" (unit_code null) with the
-- province's own agencies. For the districts of today use district_code_today instead.
-- Month = local month of receipt. Reads mart.dossier_detail; change the dates in `period`.
WITH period AS (
    SELECT date '2024-01-01' AS from_day, date '2026-06-30' AS to_day
)
SELECT date_trunc('month', d.received_on)::date AS month,
       CASE WHEN grouping(d.district_code) = 1 THEN 'tinh' ELSE 'huyen' END AS level,
       CASE WHEN grouping(d.district_code) = 1 THEN d.province_code ELSE d.district_code END AS unit_code,
       CASE WHEN grouping(d.district_code) = 1 THEN d.province_name
            ELSE coalesce(d.district_name, '(không thuộc huyện)') END AS unit_name,
       count(*) AS tiep_nhan,
       count(*) FILTER (WHERE d.channel_code = 2) AS truc_tuyen,
       round(100.0 * count(*) FILTER (WHERE d.channel_code = 2) / count(*), 2) AS ty_le_truc_tuyen
FROM mart.dossier_detail d
CROSS JOIN period p
WHERE d.received_on BETWEEN p.from_day AND p.to_day
  AND d.province_code IS NOT NULL  -- inferred units (not in the unit list) belong to no province yet
GROUP BY GROUPING SETS ((date_trunc('month', d.received_on), d.province_code, d.province_name),
                        (date_trunc('month', d.received_on), d.province_code, d.province_name,
                         d.district_code, d.district_name))
ORDER BY month, grouping(d.district_code) DESC, d.district_code NULLS LAST;
