-- A district (huyện) and each unit below it side by side, for dossiers received in a date range: received,
-- online share, resolved, on-time rate, with a fee and the online-payment rate. The first row is the whole
-- district (its own dossiers and its communes', each dossier once); then one row per unit that received them,
-- the district's own agencies included (depth 0 = the district itself, 1 = a unit that received them).
-- Units as they were on the day of receipt (mart.dossier_detail.district_code: from 01/07/2025 communes hang
-- under the province and belong to no district). The district: the code written in `chosen`; left null, the
-- district with the most dossiers in the range. Change the dates in `chosen`.
-- The official figures by the Biểu 06 rules (carried-over dossiers, the 15th -> 14th cut-off) are in
-- mart.cchc_summary once the period is refreshed (`cchc mart refresh --period nam:2024`).
WITH chosen AS (
    SELECT NULL::text AS district_code,  -- e.g. text '000.00.20.H56'
           date '2024-01-01' AS from_day, date '2024-12-31' AS to_day
), district AS (
    SELECT coalesce(c.district_code,
                    (SELECT d.district_code FROM mart.dossier_detail d
                     WHERE d.district_code IS NOT NULL AND d.received_on BETWEEN c.from_day AND c.to_day
                     GROUP BY d.district_code
                     ORDER BY count(*) DESC, d.district_code
                     LIMIT 1)) AS district_code,
           c.from_day, c.to_day
    FROM chosen c
)
SELECT CASE WHEN grouping(d.unit_code) = 1 THEN 0 ELSE 1 END AS depth,
       CASE WHEN grouping(d.unit_code) = 1 THEN min(d.district_code) ELSE d.unit_code END AS unit_code,
       CASE WHEN grouping(d.unit_code) = 1 THEN min(d.district_name) ELSE min(d.unit_name) END AS unit_name,
       CASE WHEN grouping(d.unit_code) = 1 THEN 'huyen' ELSE min(d.unit_level) END AS unit_level,
       count(*) AS tiep_nhan,
       round(100.0 * count(*) FILTER (WHERE d.channel_code = 2) / count(*), 2) AS ty_le_truc_tuyen,
       count(*) FILTER (WHERE d.is_resolved) AS da_giai_quyet,
       round(100.0 * count(*) FILTER (WHERE d.is_resolved AND d.is_on_time)
             / nullif(count(*) FILTER (WHERE d.is_resolved AND d.timeliness IS NOT NULL), 0), 2) AS ty_le_dung_han,
       count(*) FILTER (WHERE d.has_fee) AS ho_so_co_phi,
       round(100.0 * count(*) FILTER (WHERE d.has_fee AND d.paid_online)
             / nullif(count(*) FILTER (WHERE d.has_fee), 0), 2) AS ty_le_thanh_toan_truc_tuyen
FROM mart.dossier_detail d
JOIN district s ON s.district_code = d.district_code
WHERE d.received_on BETWEEN s.from_day AND s.to_day
GROUP BY GROUPING SETS ((), (d.unit_code))
ORDER BY depth, tiep_nhan DESC, unit_code;
