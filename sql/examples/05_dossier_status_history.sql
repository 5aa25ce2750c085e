-- Status history (lịch sử trạng thái) of one dossier, oldest first: when each status was seen (local time,
-- Asia/Ho_Chi_Minh), its name, the load that recorded it, and which row is the current status of the fact.
-- observed_at is the latest event date of the record that carried the status, not the exact moment of the
-- change. The dossier: the code written in `wanted`; left null, the dossier whose status changed most often
-- (ties: the latest received, then the highest code), so that the query answers on any warehouse.
WITH wanted AS (
    SELECT NULL::text AS dossier_code  -- e.g. text '000.35.27.H56-240108-0005'
), chosen AS (
    SELECT coalesce(
        (SELECT w.dossier_code FROM wanted w),
        (SELECT f.dossier_code
         FROM dw.fact_dossier_status_history h
         JOIN dw.fact_dossier f ON f.dossier_key = h.dossier_key
         GROUP BY f.dossier_code, f.received_at
         ORDER BY count(*) DESC, f.received_at DESC, f.dossier_code DESC
         LIMIT 1)) AS dossier_code
)
SELECT f.dossier_code,
       h.observed_at AT TIME ZONE 'Asia/Ho_Chi_Minh' AS observed_local,
       h.status_code,
       s.name AS status_name,
       h.load_id,
       row_number() OVER (ORDER BY h.observed_at DESC, h.load_id DESC) = 1 AS is_current
FROM chosen c
JOIN dw.fact_dossier f ON f.dossier_code = c.dossier_code
JOIN dw.fact_dossier_status_history h ON h.dossier_key = f.dossier_key
JOIN dw.dim_status s ON s.status_code = h.status_code
ORDER BY h.observed_at, h.load_id;
