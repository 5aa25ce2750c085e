-- Online dossiers (channel 2, trực tuyến) of procedures that offered no online public service on the day the
-- dossier was received (online_level_at_receipt khong: the catalogue says "không") or whose online level is not
-- known (null: the procedure is not in the catalogue yet, an inferred member). Either the channel or the
-- catalogue is wrong: each row is a question for the unit or for whoever keeps the catalogue (the QĐ 766 data
-- note truc_tuyen_khong_dvctt counts the first kind). One row per procedure: the level, how many such dossiers,
-- at how many units, the first and last local day of receipt, up to five dossier codes.
-- Reads mart.dossier_detail; change the dates in `period`.
WITH period AS (
    SELECT date '2024-01-01' AS from_day, date '2026-06-30' AS to_day
)
SELECT d.procedure_code,
       d.procedure_name,
       coalesce(d.online_level_at_receipt, 'khong_ro') AS online_level_at_receipt,
       count(*) AS ho_so_truc_tuyen,
       count(DISTINCT d.unit_code) AS unit_count,
       min(d.received_on) AS first_received_on,
       max(d.received_on) AS last_received_on,
       (array_agg(d.dossier_code ORDER BY d.dossier_code))[1:5] AS example_dossier_codes
FROM mart.dossier_detail d
CROSS JOIN period p
WHERE d.channel_code = 2
  AND (d.online_level_at_receipt = 'khong' OR d.online_level_at_receipt IS NULL)
  AND d.received_on BETWEEN p.from_day AND p.to_day
GROUP BY d.procedure_code, d.procedure_name, d.online_level_at_receipt
ORDER BY ho_so_truc_tuyen DESC, d.procedure_code;
